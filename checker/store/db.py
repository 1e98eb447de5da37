"""Opening the corpus store: an embedded DuckDB file, one writer at a time.

DuckDB locks the file for a read-write connection (other processes, readers included,
cannot open it meanwhile); a second writer retries for ``wait`` seconds, then fails with
one line naming the process that holds the lock. Every change is made inside
:func:`transaction`: DuckDB's write-ahead log makes a transaction all or nothing, so a
process killed mid-ingest leaves the store as it was before.

A store from an older checker is migrated by the first command that opens it (readers too,
briefly as a writer). Errors a user can cause (a missing store, a file that is not a
store, a store in use, a store from a newer checker) are :class:`StoreError`, a bad input
(exit 2).
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import BadInput

if TYPE_CHECKING:
    import duckdb

DEFAULT_STORE = Path("checker.duckdb")
# How long a second writer waits for the lock before giving up (CHECKER_STORE_WAIT=seconds).
WAIT_SECONDS = float(os.environ.get("CHECKER_STORE_WAIT", "") or 10.0)

_LOCK = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


class StoreError(BadInput):
    """The store file is missing, not a store, locked, or from a newer checker."""


def connect(path: Path, *, write: bool, create: bool = False,
            wait: float = WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """A connection with the schema up to date (an older store is migrated first, even
    for a reader) and not newer than this checker's."""
    from checker.store.migrations import check_schema, migrate

    where = str(path)
    if not path.exists():
        if not create:
            raise StoreError(where, "no such store (create it with `checker ingest PATH... "
                                    f"--store {where}`)")
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.is_file():
        raise StoreError(where, "not a file")
    con = _open(path, write, wait)
    try:
        if write:
            migrate(con, where)
        elif check_schema(con, where):
            # A store from an older checker is upgraded on first use, by whichever command
            # meets it (audit and gate too: an upgrade must not break the nightly job).
            con.close()
            with contextlib.closing(_open(path, True, wait)) as writer:
                migrate(writer, where)
            con = _open(path, False, wait)
    except BaseException:
        con.close()
        raise
    return con


def _open(path: Path, write: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection; a locked file is retried for ``wait`` seconds."""
    import duckdb

    where = str(path)
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(where, read_only=not write)
        except duckdb.Error as exc:
            message = str(exc)
            held = _LOCK.search(message)
            if held is None:
                raise StoreError(where, _problem(message)) from None
            if time.monotonic() >= deadline:
                raise StoreError(where, f"in use by another checker process (PID {held[2]}); "
                                        f"gave up after {wait:g} s — try again when it "
                                        "has finished") from None
            time.sleep(0.2)


def _problem(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else "cannot open"
    if "not a valid DuckDB database file" in first:
        return "not a checker store (not a valid DuckDB database file)"
    if "Catalog" in first or "Serialization" in first or "Corrupt" in first.title():
        return f"damaged store ({first})"
    return f"cannot open store ({first})"


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All of the block or nothing of it."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


@contextlib.contextmanager
def opened(path: Path, *, write: bool, create: bool = False,
           wait: float = WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """:func:`connect`, closed at the end of the block; DuckDB errors become StoreError."""
    import duckdb

    con = connect(path, write=write, create=create, wait=wait)
    try:
        yield con
    except duckdb.Error as exc:
        raise StoreError(str(path), _problem(str(exc))) from None
    finally:
        con.close()
