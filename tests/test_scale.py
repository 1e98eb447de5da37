"""The corpus-scale paths give what the one-pass paths give: linking in slices of
documents, cell access by label, shared strings, reconciliation on the keyed subset."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from checker import columns as C
from checker.frames import Cells, categorize, compact
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


# (1, 2): 20 slices, more than one pool of workers (16 slices each) in turn
@pytest.mark.parametrize(("per_slice", "jobs"), [(1, 1), (3, 1), (3, 2), (1, 2)])
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
    categorical = categorize(shuffled.copy())  # read from codes, not an object array
    for frame in (claims, shuffled, categorical):
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


def _audit_record(result) -> tuple:
    findings = [(f.id, f.rule, f.severity, f.message, f.evidence, f.values)
                for f in result.findings]
    return findings, result.timelines


def test_an_audit_of_categorical_claims_gives_the_findings_of_plain_ones(generated) -> None:
    """run_audit turns the claims' string columns into categoricals (frames.categorize);
    every stage must read them as it reads strings: same findings, timelines, order."""
    from checker.audit import audit_claims
    from checker.frames import categorize

    ex = generated
    params = rule_params({})
    plain = audit_claims(ex.documents, ex.claims, params, engine="gx")
    claims = categorize(ex.claims.copy())
    assert isinstance(claims[C.DOC].dtype, pd.CategoricalDtype)
    assert isinstance(claims[C.QUOTE].dtype, pd.CategoricalDtype)
    release_caches()
    cat = audit_claims(ex.documents, claims, params, engine="gx")
    assert plain.findings and any(t["status"] == "on_track" for t in plain.timelines)
    assert _audit_record(cat) == _audit_record(plain)
    for column in claims.columns:  # the values themselves are untouched
        pd.testing.assert_series_equal(claims[column].astype(ex.claims[column].dtype),
                                       ex.claims[column])


def test_mapped_gives_plain_values_ordered_as_the_new_values() -> None:
    from checker.frames import mapped

    column = pd.Series(["b", "a", "c", "a"], dtype="str").astype("category")
    order = {"a": 2, "b": 0, "c": 1}
    out = mapped(column, order)
    assert out.tolist() == [0, 2, 1, 2]
    assert not isinstance(out.dtype, pd.CategoricalDtype)
    assert out.sort_values().tolist() == [0, 1, 2, 2]


def test_the_audit_keeps_the_comparisons_of_its_findings_only(generated) -> None:
    from checker.audit import audit_claims

    ex = generated
    result = audit_claims(ex.documents, ex.claims, rule_params({}), engine="gx")
    cross = [f for f in result.findings if not f.rule.startswith("ARITH")]
    assert cross
    assert 0 < len(result.comparisons) <= len(cross) + sum(
        len(f.evidence) for f in cross)  # a paragraph's cluster is one finding
    assert all(c.rule in {f.rule for f in cross} for c in result.comparisons.values())


def test_reconciliation_frame_is_the_row_by_row_frame(generated) -> None:
    """to_frame fills typed arrays; the frame is the one a dict per comparison gives."""
    import math

    from checker.frames import categorize
    from checker.reconcile.checks import check_id, to_frame

    ex = generated
    docs = {d.id: d for d in ex.documents}
    for claims in (ex.claims, categorize(ex.claims.copy())):
        k = keyed(claims, docs)
        comparisons = compare(claims, docs, rule_params({}))
        frame, by_id = to_frame(comparisons, k)
        rows: dict[str, dict] = {}
        for comp in comparisons:
            a, o, subject = comp.acceptable, comp.observed, k.loc[comp.subject]
            rows.setdefault(check_id(comp, k), {
                C.CHECK_ID: check_id(comp, k), C.RULE: comp.rule, C.RELATION: comp.relation,
                **{c: str(subject[c]) for c in (C.DOC, C.INDICATOR, C.REGION, C.PERIOD,
                                                C.UNIT)},
                C.STATED_VALUE: a.point, C.STATED_LOW: a.lo, C.STATED_HIGH: a.hi,
                C.STATED_TRUNC_LOW: a.lo, C.STATED_TRUNC_HIGH: a.hi, C.COMPUTED_POINT: o.point,
                C.COMPUTED_LOW: o.lo, C.COMPUTED_HIGH: o.hi, C.ALT_LOW: math.nan,
                C.ALT_HIGH: math.nan})
        expected = pd.DataFrame(list(rows.values()), columns=list(C.CHECK_COLUMNS)).astype(
            C.CHECK_DTYPES)
        assert len(frame) > 100 and list(by_id) == list(rows)
        pd.testing.assert_frame_equal(frame, expected)


def test_cells_of_a_subset_raise_for_a_label_not_in_it() -> None:
    claims = _seeds().claims
    subset = claims.iloc[::3]  # labels 0, 3, 6 …: a dense label → position table
    cells = Cells(subset, (C.QUOTE,))
    assert cells.get(3, C.QUOTE) == claims.loc[3, C.QUOTE]
    for missing in (1, len(claims) + 5, -1):
        with pytest.raises(KeyError):
            cells.get(missing, C.QUOTE)
