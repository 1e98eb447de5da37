"""The persistent corpus: an embedded DuckDB file (default ``checker.duckdb``).

    db.py          open (locking, waiting writers, damaged files), transactions
    migrations.py  the schema as named migrations, recorded in ``_migrations``
    repository.py  documents and their versions, claims, runs, findings, waivers applied
    ingest.py      ``checker ingest``: idempotent by content, one transaction; stale claims
                   (``checker.provenance``) re-extracted
    reextract.py   stored documents extracted again from the store (on disk or in memory)
    audit.py       ``checker audit --store``: incremental against the last stored run
"""
