"""Files and folders → :class:`~checker.models.Document` records.

The only module of the pipeline that reads the file system. Folders are walked
recursively in sorted order; ``manifest.csv`` in any folder states metadata for its files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import BadInput, UnreadableFile
from checker.ingest.html import html_to_text
from checker.ingest.manifest import NAME as MANIFEST_NAME
from checker.ingest.manifest import ManifestRow, read_manifest
from checker.ingest.metadata import detect
from checker.ingest.text import decode
from checker.models import DocKind, Document, Metadata
from checker.text.normalize import to_simplified

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

__all__ = ["ReadResult", "document_from_bytes", "read_documents"]


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[BadInput] = field(default_factory=list)


def read_documents(paths: Iterable[str | Path], *, keep_going: bool = False) -> ReadResult:
    """Read every supported file under ``paths``.

    Without ``keep_going`` the first bad input raises; with it, bad inputs are collected in
    ``errors`` and the rest is read.
    """
    result = ReadResult()
    for path, manifest_row in _discover(paths, result, keep_going):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            err = UnreadableFile(str(path), f"cannot read ({exc.strerror or exc})")
            if not keep_going:
                raise err from None
            result.errors.append(err)
            continue
        try:
            result.documents.append(document_from_bytes(raw, str(path), manifest_row))
        except BadInput as err:
            if not keep_going:
                raise
            result.errors.append(err)
    return result


def _discover(
    paths: Iterable[str | Path], result: ReadResult, keep_going: bool
) -> Iterator[tuple[Path, ManifestRow | None]]:
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        try:
            if not path.exists():
                raise UnreadableFile(str(path), "no such file or folder")
            if path.is_dir():
                yield from _walk(path, seen)
            else:
                if path.suffix.lower() not in SUFFIXES:
                    raise UnreadableFile(
                        str(path), f"unsupported file type {path.suffix or '(none)'!r}"
                        f" (supported: {', '.join(sorted(SUFFIXES))})"
                    )
                manifest = _manifest_for(path.parent)
                resolved = path.resolve()
                if resolved not in seen:
                    seen.add(resolved)
                    yield path, manifest.get(resolved)
        except BadInput as err:
            if not keep_going:
                raise
            result.errors.append(err)


def _walk(folder: Path, seen: set[Path]) -> Iterator[tuple[Path, ManifestRow | None]]:
    manifest = _manifest_for(folder)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in SUFFIXES:
            resolved = entry.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield entry, manifest.get(resolved)


_MANIFESTS: dict[Path, dict[Path, ManifestRow]] = {}


def _manifest_for(folder: Path) -> dict[Path, ManifestRow]:
    key = folder.resolve()
    if key not in _MANIFESTS:
        candidate = folder / MANIFEST_NAME
        _MANIFESTS[key] = read_manifest(candidate) if candidate.is_file() else {}
    return _MANIFESTS[key]


def document_from_bytes(raw: bytes, path: str, stated: ManifestRow | None = None) -> Document:
    """Decode, extract text (HTML), detect metadata and apply what the manifest states."""
    sha = hashlib.sha256(raw).hexdigest()
    text, encoding = decode(raw, path)
    source_format = "text"
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        text, source_format = html_to_text(text), "html"
    if not text.strip():
        raise UnreadableFile(path, "empty document (no text)")
    detected = detect(text, to_simplified(text))
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
    return Document(
        id=sha[:12], path=path, sha256=sha, text=text, meta=meta,
        source_format=source_format, encoding=encoding, meta_source=source,
    )
