"""Check a loaded index: its parts belong together, and its files are the ones that were built."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from index.chunking import Chunk
from index.figures import Figure


def disagreement(
    meta: dict[str, Any],
    chunks: list[Chunk],
    figures: list[Figure],
    vectors: Any,
    sentence_vectors: np.ndarray,
    bm25: Any,
) -> str | None:
    """Why the parts of an index do not belong together, or None when they do."""
    n_sentences = sum(len(c.sentences) for c in chunks)
    dimension = meta.get("dimension")
    counts = {"chunks": len(chunks), "sentences": n_sentences, "figures": len(figures)}
    for name, count in counts.items():
        if meta.get(name) != count:
            return f"meta.json counts {meta.get(name)!r} {name}, the files hold {count}"
    if vectors.d != dimension:
        return f"vectors.faiss has {vectors.d} dimensions, meta.json says {dimension!r}"
    if vectors.ntotal != len(chunks):
        return f"vectors.faiss holds {vectors.ntotal} vectors for {len(chunks)} chunks"
    expected = (n_sentences, dimension)
    if sentence_vectors.shape != expected or sentence_vectors.dtype != np.float32:
        found = f"{'x'.join(map(str, sentence_vectors.shape))} {sentence_vectors.dtype}"
        return f"sentences.npy is {found}, not {n_sentences}x{dimension} float32"
    if bm25.scores.get("num_docs") != len(chunks):
        return f"bm25 holds {bm25.scores.get('num_docs')} documents for {len(chunks)} chunks"
    by_id = {c.id: c for c in chunks}
    if len(by_id) != len(chunks):
        return "two chunks share an id"
    for chunk in chunks:
        if not _chunk_fits(chunk):
            return f"chunk {chunk.id!r} does not fit its own text"
    for figure in figures:
        if not _figure_fits(figure, by_id.get(figure.chunk_id)):
            return f"figure {figure.text!r} does not match chunk {figure.chunk_id!r}"
    return None


def changed_file(root: Path, meta: dict[str, Any]) -> str | None:
    """The first file whose SHA-256 is not the one meta.json recorded, if any."""
    recorded = meta.get("files")
    if not isinstance(recorded, dict) or set(recorded) != set(_data_files(root)):
        return "the set of files"
    for name, digest in sorted(recorded.items()):
        try:
            if _sha256(root / name) != digest:
                return name
        except OSError:
            return name
    return None


def digests(root: Path) -> dict[str, str]:
    """The SHA-256 of every file under `root` but meta.json, by relative POSIX path."""
    return {name: _sha256(root / name) for name in _data_files(root)}


def _chunk_fits(c: Chunk) -> bool:
    strings = (c.id, c.article_id, c.source, c.title, c.outlet, c.url, c.text, c.published)
    numbers = (c.paragraph, c.start, c.end)
    if not all(isinstance(v, str) for v in strings) or not all(type(v) is int for v in numbers):
        return False
    return c.end - c.start == len(c.text) and all(
        len(pair) == 2
        and all(type(n) is int for n in pair)
        and c.start <= pair[0] <= pair[1]
        and pair[1] <= c.end
        for pair in c.sentences
    )


def _figure_fits(f: Figure, chunk: Chunk | None) -> bool:
    if chunk is None or not all(isinstance(v, str) for v in (f.text, f.unit, f.kind, f.role)):
        return False
    if f.value is not None and (type(f.value) not in (int, float) or f.value != f.value):
        return False  # not a number, or NaN
    if not all(type(n) is int for n in (f.start, f.end, f.sentence)):
        return False
    inside = chunk.text[f.start - chunk.start : f.end - chunk.start]
    return chunk.start <= f.start and 0 <= f.sentence < len(chunk.sentences) and inside == f.text


def _data_files(root: Path) -> list[str]:
    paths = (p for p in root.rglob("*") if p.is_file() and p.name != "meta.json")
    return sorted(p.relative_to(root).as_posix() for p in paths)


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
