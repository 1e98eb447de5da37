"""Files and folders → :class:`~checker.models.Document` records.

The only module of the pipeline that reads the file system. Folders are walked
recursively in sorted order; ``manifest.csv`` in any folder states metadata for its files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import BadInput, UnreadableFile
from checker.ingest.html import declared_charset, html_to_text
from checker.ingest.manifest import NAME as MANIFEST_NAME
from checker.ingest.manifest import Manifest, ManifestRow, read_manifest
from checker.ingest.metadata import HEAD_CHARS, detect
from checker.ingest.text import decode
from checker.models import DocKind, Document, Metadata
from checker.text.normalize import to_simplified

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

__all__ = ["Manifest", "ManifestRow", "ReadResult", "document_from_bytes", "metadata",
           "plan_reads", "read_documents", "read_file"]


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[BadInput] = field(default_factory=list)


class _Reader:
    """One run over the given paths: the files found, their manifest rows, the errors.

    Without ``keep_going`` the first bad input raises; with it, each is recorded once and
    the run goes on. Manifests are read once per run (never cached across runs: files and
    manifests may change between two calls in one process).
    """

    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.result = ReadResult()
        self.seen: set[Path] = set()
        self.folders: set[Path] = set()
        self.manifests: dict[Path, dict[Path, ManifestRow]] = {}

    def bad(self, err: BadInput) -> None:
        if not self.keep_going:
            raise err
        self.result.errors.append(err)

    def read(self, paths: Iterable[str | Path]) -> ReadResult:
        for path, row in self.discover(paths):
            doc = read_file(path, row)
            if isinstance(doc, BadInput):
                self.bad(doc)
            else:
                self.result.documents.append(doc)
        return self.result

    def discover(self, paths: Iterable[str | Path]) -> Iterator[tuple[Path, ManifestRow | None]]:
        for given in paths:
            path = Path(given)
            if path.is_dir():
                yield from self.walk(path, {})
            elif not path.exists():
                self.bad(UnreadableFile(str(path), "no such file or folder"))
            elif not path.is_file():
                self.bad(UnreadableFile(str(path), "not a regular file"))
            elif path.suffix.lower() not in SUFFIXES:
                self.bad(
                    UnreadableFile(
                        str(path),
                        f"unsupported file type {path.suffix or '(none)'!r}"
                        f" (supported: {', '.join(sorted(SUFFIXES))})",
                    )
                )
            else:
                yield from self.found(path, self.manifest(path.parent))

    def walk(
        self, folder: Path, inherited: dict[Path, ManifestRow]
    ) -> Iterator[tuple[Path, ManifestRow | None]]:
        resolved = folder.resolve()
        if resolved in self.folders:  # a link back up the tree, or a folder given twice
            return
        self.folders.add(resolved)
        # A parent's manifest may name "sub/a.txt"; the folder's own rows win.
        rows = {**inherited, **self.manifest(folder)}
        try:
            # (name, entry) in name order, as sorted(folder.iterdir()) lists them; an entry
            # knows its type from the listing, without a stat per file
            with os.scandir(folder) as listing:
                entries = sorted((entry.name, entry) for entry in listing)
        except OSError as exc:
            self.bad(UnreadableFile(str(folder), f"cannot list folder ({exc.strerror or exc})"))
            return
        for name, entry in entries:
            if name.startswith("."):
                continue
            path = folder / name
            if entry.is_dir():
                yield from self.walk(path, rows)
            elif path.suffix.lower() in SUFFIXES and entry.is_file():
                # Other files (manifest.csv, README.md, images) are expected in a folder.
                # A file that is no link, in a resolved folder, is its own resolved path.
                yield from self.found(path, rows,
                                      None if entry.is_symlink() else resolved / name)

    def found(
        self, path: Path, rows: dict[Path, ManifestRow], resolved: Path | None = None
    ) -> Iterator[tuple[Path, ManifestRow | None]]:
        resolved = resolved or path.resolve()
        if resolved not in self.seen:  # a file given twice, or by a link, is read once
            self.seen.add(resolved)
            yield path, rows.get(resolved)

    def manifest(self, folder: Path) -> dict[Path, ManifestRow]:
        key = folder.resolve()
        if key not in self.manifests:
            self.manifests[key] = {}
            candidate = folder / MANIFEST_NAME
            if candidate.is_file():
                try:
                    manifest = read_manifest(candidate)
                except BadInput as err:
                    self.bad(err)
                else:
                    for err in manifest.errors:
                        self.bad(err)
                    self.manifests[key] = manifest.rows
        return self.manifests[key]


class _Planner(_Reader):
    """Discovery alone: bad inputs become entries of the plan instead of being raised."""

    def __init__(self) -> None:
        super().__init__(keep_going=True)
        self.plan: list[tuple[Path, ManifestRow | None] | BadInput] = []

    def bad(self, err: BadInput) -> None:
        self.plan.append(err)


def plan_reads(paths: Iterable[str | Path]) -> list[tuple[Path, ManifestRow | None] | BadInput]:
    """The files :func:`read_documents` would read, with their manifest rows, and the bad
    inputs it would meet while finding them, in the order it meets them. Reading each file
    with :func:`read_file`, in order, and handling each bad input (raise it, or collect it
    with ``keep_going``) as it comes gives what :func:`read_documents` gives; the files can
    be read in other processes."""
    planner = _Planner()
    for item in planner.discover(paths):
        planner.plan.append(item)
    return planner.plan


def read_file(path: Path, row: ManifestRow | None) -> Document | BadInput:
    """One planned file → its document, or the bad input it is (returned, not raised)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return UnreadableFile(str(path), f"cannot read ({exc.strerror or exc})")
    try:
        return document_from_bytes(raw, str(path), row)
    except BadInput as err:
        return err


def read_documents(paths: Iterable[str | Path], *, keep_going: bool = False) -> ReadResult:
    """Read every supported file under ``paths`` (folders recursively, in sorted order).

    Without ``keep_going`` the first bad input raises; with it, bad inputs are collected in
    ``errors`` and the rest is read.
    """
    return _Reader(keep_going).read(paths)


def document_from_bytes(raw: bytes, path: str, stated: ManifestRow | None = None) -> Document:
    """Decode, extract text (HTML), detect metadata and apply what the manifest states."""
    sha = hashlib.sha256(raw).hexdigest()
    source_format = "text"
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        text, encoding = decode(raw, path, declared=declared_charset(raw))
        text, source_format = html_to_text(text), "html"
    else:
        text, encoding = decode(raw, path)
    if not text.strip():
        raise UnreadableFile(path, "empty document (no text)")
    meta, source = metadata(text, stated)
    return Document(
        id=sha[:12],
        path=path,
        sha256=sha,
        text=text,
        meta=meta,
        source_format=source_format,
        encoding=encoding,
        meta_source=source,
    )


def metadata(text: str, stated: ManifestRow | None = None) -> tuple[Metadata, dict[str, str]]:
    """A document's metadata detected from its text, with what the manifest states applied,
    and each field's source (``detected`` | ``manifest``; absent: unknown). The store
    re-detects from its stored text with this when the extractor changes."""
    # detect reads the opening only: simplifying the whole text would cost more than the
    # detection itself (extraction normalises the whole text anyway)
    detected = detect(text, to_simplified(text[:HEAD_CHARS]))
    values: dict[str, object] = dict(detected)
    source = {k: "detected" for k in detected}
    if stated is not None:
        for name in ("region", "year", "period", "kind", "title"):
            value = getattr(stated, name)
            if value is not None:
                values[name] = value
                source[name] = "manifest"
    meta = Metadata(
        kind=DocKind(values.get("kind", DocKind.OTHER)),
        region=values.get("region"),  # type: ignore[arg-type]
        year=values.get("year"),  # type: ignore[arg-type]
        period=values.get("period"),  # type: ignore[arg-type]
        title=values.get("title"),  # type: ignore[arg-type]
        published=values.get("published"),  # type: ignore[arg-type]
    )
    return meta, source
