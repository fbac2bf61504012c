"""Build the index directory atomically, and load it back with every part checked."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from index.chunking import Chunk, article_text, chunk_article
from index.corpus import Article, CorpusProblem, corpus_files, corpus_hash, load_corpus
from index.embedding import Embedder
from index.errors import IndexBusy, IndexDamaged, IndexMissing
from index.figures import Figure, extract_figures
from index.lexical import tokenize

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
REBUILD = "Run `tally build` to rebuild it."
Progress = Callable[[int, int], None]  # (texts just embedded, texts in all)


@dataclass(frozen=True)
class BuildReport:
    """What a build indexed, and which files it skipped."""

    articles: int
    chunks: int
    sentences: int
    figures: int
    seconds: float
    problems: list[CorpusProblem] = field(default_factory=list)


@dataclass
class Store:
    """A loaded index: chunks, their sentences and figures, dense vectors and BM25."""

    meta: dict[str, Any]
    chunks: list[Chunk]
    figures: list[Figure]
    vectors: Any  # faiss.Index over chunk vectors
    sentence_vectors: np.ndarray
    bm25: Any  # bm25s.BM25 over chunk tokens
    sentence_chunk: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        owners = [i for i, chunk in enumerate(self.chunks) for _ in chunk.sentences]
        self.sentence_chunk = np.asarray(owners, dtype=np.int64)
        self.sentence_first = np.cumsum([0] + [len(c.sentences) for c in self.chunks])


def corpus_state(corpus_dir: Path, model_id: str) -> dict[str, str]:
    """What an up-to-date index must have been built from: corpus, model and indexing code."""
    files = corpus_files(corpus_dir)
    return {"corpus_hash": corpus_hash(files, corpus_dir), "model": model_id, "code": _code_hash()}


@cache
def _code_hash() -> str:
    """A digest of this package's source: changed chunking or figure rules mean a rebuild."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stale_reason(index_dir: Path, state: dict[str, str]) -> str | None:
    """Why the index in `index_dir` must be rebuilt, or None when it is current."""
    meta_path = index_dir / "meta.json"
    if not meta_path.exists():
        return "no index yet"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "meta.json is unreadable"
    if not isinstance(meta, dict):
        return "meta.json is unreadable"
    if meta.get("format_version") != FORMAT_VERSION:
        return "the index format changed"
    if meta.get("model") != state["model"]:
        return "the embedding model changed"
    if meta.get("corpus_hash") != state["corpus_hash"]:
        return "the corpus changed"
    if meta.get("code") != state["code"]:
        return "Tally's indexing code changed"
    return None


@contextmanager
def build_lock(index_dir: Path, wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock for building `index_dir`, waiting for another build to finish."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(index_dir.parent / f".{index_dir.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait is None:
                raise IndexBusy(
                    f"Another `tally build` is writing {index_dir}; try again soon."
                ) from None
            wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_index(
    corpus_dir: Path, index_dir: Path, embedder: Embedder, progress: Progress | None = None
) -> BuildReport:
    """Read, chunk, extract, embed and write the index; the old one stays until the new is whole."""
    started = time.perf_counter()
    state = corpus_state(corpus_dir, embedder.model_id)
    articles, problems = load_corpus(corpus_dir)
    chunks = [c for a in articles for c in chunk_article(a)]
    figures = [f for a in articles for f in _article_figures(a, chunks)]
    sentences = [s for c in chunks for s in c.sentence_texts()]
    texts = [c.text for c in chunks] + sentences
    vectors = _embed(embedder, texts, progress)
    chunk_vectors, sentence_vectors = vectors[: len(chunks)], vectors[len(chunks) :]

    tmp = index_dir.parent / f".{index_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _write_jsonl(tmp / "chunks.jsonl", (asdict(c) for c in chunks))
    _write_jsonl(tmp / "figures.jsonl", (f.to_dict() for f in figures))
    np.save(tmp / "sentences.npy", sentence_vectors, allow_pickle=False)
    _write_faiss(tmp / "vectors.faiss", chunk_vectors)
    _write_bm25(tmp / "bm25", [c.text for c in chunks])
    meta = {
        "format_version": FORMAT_VERSION,
        **state,
        "dimension": int(chunk_vectors.shape[1]),
        "articles": len(articles),
        "chunks": len(chunks),
        "sentences": len(sentences),
        "figures": len(figures),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "packages": {p: _version(p) for p in ("faiss-cpu", "bm25s", "sentence-transformers")},
        "skipped": [str(p) for p in problems],
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    _fsync_dir(tmp)
    _swap_into_place(tmp, index_dir)
    seconds = time.perf_counter() - started
    return BuildReport(len(articles), len(chunks), len(sentences), len(figures), seconds, problems)


def load_store(index_dir: Path) -> Store:
    """Load and cross-check every index file; raise IndexMissing or IndexDamaged otherwise."""
    if not (index_dir / "meta.json").exists():
        raise IndexMissing(f"No index at {index_dir}. Run `tally build` to create it.")
    try:
        meta = json.loads((index_dir / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise IndexDamaged(
                f"The index at {index_dir} is from another version of Tally. {REBUILD}"
            )
        chunks = [_chunk(row) for row in _read_jsonl(index_dir / "chunks.jsonl")]
        figures = [Figure(**row) for row in _read_jsonl(index_dir / "figures.jsonl")]
        sentence_vectors = np.load(index_dir / "sentences.npy", allow_pickle=False, mmap_mode="r")
        vectors = _read_faiss(index_dir / "vectors.faiss")
        bm25 = _read_bm25(index_dir / "bm25")
    except IndexDamaged:
        raise
    except Exception as exc:  # any unreadable part means the same thing to the user
        log.debug("index load failed", exc_info=True)
        raise IndexDamaged(
            f"The index at {index_dir} is damaged ({_reason(exc)}). {REBUILD}"
        ) from None
    n_sentences = sum(len(c.sentences) for c in chunks)
    if (
        vectors.ntotal != len(chunks)
        or len(chunks) != meta.get("chunks")
        or sentence_vectors.shape != (n_sentences, meta.get("dimension"))
        or vectors.d != meta.get("dimension")
    ):
        raise IndexDamaged(
            f"The index at {index_dir} is inconsistent (its parts disagree). {REBUILD}"
        )
    return Store(meta, chunks, figures, vectors, sentence_vectors, bm25)


def _article_figures(article: Article, chunks: list[Chunk]) -> Iterator[Figure]:
    mine = [c for c in chunks if c.article_id == article.id]
    text = article_text(article)
    for chunk in mine:
        for number, (start, end) in enumerate(chunk.sentences):
            for f in extract_figures(text[start:end], article.published):
                yield _placed(f, start, chunk.id, number)


def _placed(figure: Figure, offset: int, chunk_id: str, sentence: int) -> Figure:
    row = figure.to_dict()
    row.update(
        start=figure.start + offset, end=figure.end + offset, chunk_id=chunk_id, sentence=sentence
    )
    return Figure(**row)  # type: ignore[arg-type]


def _embed(embedder: Embedder, texts: list[str], progress: Progress | None) -> np.ndarray:
    rows = []
    batch = 64
    for i in range(0, len(texts), batch):
        rows.append(embedder.embed_documents(texts[i : i + batch]))
        if progress is not None:
            progress(len(rows[-1]), len(texts))
    return np.ascontiguousarray(np.vstack(rows), dtype=np.float32)


def _write_faiss(path: Path, vectors: np.ndarray) -> None:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    faiss.write_index(index, str(path))


def _read_faiss(path: Path) -> Any:
    import faiss

    if not path.exists():
        raise FileNotFoundError(path.name)
    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)


def _write_bm25(path: Path, texts: list[str]) -> None:
    import bm25s

    model = bm25s.BM25()
    model.index([tokenize(t) or [""] for t in texts], show_progress=False)
    model.save(str(path), show_progress=False)


def _read_bm25(path: Path) -> Any:
    import bm25s

    if not (path / "params.index.json").exists():
        raise FileNotFoundError("bm25/params.index.json")
    return bm25s.BM25.load(str(path), mmap=False, show_progress=False)


def _chunk(row: dict[str, Any]) -> Chunk:
    row["sentences"] = tuple(tuple(s) for s in row["sentences"])
    return Chunk(**row)


def _write_jsonl(path: Path, rows: Iterator[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _swap_into_place(tmp: Path, index_dir: Path) -> None:
    old = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}"
    if index_dir.exists():
        os.replace(index_dir, old)
    os.replace(tmp, index_dir)
    shutil.rmtree(old, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    for child in path.rglob("*"):
        if child.is_file():
            with open(child, "rb") as handle:
                os.fsync(handle.fileno())


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"missing {Path(exc.filename or str(exc)).name}"
    if isinstance(exc, (ValueError, KeyError, TypeError)):
        return "a file is not in the expected format"
    return type(exc).__name__
