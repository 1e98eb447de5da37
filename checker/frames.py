"""Claims frames at corpus scale: cell access by row label, and shared strings.

``frame.loc[row]`` builds a Series for one row (~50 µs); an audit of 10,000 documents asks
for a few hundred thousand rows, one at a time, so :class:`Cells` keeps plain column arrays
and answers ``cells.get(row, column)`` in about a microsecond. :func:`compact` lets the
cells of a string column that hold the same text share one object: a claims frame holds
2 million rows at 10,000 documents, and most of its text cells repeat a handful of values
(元, growth, 1-9月, an indicator name).
"""

from __future__ import annotations

import array
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd


class Cells:
    """Scalar access by index label to some columns of a frame (a read-only snapshot).

    Values come back as Python scalars (``int``, ``float``, ``str``, ``bool``; ``None`` for
    a missing nullable integer), as ``frame.loc[row, column]`` would give them."""

    def __init__(self, frame: pd.DataFrame, columns: Iterable[str]) -> None:
        index = frame.index
        self._positions: dict | _Dense | None = None
        if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
            self._positions = _Dense.of(index) or {label: i for i, label in enumerate(index)}
        self._columns = {c: _array(frame[c]) for c in columns}

    def get(self, row: int, column: str):
        pos = row if self._positions is None else self._positions[row]
        value = self._columns[column][pos]
        return value.item() if isinstance(value, np.generic) else value

    def record(self, row: int) -> dict:
        return {c: self.get(row, c) for c in self._columns}


class _Dense:
    """Row label → position for unique non-negative integer labels (the claims frame's row
    numbers, or a subset of them): 4 bytes a possible label, where a dict takes ~100 bytes
    a row (at 10,000 documents each Cells of the keyed claims held ~90 MB of dict)."""

    __slots__ = ("_map",)

    def __init__(self, labels: np.ndarray) -> None:
        dense = np.full(int(labels.max()) + 1, -1, dtype=np.int32)
        dense[labels] = np.arange(len(labels), dtype=np.int32)
        self._map = array.array("i")
        self._map.frombytes(dense.tobytes())

    @classmethod
    def of(cls, index: pd.Index) -> _Dense | None:
        if not len(index) or not pd.api.types.is_integer_dtype(index.dtype) \
                or not index.is_unique:
            return None
        labels = index.to_numpy()
        if labels.min() < 0 or labels.max() >= 4 * len(labels) + 1024 \
                or len(labels) >= 2**31:
            return None
        return cls(labels)

    def __getitem__(self, label: int) -> int:
        try:
            pos = self._map[label] if label >= 0 else -1
        except IndexError:
            pos = -1
        if pos < 0:
            raise KeyError(label)
        return pos


def _array(column: pd.Series) -> np.ndarray | _Decoded:
    if isinstance(column.dtype, pd.Int64Dtype):  # nullable year: missing → None
        return column.astype(object).where(column.notna(), None).to_numpy()
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _Decoded(column)
    return column.to_numpy()


class _Decoded:
    """A categorical column read by position without an object array of all its cells
    (8 bytes a row; its codes take 1-4)."""

    __slots__ = ("_codes", "_values")

    def __init__(self, column: pd.Series) -> None:
        # plain Python containers: indexing them is ~3× faster than numpy scalars
        self._codes = array.array("i")
        self._codes.frombytes(column.cat.codes.to_numpy().astype(np.int32).tobytes())
        # code -1 (missing) reads the NaN appended last, as to_numpy() would give it
        self._values = [*column.cat.categories.to_numpy(dtype=object), np.nan]

    def __getitem__(self, pos: int):
        return self._values[self._codes[pos]]


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (Python scalars), built from column lists: 2-3× faster."""
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each string column's equal values sharing one object (in place).

    A frame built row by row holds one object per cell; this keeps one per distinct value,
    so a pickled frame (extraction workers) and the frame in memory shrink to the pointers.
    """
    for name in frame.columns:
        column = frame[name]
        if not pd.api.types.is_string_dtype(column.dtype) or not len(column):
            continue
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        frame[name] = pd.array(np.asarray(uniques, dtype=object)[codes], dtype=column.dtype)
    return frame


def categorize(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's string columns as categoricals, in place, one column at a time.

    A cell of a string column is a pointer (8 bytes) even when its text is shared; a
    categorical keeps each distinct text once and a 1-4 byte code per cell. At 10,000
    documents the claims frame holds 17 string columns of 2 million rows, and no stage
    adds a value to one of them. Categories are sorted, so sorting and grouping on a
    column order its values as the strings would."""
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_string_dtype(column.dtype) and len(column):
            frame[name] = column.astype("category")
    return frame


def concat_categorized(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """``categorize(pd.concat(frames, ignore_index=True))`` for frames already categorized,
    built one column at a time, each column dropped from the parts once joined: the parts
    and the whole are never both in memory, as concat's result and its inputs are."""
    from pandas.api.types import union_categoricals

    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    data: dict[str, object] = {}
    for name in list(frames[0].columns):
        parts = [f[name] for f in frames]
        if all(isinstance(part.dtype, pd.CategoricalDtype) for part in parts):
            data[name] = union_categoricals(parts, sort_categories=True)
        else:
            data[name] = pd.concat(parts, ignore_index=True).array
        del parts
        for f in frames:
            del f[name]
    # copy=False: no copy, and no consolidation of the numeric columns into one block (a
    # second copy of them while it is built)
    return pd.DataFrame(data, columns=list(data), copy=False)


def mapped(column: pd.Series, mapping) -> pd.Series:
    """``column.map(mapping)`` as plain values: a categorical column maps its categories and
    stays categorical, its categories in the old values' order, so sorting on the result
    would follow the old values instead of the new ones."""
    out = column.map(mapping)
    if isinstance(out.dtype, pd.CategoricalDtype):
        out = out.astype(out.cat.categories.dtype)
    return out


def in_document_order(frames: list[pd.DataFrame], order: Mapping[str, int], *,
                      by_position: bool = True) -> pd.DataFrame:
    """Claims frames as one (index 0…n-1) in the documents' ``order`` (id → rank; the
    store's is its versions'), each document's claims by start and end — the store's order.
    Stable: claims at one place keep the order they came in. ``by_position=False`` when
    each document's claims are in one frame and in place already (read from the store):
    then only the documents are put in order (a million claims: ~20× faster)."""
    from checker import columns as C

    both = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    ranks = mapped(both[C.DOC], order).to_numpy()
    if by_position:
        at = np.lexsort((both[C.END].to_numpy(), both[C.START].to_numpy(), ranks))
    else:
        at = ranks.argsort(kind="stable")
    return both.iloc[at].reset_index(drop=True)


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``; elsewhere a
    no-op). An audit stage frees millions of small objects scattered among those that live
    on: without this, the process keeps their pages (~25 % of the RSS after extracting or
    linking 1,000 documents), and each later stage grows on top of them."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return


__all__ = ["Cells", "categorize", "compact", "concat_categorized", "in_document_order", "mapped",
           "records", "trim_heap"]
