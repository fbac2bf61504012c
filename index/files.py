"""The index's plain files, one reader and writer each: JSON lines, NumPy, FAISS and bm25s's.

Nothing here is pickled (SECURITY.md); the FAISS index and the sentence vectors are memory-mapped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from index.chunking import Chunk
from index.figures import Figure
from index.lexical import Bm25, tokenize


def write_faiss(path: Path, vectors: np.ndarray) -> None:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    faiss.write_index(index, str(path))


def read_faiss(path: Path) -> Any:
    import faiss

    if not path.exists():
        raise FileNotFoundError(path)
    # Questions are searched one at a time: an OpenMP team for one query costs more than it
    # saves (docs/performance.md: 17 ms on two threads, 1.4 ms on one, at 20,585 vectors).
    faiss.omp_set_num_threads(1)
    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)


def write_bm25(path: Path, texts: list[str]) -> None:
    import bm25s

    model = bm25s.BM25()
    model.index([tokenize(t) or [""] for t in texts], show_progress=False)
    model.save(str(path), show_progress=False, allow_pickle=False)


def read_bm25(path: Path) -> Bm25:
    """The arrays and vocabulary bm25s saved, read with json and NumPy: importing bm25s (and
    scipy.sparse, tqdm) cost every cold `tally ask` ~0.12 s; only a build needs it."""
    params = json.loads((path / "params.index.json").read_text(encoding="utf-8"))
    if params.get("method") in ("bm25l", "bm25+"):  # they need a non-occurrence array too
        raise ValueError(f"bm25 method {params['method']!r} is not read")
    vocab = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
    scores = {
        name: np.load(path / f"{name}.csc.index.npy", allow_pickle=False)  # never pickle
        for name in ("data", "indices", "indptr")
    }
    return Bm25(vocab, scores | {"num_docs": params["num_docs"]}, params.get("dtype", "float32"))


def read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    for row in read_jsonl(path):
        row["sentences"] = tuple(tuple(s) for s in row["sentences"])
        chunks.append(Chunk(**row))
    return chunks


def read_figures(path: Path) -> list[Figure]:
    return [Figure(**row) for row in read_jsonl(path)]


def read_sentences(path: Path) -> np.ndarray:
    return np.load(path, allow_pickle=False, mmap_mode="r")  # never pickle: see SECURITY.md


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


READERS: dict[str, Callable[[Path], Any]] = {
    "chunks.jsonl": read_chunks,
    "figures.jsonl": read_figures,
    "sentences.npy": read_sentences,
    "vectors.faiss": read_faiss,
    "bm25": read_bm25,
}
