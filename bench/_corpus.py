"""Benchmark corpus: the seed documents replicated to a target size.

Every copy is byte-identical to its seed (so the claim count must be exactly
``copies × claims(seeds)``, which the benchmark checks) and gets a distinct name,
``c0001_000_66dc143c3139f375.txt``. When the seed folder has a ``manifest.csv`` its rows are
replicated consistently: one row per copy, same metadata, renamed file. Identical bytes mean
identical document ids (the id is a hash prefix); nothing in extraction caches by content.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.csv"
STAMP = ".corpus.json"  # dot file: ignored by `checker extract`


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: int
    bytes: int
    copies: int
    seed_files: int
    seed_bytes: int

    @property
    def mb(self) -> float:
        return self.bytes / 1e6


def seed_files(seeds: Path) -> list[Path]:
    files = sorted(p for p in seeds.iterdir() if p.suffix == ".txt" and p.is_file())
    if not files:
        raise SystemExit(f"no .txt seeds in {seeds}")
    return files


def build(seeds: Path, folder: Path, target_bytes: int) -> Corpus:
    """Replicate every seed file the same number of times until ``target_bytes`` is reached.

    Reuses ``folder`` when its stamp says it was built from the same seeds and copy count.
    """
    files = seed_files(seeds)
    seed_bytes = sum(p.stat().st_size for p in files)
    copies = max(1, math.ceil(target_bytes / seed_bytes))
    digest = hashlib.sha256()
    for p in files:
        digest.update(p.name.encode() + b"\0" + p.read_bytes())
    manifest = seeds / MANIFEST
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    stamp = {"seeds": str(seeds.resolve()), "sha256": digest.hexdigest(), "copies": copies}

    corpus = Corpus(
        folder=folder,
        files=copies * len(files),
        bytes=copies * seed_bytes,
        copies=copies,
        seed_files=len(files),
        seed_bytes=seed_bytes,
    )
    stamp_path = folder / STAMP
    if stamp_path.is_file() and json.loads(stamp_path.read_text()) == stamp:
        return corpus

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    if manifest.is_file():
        with manifest.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    by_name = {row["file"]: row for row in rows}
    out_rows: list[dict[str, str]] = []
    for i in range(1, copies + 1):
        for p in files:
            name = f"c{i:04d}_{p.name}"
            shutil.copyfile(p, folder / name)
            if p.name in by_name:
                out_rows.append({**by_name[p.name], "file": name})
    if header is not None:
        with (folder / MANIFEST).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header)
            writer.writeheader()
            writer.writerows(out_rows)
    stamp_path.write_text(json.dumps(stamp))
    return corpus
