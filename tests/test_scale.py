"""The corpus-scale paths give what the one-pass paths give: linking in slices of
documents, cell access by label, shared strings, reconciliation on the keyed subset."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from checker import columns as C
from checker.frames import Cells, compact
from checker.link import link_all, release_caches
from checker.link.corpus import document_slices, link_corpus
from checker.pipeline import extract_paths
from checker.reconcile.comparisons import compare
from checker.reconcile.keys import keyed, reconcilable
from checker.rules import rule_params

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@cache
def _seeds():
    return extract_paths([SEEDS])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """20 documents of the benchmark's generator (5 regions × 1 year: report + 3 bulletins)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    folder = tmp_path_factory.mktemp("gen") / "gen-20"
    generate.generate(20, folder, 1, 0.05)
    return extract_paths([folder])


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(C.CHECK_ID).reset_index(drop=True)


@pytest.mark.parametrize(("per_slice", "jobs"), [(1, 1), (3, 1), (3, 2)])
def test_linking_in_slices_of_documents_gives_the_checks_of_one_pass(generated, per_slice,
                                                                     jobs) -> None:
    """Also in forked workers (jobs 2), whose checks come back pickled."""
    ex = generated
    texts = {d.id: d.text for d in ex.documents}
    whole = link_all(ex.claims, texts, rule_params({}))
    release_caches()
    sliced = link_corpus(ex.claims, texts, rule_params({}), docs_per_slice=per_slice,
                         jobs=jobs, flagged_only=False)
    assert len(whole.frame) > 500
    pd.testing.assert_frame_equal(_sorted(whole.frame), _sorted(sliced.frame))
    assert whole.relations == sliced.relations
    assert whole.intervals == sliced.intervals


def test_document_slices_keep_whole_documents_labels_and_order() -> None:
    claims = _seeds().claims
    parts = document_slices(claims, 2)
    assert len(parts) == 3  # five seeds, two a slice
    assert [set(p[C.DOC]) for p in parts] == [
        set(pd.unique(claims[C.DOC])[i: i + 2]) for i in (0, 2, 4)]
    joined = pd.concat(parts)
    assert sorted(joined.index) == list(claims.index)
    for part in parts:
        assert list(part.index) == sorted(part.index)


def test_cells_give_what_loc_gives() -> None:
    claims = _seeds().claims
    shuffled = claims.sample(frac=1.0, random_state=3)  # labels no longer positions
    for frame in (claims, shuffled):
        cells = Cells(frame, frame.columns)
        for row in (0, 7, len(frame) // 2, len(frame) - 1):
            expected = frame.loc[row].to_dict()
            got = cells.record(row)
            assert {k: v for k, v in got.items() if v == v} == {
                k: v for k, v in expected.items() if v == v and v is not pd.NA}


def test_compact_keeps_values_and_shares_equal_strings() -> None:
    claims = _seeds().claims.copy()
    before = claims.copy()
    compact(claims)
    pd.testing.assert_frame_equal(claims, before)
    units = claims[C.UNIT].to_numpy()
    assert len({id(u) for u in units}) == claims[C.UNIT].nunique()


def test_reconciliation_reads_only_the_reconcilable_claims() -> None:
    ex = _seeds()
    docs = {d.id: d for d in ex.documents}
    k = keyed(ex.claims, docs)
    assert list(k.index) == list(ex.claims.index[reconcilable(ex.claims)])
    used = {row for comp in compare(ex.claims, docs, rule_params({})) for row in comp.rows}
    assert used and used <= set(k.index)


def test_side_tables_are_kept_for_the_flagged_checks_and_findings_do_not_change(
        generated) -> None:
    from checker.audit import audit_claims
    from checker.link import link_all
    from checker.rules.engine import verdicts

    ex = generated
    texts = {d.id: d.text for d in ex.documents}
    params = rule_params({})
    whole = link_all(ex.claims, texts, params)
    release_caches()
    pruned = link_corpus(ex.claims, texts, params, docs_per_slice=3, jobs=1)
    flagged = set(verdicts(whole.frame, params, engine="gx")[C.CHECK_ID])
    assert flagged and set(pruned.relations) == flagged
    assert len(pruned.frame) == len(whole.frame) > 10 * len(flagged)
    # the audit's findings: the same as from the full side tables
    findings = audit_claims(ex.documents, ex.claims, params, engine="gx").findings
    assert {f.rule for f in findings} >= {"ARITH-RATIO", "ARITH-SUM"}
    expected = {f.id for f in findings if f.rule.startswith("ARITH")}
    from checker.findings import build_findings

    judged = verdicts(whole.frame, params, engine="gx")
    assert {f.id for f in build_findings(judged, whole, ex.claims, params)} == expected
