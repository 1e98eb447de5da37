"""Reading and writing the store's records: documents and their versions, claims, runs.

Documents are append-only. A document is known by its content (sha256): storing the same
content again is a no-op wherever it lies. New content at a path already stored is a new
version that *supersedes* the one before; the old version and its claims stay. The
*current* corpus is every version no other version supersedes.

A document's claims and detected metadata are derived from its text by an extractor,
recorded by fingerprint (``checker.provenance``); when the extractor changes, a current
version's are replaced in place (``replace_extraction``). Superseded versions keep theirs.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from checker import columns as C
from checker.frames import compact
from checker.models import DocKind, Document, Metadata
from checker.provenance import Extractor
from checker.store.migrations import CLAIMS_0001

if TYPE_CHECKING:
    import duckdb

_CURRENT = "version NOT IN (SELECT supersedes FROM documents WHERE supersedes IS NOT NULL)"
_STORED_CLAIMS = [name for name, _ in CLAIMS_0001]
_DOC_COLUMNS = ("version, id, sha256, path, kind, region, year, period, title, published, "
                "source_format, encoding, meta_source")


def path_key(path: str) -> str:
    """The key of a version chain: the path as given, normalised (``./a/../b`` → ``b``)."""
    return os.path.normpath(path).replace(os.sep, "/")


@dataclass(frozen=True)
class StoredDoc:
    version: int
    document: Document


def _metadata_columns(documents: Sequence[Document]) -> dict[str, object]:
    """The documents table's metadata columns (written at ingest and again when a
    re-extraction detects the metadata anew)."""
    return {
        "kind": [d.meta.kind.value for d in documents],
        "region": [d.meta.region for d in documents],
        "year": pd.array([d.meta.year for d in documents], dtype="Int64"),
        "period": [d.meta.period for d in documents],
        "title": [d.meta.title for d in documents],
        "published": [d.meta.published for d in documents],
        "meta_source": [json.dumps(d.meta_source, ensure_ascii=False) for d in documents],
    }


class Repository:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    # --- documents -------------------------------------------------------------------
    def known_shas(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM documents").fetchall()}

    def current_at(self, keys: Iterable[str]) -> dict[str, tuple[int, str]]:
        """path_key → (version, sha256) of the current version stored there."""
        keys = list(keys)
        if not keys:
            return {}
        rows = self.con.execute(
            f"SELECT path_key, version, sha256 FROM documents WHERE {_CURRENT} "
            "AND path_key IN (SELECT unnest(?))", [keys]).fetchall()
        return {k: (v, s) for k, v, s in rows}

    def next_number(self, table: str, column: str) -> int:
        return int(self.con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}")
                   .fetchall()[0][0])

    def add_documents(self, documents: Sequence[Document], claims: pd.DataFrame,
                      ingest: int, supersedes: dict[str, int], extraction: str
                      ) -> dict[str, int]:
        """Insert documents (not yet stored) and their claims, extracted by the extractor
        ``extraction`` (a fingerprint); returns doc id → version."""
        first = self.next_number("documents", "version")
        versions = {d.id: first + i for i, d in enumerate(documents)}
        rows = pd.DataFrame({
            "version": [versions[d.id] for d in documents],
            "id": [d.id for d in documents],
            "sha256": [d.sha256 for d in documents],
            "path": [d.path for d in documents],
            "path_key": [path_key(d.path) for d in documents],
            "supersedes": pd.array([supersedes.get(d.id) for d in documents], dtype="Int64"),
            **_metadata_columns(documents),
            "source_format": [d.source_format for d in documents],
            "encoding": [d.encoding for d in documents],
            "text": [d.text for d in documents],
            "chars": [len(d.text) for d in documents],
            "ingest": ingest,
            "extraction": extraction,
        })
        with self._registered("_new_documents", rows):
            self.con.execute(
                "INSERT INTO documents (version, id, sha256, path, path_key, supersedes, kind,"
                " region, year, period, title, published, source_format, encoding, "
                "meta_source, text, chars, ingested_at, ingest, extraction, extracted_in) "
                "SELECT version, id, sha256, path, path_key, supersedes, kind, region, year, "
                "period, title, published, source_format, encoding, meta_source, text, chars, "
                "current_timestamp, ingest, extraction, ingest FROM _new_documents")
        self._insert_claims(claims, versions)
        return versions

    @contextlib.contextmanager
    def _registered(self, name: str, frame: pd.DataFrame) -> Iterator[None]:
        """``frame`` readable as the table ``name`` by the statements in the block (DuckDB
        scans it in place; the name is dropped however the block ends)."""
        self.con.register(name, frame)
        try:
            yield
        finally:
            self.con.unregister(name)

    def _insert_claims(self, claims: pd.DataFrame, versions: dict[str, int]) -> None:
        """The claims of the documents in ``versions`` (doc id → version)."""
        from checker.reconcile.keys import region_key

        frame = claims[claims[C.DOC].isin(versions)]
        if not len(frame):
            return
        frame = frame.reindex(columns=_STORED_CLAIMS)
        frame.insert(0, "region_key", frame[C.REGION].map(region_key))
        frame.insert(0, "version", frame[C.DOC].map(versions).astype("int64"))
        with self._registered("_new_claims", frame):
            cols = ", ".join(f'"{c}"' for c in ["version", "region_key", *_STORED_CLAIMS])
            self.con.execute(f"INSERT INTO claims ({cols}) SELECT {cols} FROM _new_claims")

    # --- provenance (checker.provenance) ---------------------------------------------
    def record_extractor(self, extractor: Extractor) -> None:
        self.con.execute("INSERT OR IGNORE INTO extractors VALUES (?, ?, ?, ?, "
                         "current_timestamp)", [extractor.fingerprint, extractor.version,
                                                extractor.code, extractor.aliases])

    def stale(self, fingerprint: str, versions: Iterable[int] | None = None
              ) -> dict[str | None, list[int]]:
        """The versions (default: the current ones) whose claims another extractor
        produced, by that extractor's fingerprint (None: stored before extractors were
        recorded)."""
        if versions is None:
            where, args = _CURRENT, [fingerprint]
        else:
            where, args = "version IN (SELECT unnest(?))", [sorted(versions), fingerprint]
        out: dict[str | None, list[int]] = {}
        for version, extraction in self.con.execute(
                f"SELECT version, extraction FROM documents WHERE {where} AND extraction "
                "IS DISTINCT FROM ? ORDER BY version", args).fetchall():
            out.setdefault(extraction, []).append(version)
        return out

    def extractors(self) -> dict[str, Extractor]:
        return {r[0]: Extractor(*r) for r in self.con.execute(
            "SELECT fingerprint, version, code, aliases FROM extractors").fetchall()}

    def replace_extraction(self, redone: Sequence[StoredDoc], claims: pd.DataFrame,
                           ingest: int, extraction: str) -> None:
        """Stored versions re-extracted: their detected metadata and claims replaced by
        ``redone``'s and ``claims``, marked as extracted by ``extraction`` in ``ingest``."""
        if not redone:
            return
        docs = [s.document for s in redone]
        rows = pd.DataFrame({
            "version": [s.version for s in redone],
            **_metadata_columns(docs),
        })
        with self._registered("_redone", rows):
            self.con.execute(
                "UPDATE documents SET kind = r.kind, region = r.region, year = r.year, "
                "period = r.period, title = r.title, published = r.published, "
                "meta_source = r.meta_source, extraction = ?, extracted_in = ? "
                "FROM _redone r WHERE documents.version = r.version", [extraction, ingest])
            self.con.execute("DELETE FROM claims WHERE version IN "
                             "(SELECT version FROM _redone)")
            self.con.execute("DELETE FROM claims_csv WHERE version IN "
                             "(SELECT version FROM _redone)")
        self._insert_claims(claims, {s.document.id: s.version for s in redone})

    def versions_of(self, shas: Iterable[str]) -> dict[str, int]:
        """doc id → version of the stored documents with these contents."""
        return dict(self.con.execute("SELECT id, version FROM documents WHERE sha256 IN "
                                     "(SELECT unnest(?))", [list(shas)]).fetchall())

    def current_versions(self) -> dict[int, str]:
        """version → document id of the current corpus."""
        return dict(self.con.execute(
            f"SELECT version, id FROM documents WHERE {_CURRENT} ORDER BY version").fetchall())

    def documents(self, versions: Iterable[int] | None = None, *,
                  text: bool = True) -> list[StoredDoc]:
        """Documents of the given versions (default: the current corpus), by version."""
        cols = _DOC_COLUMNS + (", text" if text else "")
        if versions is None:
            sql, args = f"SELECT {cols} FROM documents WHERE {_CURRENT}", []
        else:
            sql = f"SELECT {cols} FROM documents WHERE version IN (SELECT unnest(?))"
            args = [sorted(set(versions))]
        rows = self.con.execute(sql + " ORDER BY version", args).fetchall()
        return [StoredDoc(r[0], _document(r, r[13] if text else "")) for r in rows]

    def text_lengths(self, versions: Iterable[int]) -> dict[str, int]:
        """doc id → its text's length (characters), for documents read without text."""
        return dict(self.con.execute(
            "SELECT id, chars FROM documents WHERE version IN (SELECT unnest(?))",
            [sorted(set(versions))]).fetchall())

    def claims(self, versions: Iterable[int] | None = None,
               columns: Sequence[str] | None = None, *,
               categorical: bool = False) -> pd.DataFrame:
        """The claims frame (checker.columns) of the given versions (default: current);
        with ``columns``, only those columns (stored ones; a few are read much faster).

        ``categorical``: string columns as categoricals (``frames.categorize``), read a
        few hundred versions at a time: neither DuckDB's sorted result nor the Python
        strings of a whole corpus's claims are ever in memory at once (at 10,000
        documents those are GBs; the categorical frame is ~0.3 GB)."""
        names = [c for c in _STORED_CLAIMS if columns is None or c in columns]
        cols = ", ".join(f'c."{c}"' for c in names)
        if categorical:
            return self._claims_batched(sorted(set(
                self.current_versions() if versions is None else versions)), cols, columns)
        if versions is None:
            sql = (f"SELECT {cols} FROM claims c WHERE c.{_CURRENT} "
                   "ORDER BY c.version, c.start, c.\"end\"")
            return _claims_frame(self.con.execute(sql).df(), columns)
        with self._registered("_versions", pd.DataFrame({"v": sorted(set(versions))})):
            sql = (f"SELECT {cols} FROM claims c JOIN _versions ON c.version = _versions.v "
                   "ORDER BY c.version, c.start, c.\"end\"")
            return _claims_frame(self.con.execute(sql).df(), columns)

    def _claims_batched(self, versions: list[int], cols: str,
                        columns: Sequence[str] | None) -> pd.DataFrame:
        from checker.frames import categorize, concat_categorized

        parts = []
        for i in range(0, len(versions), _BATCH_VERSIONS):
            batch = versions[i:i + _BATCH_VERSIONS]
            with self._registered("_versions", pd.DataFrame({"v": batch})):
                # the range lets DuckDB skip the row groups of other versions
                sql = (f"SELECT {cols} FROM claims c JOIN _versions ON c.version = _versions.v"
                       " WHERE c.version BETWEEN ? AND ? ORDER BY c.version, c.start, c.\"end\"")
                frame = self.con.execute(sql, [batch[0], batch[-1]]).df()
            parts.append(categorize(_claims_typed(frame, columns)))  # categoricals share strings
        if not parts:
            return categorize(_claims_typed(pd.DataFrame(columns=_STORED_CLAIMS), columns))
        return concat_categorized(parts)

    def claims_sharing_keys(self, keys: pd.DataFrame, exclude_paths: Iterable[str],
                            exclude_ids: Iterable[str]) -> tuple[pd.DataFrame, list[int]]:
        """Current claims whose (region_key, indicator, year) is among ``keys``' rows, but
        not of the documents at ``exclude_paths`` (being re-issued) or ``exclude_ids``;
        also the versions they come from."""
        keys = keys.drop_duplicates().reset_index(drop=True)
        if keys.empty:
            return _claims_frame(pd.DataFrame(columns=_STORED_CLAIMS)), []
        cols = ", ".join(f'c."{c}"' for c in _STORED_CLAIMS)
        with self._registered("_keys", keys):
            frame = self.con.execute(
                f"SELECT c.version AS _version, {cols} FROM claims c "
                "JOIN _keys k ON c.region_key = k.region_key AND c.indicator = k.indicator "
                "AND c.year = k.year "
                "JOIN documents d ON d.version = c.version "
                f"WHERE d.{_CURRENT} AND d.path_key NOT IN (SELECT unnest(?)) "
                "AND d.id NOT IN (SELECT unnest(?)) ORDER BY c.version, c.start, c.\"end\"",
                [list(exclude_paths) or [""], list(exclude_ids) or [""]]).df()
        versions = sorted(set(frame.pop("_version").tolist()))
        return _claims_frame(frame), versions

    def stale_touching(self, fingerprint: str, regions: set[str],
                       exclude_paths: Iterable[str], exclude_ids: Iterable[str]
                       ) -> list[StoredDoc]:
        """Current documents (with their texts) whose claims another extractor produced
        and whose fresh claims could be about one of ``regions`` (region keys): their
        stored claims are, their own region is, or their text names the region (a claim's
        region is the document's or one named in its text)."""
        from checker.reconcile.keys import region_key

        if not regions:
            return []
        keys = sorted(regions)
        named = " OR ".join("contains(d.text, ?)" for _ in keys)
        rows = self.con.execute(
            f"SELECT d.version, d.region, d.version IN (SELECT version FROM claims WHERE "
            f"region_key IN (SELECT unnest(?))) OR {named} FROM documents d "
            f"WHERE d.{_CURRENT} AND d.extraction IS DISTINCT FROM ? "
            "AND d.path_key NOT IN (SELECT unnest(?)) AND d.id NOT IN (SELECT unnest(?))",
            [keys, *keys, fingerprint, list(exclude_paths) or [""],
             list(exclude_ids) or [""]]).fetchall()
        versions = [v for v, region, hit in rows if hit or region_key(region) in regions]
        return self.documents(versions) if versions else []

    # --- claims.csv carried between audits (checker.store.claims_csv) -----------------
    def csv_blocks(self, fmt: str, versions: Iterable[int]) -> dict[int, tuple[int, bytes]]:
        """version → (rows, compressed CSV lines) stored in format ``fmt``."""
        return {v: (n, bytes(body)) for v, n, body in self.con.execute(
            "SELECT version, rows, body FROM claims_csv WHERE format = ? AND version IN "
            "(SELECT unnest(?))", [fmt, sorted(set(versions))]).fetchall()}

    def keep_csv_blocks(self, fmt: str, blocks: dict[int, tuple[int, bytes]],
                        current: Iterable[int]) -> None:
        """Store ``blocks``; drop blocks of versions no longer current or of another
        format (they would never be used again)."""
        self.con.execute("DELETE FROM claims_csv WHERE format <> ? OR version NOT IN "
                         "(SELECT unnest(?)) OR version IN (SELECT unnest(?))",
                         [fmt, sorted(set(current)), sorted(blocks)])
        if not blocks:
            return
        rows = pd.DataFrame({"version": pd.array(list(blocks), dtype="int64"),
                             "format": fmt,
                             "rows": pd.array([n for n, _ in blocks.values()], dtype="int64"),
                             "body": [b for _, b in blocks.values()]})
        with self._registered("_csv", rows):
            self.con.execute("INSERT INTO claims_csv SELECT version, format, rows, body "
                             "FROM _csv")

    def score_blobs(self, fmt: str) -> dict[str, str]:
        """audit.html's scoreboard blobs kept by the last audit in format ``fmt``, by key."""
        return dict(self.con.execute("SELECT key, blob FROM score_blobs WHERE format = ?",
                                     [fmt]).fetchall())

    def keep_score_blobs(self, fmt: str, blobs: dict[str, str]) -> None:
        """Replace the kept blobs with ``blobs`` (those the last page used)."""
        self.con.execute("DELETE FROM score_blobs")
        if not blobs:
            return
        kept = pd.DataFrame({"format": fmt, "key": list(blobs), "blob": list(blobs.values())})
        with self._registered("_sb", kept):
            self.con.execute("INSERT INTO score_blobs SELECT format, key, blob FROM _sb")

    def region_keys(self, versions: Iterable[int] | None = None) -> dict[int, set[str]]:
        """version → the named regions its claims are about (and its own region)."""
        where = f"WHERE {_CURRENT}" if versions is None else \
            "WHERE version IN (SELECT unnest(?))"
        args = [] if versions is None else [sorted(set(versions))]
        out: dict[int, set[str]] = {}
        for version, key in self.con.execute(
                f"SELECT DISTINCT version, region_key FROM claims {where}", args).fetchall():
            if key:
                out.setdefault(version, set()).add(key)
        return out

    # --- runs -------------------------------------------------------------------------
    def last_run(self, kind: str) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT run, mode, timelines, extraction, judge FROM runs WHERE kind = ? "
            "ORDER BY run DESC LIMIT 1", [kind]).fetchall()
        if not row:
            return None
        row = row[0]
        run = row[0]
        versions = {r[0] for r in self.con.execute(
            "SELECT version FROM run_documents WHERE run = ?", [run]).fetchall()}
        findings = [(fid, docs.split(), json.loads(body)) for fid, docs, body in
                    self.con.execute("SELECT id, docs, body FROM findings WHERE run = ?",
                                     [run]).fetchall()]
        return {"run": run, "mode": row[1], "versions": versions, "findings": findings,
                "timelines": json.loads(row[2] or "[]"), "extraction": row[3],
                "judge": row[4]}

    def record_run(self, kind: str, started: float, mode: str, out: str,
                   versions: Iterable[int], findings: list[dict[str, Any]],
                   waivers: list[dict[str, Any]], counts: dict[str, Any],
                   seconds: dict[str, float], timelines: list[dict[str, Any]], *,
                   extraction: str | None = None, judge: str | None = None,
                   fail_on: str | None = None, exit_code: int | None = None,
                   inputs: Sequence[tuple[Document, int | None]] = ()) -> int:
        """One run (kind audit | gate) with the stored versions it read, its findings and
        waivers' states, and for a gate the documents it checked (with their stored
        version when ``--ingest`` stored them)."""
        run = self.next_number("runs", "run")
        verdict = None if exit_code is None else _VERDICTS.get(exit_code, "bad-input")
        self.con.execute(
            "INSERT INTO runs (run, kind, started_at, finished_at, mode, out, counts, seconds,"
            " timelines, extraction, judge, fail_on, exit_code, verdict) VALUES (?, ?, "
            "to_timestamp(?), current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run, kind, started, mode, out, json.dumps(counts), json.dumps(seconds),
             json.dumps(timelines, ensure_ascii=False, default=str), extraction, judge,
             fail_on, exit_code, verdict])
        for doc, version in inputs:
            self.con.execute("INSERT INTO run_inputs VALUES (?, ?, ?, ?, ?)",
                             [run, doc.id, doc.sha256, doc.path, version])
        audited = pd.DataFrame({"run": run, "version": sorted(versions)}, dtype="int64")
        with self._registered("_rd", audited):
            self.con.execute("INSERT INTO run_documents SELECT run, version FROM _rd")
        if findings:
            frame = pd.DataFrame({
                "run": run, "id": [f["id"] for f in findings],
                "rule": [f["rule"] for f in findings],
                "severity": [f["severity"] for f in findings],
                "status": [f["status"] for f in findings],
                "docs": [" ".join(dict.fromkeys(e["doc"] for e in f["evidence"]))
                         for f in findings],
                "body": [json.dumps(f, ensure_ascii=False, default=str) for f in findings]})
            with self._registered("_f", frame):
                self.con.execute("INSERT INTO findings (run, id, rule, severity, status, "
                                 "docs, body) SELECT * FROM _f")
        for i, w in enumerate(waivers):
            self.con.execute("INSERT INTO waivers_applied VALUES (?, ?, ?, ?, ?)",
                             [run, i, w["state"], json.dumps(w.get("findings", [])),
                              json.dumps(w, ensure_ascii=False, default=str)])
        return run

    def stats(self) -> dict[str, int]:
        q = self.con.execute
        return {"versions": q("SELECT count(*) FROM documents").fetchall()[0][0],
                "current": q(f"SELECT count(*) FROM documents WHERE {_CURRENT}").fetchall()[0][0],
                "claims": q("SELECT count(*) FROM claims").fetchall()[0][0],
                "runs": q("SELECT count(*) FROM runs").fetchall()[0][0]}


_VERDICTS = {0: "pass", 1: "fail"}


def _document(row: Sequence[Any], text: str) -> Document:
    (_v, doc_id, sha, path, kind, region, year, period, title, published, fmt, enc,
     meta_source) = row[:13]
    meta = Metadata(kind=DocKind(kind or "other"), region=region,
                    year=None if year is None else int(year), period=period, title=title,
                    published=published)
    return Document(id=doc_id, path=path, sha256=sha, text=text, meta=meta,
                    source_format=fmt or "text", encoding=enc or "utf-8",
                    meta_source=json.loads(meta_source or "{}"))


_DEFAULTS = {"str": "", "float64": float("nan"), "int64": 0, "bool": False, "Int64": pd.NA}


# Versions per query of a categorical claims read (~200 claims each).
_BATCH_VERSIONS = 500


def _claims_frame(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`_claims_typed`, equal strings sharing one object, as in an extracted frame
    (2 million claims at 10,000 documents: a string object per cell is GBs)."""
    return compact(_claims_typed(frame, columns))


def _claims_typed(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A frame read from the store in the pipeline's columns (or ``columns`` of them) and
    dtypes; columns the store does not have (added to the pipeline after the store's
    schema) get their defaults."""
    frame = frame.reset_index(drop=True)
    names = [c for c in C.CLAIM_COLUMNS if columns is None or c in columns]
    for name in names:
        dtype = C.CLAIM_DTYPES[name]
        if name not in frame:
            frame[name] = _DEFAULTS.get(dtype)
        if dtype == "str":
            frame[name] = frame[name].fillna("").astype("str")
        else:
            frame[name] = frame[name].astype(dtype)
    return frame[names]
