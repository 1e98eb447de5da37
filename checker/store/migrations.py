"""The store's schema, as named migrations (in the manner of sqlite-utils' migrations).

Each migration is a function registered under a name; :func:`migrate` runs the ones a
store has not had yet, in registration order, each in its own transaction together with
the row that records it in ``_migrations``. The schema version is the number of
migrations applied. A store that records a migration this checker does not know was
written by a newer checker and is refused (its schema could mean something we would
misread or damage).

Never edit a migration once released; add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

Migration = Callable[["duckdb.DuckDBPyConnection"], None]
MIGRATIONS: dict[str, Migration] = {}


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if name in MIGRATIONS:
            raise ValueError(f"migration {name!r} registered twice")
        MIGRATIONS[name] = fn
        return fn

    return register


def schema_version() -> int:
    return len(MIGRATIONS)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                            [name]).fetchall()[0][0])


def applied(con: duckdb.DuckDBPyConnection) -> list[str]:
    if not _has_table(con, "_migrations"):
        return []
    return [r[0] for r in con.execute("SELECT name FROM _migrations ORDER BY seq").fetchall()]


def _refuse_newer(done: list[str], where: str) -> None:
    from checker.store.db import StoreError

    unknown = [name for name in done if name not in MIGRATIONS]
    if unknown:
        raise StoreError(where, f"written by a newer checker (store schema {len(done)}, this "
                                f"checker knows {schema_version()}; unknown migration "
                                f"{unknown[0]!r}) — upgrade checker to use it")


def check_schema(con: duckdb.DuckDBPyConnection, where: str) -> int:
    """For a read-only connection: the store is ours and not newer; returns how many
    migrations it lacks (an older store, to be upgraded by a writer first)."""
    from checker.store.db import StoreError

    done = applied(con)
    if not done:
        raise StoreError(where, "not a checker store (no schema; create it with "
                                "`checker ingest`)")
    _refuse_newer(done, where)
    return schema_version() - len(done)


def migrate(con: duckdb.DuckDBPyConnection, where: str) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    from checker.store.db import StoreError, transaction

    if not _has_table(con, "_migrations"):
        others = con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0]
        if others:
            raise StoreError(where, "not a checker store (a DuckDB database with other "
                                    "tables)")
    done = applied(con)
    _refuse_newer(done, where)
    ran: list[str] = []
    for name, fn in MIGRATIONS.items():
        if name in done:
            continue
        with transaction(con):
            con.execute("CREATE TABLE IF NOT EXISTS _migrations (seq INTEGER PRIMARY KEY, "
                        "name VARCHAR NOT NULL UNIQUE, applied_at TIMESTAMP NOT NULL)")
            fn(con)
            con.execute("INSERT INTO _migrations VALUES (?, ?, current_timestamp)",
                        [len(done) + len(ran) + 1, name])
        ran.append(name)
    return ran


# --- the migrations ----------------------------------------------------------------------

# The claims columns as of migration 0001 (checker.columns.CLAIM_COLUMNS then), with their
# SQL types. Columns added to the claims frame later need a migration of their own;
# until then they are filled with their defaults when claims are loaded.
CLAIMS_0001: tuple[tuple[str, str], ...] = (
    ("doc", "VARCHAR"), ("start", "BIGINT"), ("end", "BIGINT"), ("quote", "VARCHAR"),
    ("written", "VARCHAR"), ("value", "DOUBLE"), ("unit", "VARCHAR"), ("kind", "VARCHAR"),
    ("role", "VARCHAR"), ("qualifier", "VARCHAR"), ("indicator", "VARCHAR"),
    ("region", "VARCHAR"), ("year", "BIGINT"), ("period", "VARCHAR"),
    ("value_high", "DOUBLE"), ("modifier", "VARCHAR"), ("indicator_raw", "VARCHAR"),
    ("indicator_known", "BOOLEAN"), ("decimals", "BIGINT"), ("scale", "VARCHAR"),
    ("sign", "BIGINT"), ("base", "VARCHAR"), ("scope", "VARCHAR"), ("exact", "BOOLEAN"),
    ("unit_written", "VARCHAR"), ("sentence", "BIGINT"), ("item", "BIGINT"),
    ("group", "VARCHAR"), ("section", "BIGINT"),
)


@migration("0001_corpus")
def _corpus(con: duckdb.DuckDBPyConnection) -> None:
    """Documents (append-only; a re-issue at the same path supersedes), their claims, runs,
    findings per run, waivers applied per run."""
    con.execute("""
        CREATE TABLE documents (
            version INTEGER PRIMARY KEY,      -- one row per stored content
            id VARCHAR NOT NULL,              -- sha256[:12], as in findings.json
            sha256 VARCHAR NOT NULL,
            path VARCHAR NOT NULL,            -- as read
            path_key VARCHAR NOT NULL,        -- normalised path: the version chain's key
            supersedes INTEGER,               -- the version at path_key it replaced
            kind VARCHAR, region VARCHAR, year INTEGER, period VARCHAR, title VARCHAR,
            published VARCHAR, source_format VARCHAR, encoding VARCHAR,
            meta_source VARCHAR,              -- JSON: field -> manifest|detected
            text VARCHAR NOT NULL,            -- the text offsets refer to
            chars INTEGER NOT NULL,
            ingested_at TIMESTAMP NOT NULL,
            ingest INTEGER NOT NULL           -- the ingest that added it
        )""")
    cols = ", ".join(f'"{name}" {sql}' for name, sql in CLAIMS_0001)
    con.execute(f"CREATE TABLE claims (version INTEGER NOT NULL, region_key VARCHAR, {cols})")
    con.execute("""
        CREATE TABLE ingests (
            ingest INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
            added INTEGER, unchanged INTEGER, reissued INTEGER, errors INTEGER)""")
    con.execute("""
        CREATE TABLE runs (
            run INTEGER PRIMARY KEY, kind VARCHAR NOT NULL,   -- audit | gate
            started_at TIMESTAMP, finished_at TIMESTAMP, mode VARCHAR, -- full | incremental
            out VARCHAR, counts VARCHAR, seconds VARCHAR,    -- JSON
            timelines VARCHAR)                               -- JSON list""")
    con.execute("CREATE TABLE run_documents (run INTEGER NOT NULL, version INTEGER NOT NULL)")
    con.execute("""
        CREATE TABLE findings (
            run INTEGER NOT NULL, id VARCHAR NOT NULL, rule VARCHAR, severity VARCHAR,
            status VARCHAR, docs VARCHAR,    -- evidence document ids, space-separated
            body VARCHAR NOT NULL)           -- the findings.json entry""")
    con.execute("""
        CREATE TABLE waivers_applied (
            run INTEGER NOT NULL, entry INTEGER NOT NULL, state VARCHAR NOT NULL,
            findings VARCHAR,                -- JSON list of finding ids it waived
            body VARCHAR NOT NULL)           -- the waiver as written, JSON""")


@migration("0002_provenance")
def _provenance(con: duckdb.DuckDBPyConnection) -> None:
    """Which extractor produced each document's claims (``checker.provenance``), so stale
    claims are re-extracted instead of audited; what each run was (audit or gate), its
    extractor and judge, its verdict, and the documents a gate checked.

    Rows from before this migration have no extractor (NULL): unknown, hence stale.
    """
    con.execute("""
        CREATE TABLE extractors (
            fingerprint VARCHAR PRIMARY KEY,  -- checker.provenance.extractor()
            version VARCHAR, code VARCHAR,    -- checker version, hash of extraction code
            aliases VARCHAR,                  -- the user's alias file (hash), '' for none
            first_seen TIMESTAMP NOT NULL)""")
    # the extractor of the claims and detected metadata, and the ingest that extracted them
    con.execute("ALTER TABLE documents ADD COLUMN extraction VARCHAR")
    con.execute("ALTER TABLE documents ADD COLUMN extracted_in INTEGER")
    con.execute("ALTER TABLE ingests ADD COLUMN reextracted INTEGER DEFAULT 0")
    con.execute("ALTER TABLE ingests ADD COLUMN extraction VARCHAR")
    for column, sql in (("extraction", "VARCHAR"),  # the claims' extractor in the run
                        ("judge", "VARCHAR"),       # provenance.judge(): code + parameters
                        ("fail_on", "VARCHAR"), ("exit_code", "INTEGER"),
                        ("verdict", "VARCHAR")):    # pass | fail | bad-input
        con.execute(f"ALTER TABLE runs ADD COLUMN {column} {sql}")
    # the documents a gate checked (stored or not: version is set when --ingest stored it);
    # run_documents holds the stored versions a run read
    con.execute("""
        CREATE TABLE run_inputs (
            run INTEGER NOT NULL, id VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
            path VARCHAR NOT NULL, version INTEGER)""")


@migration("0003_claims_csv")
def _claims_csv(con: duckdb.DuckDBPyConnection) -> None:
    """Each current version's rows of ``claims.csv`` as the last audit wrote them
    (``checker.store.claims_csv``), so the next incremental audit writes the file from them
    instead of reading and rendering every stored claim again. ``format`` says what made the
    rows (extractor, judge, pandas); rows of another format are never used."""
    con.execute("""
        CREATE TABLE claims_csv (
            version INTEGER PRIMARY KEY, format VARCHAR NOT NULL,
            rows BIGINT NOT NULL,             -- claims in the block
            body BLOB NOT NULL)               -- zlib of the CSV lines (UTF-8, no header)""")


@migration("0004_score_blobs")
def _score_blobs(con: duckdb.DuckDBPyConnection) -> None:
    """audit.html's compressed scoreboard tables as the last audit wrote them, by the hash
    of what each is made from (``checker.report.html.score_blobs``): the next audit copies
    those of unchanged region-years instead of rendering ~35,000 timelines again. Blobs of
    another ``format`` (extractor, judge: the templates are code) are never used."""
    con.execute("""
        CREATE TABLE score_blobs (
            format VARCHAR NOT NULL, key VARCHAR NOT NULL, blob VARCHAR NOT NULL)""")
