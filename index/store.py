"""Build the index directory atomically, and load it back with every part checked."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from index import files
from index.atomic import recover, swap_into_place, swapping, temp_dir, tidy
from index.chunking import Chunk, article_text, chunk_article
from index.corpus import Article, CorpusProblem, corpus_files, corpus_hash, load_corpus
from index.embedding import Embedder
from index.errors import IndexBusy, IndexDamaged, IndexMissing, TallyError
from index.figures import Figure, extract_figures, malformed_numbers
from index.integrity import changed_file, digests, disagreement
from index.lexical import Bm25
from index.vectors import embed_texts, previous_rows

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: meta.json lists a SHA-256 for every file
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
    malformed: int = 0  # number-like tokens no figure could be read from ("1.2.3", "5,00")
    embedded: int = 0  # distinct texts the model embedded
    reused: int = 0  # distinct texts whose vectors came from the previous index


@dataclass
class Store:
    """A loaded index: chunks, their sentences and figures, dense vectors and BM25."""

    meta: dict[str, Any]
    chunks: list[Chunk]
    figures: list[Figure]
    vectors: Any  # faiss.Index over chunk vectors
    sentence_vectors: np.ndarray
    bm25: Bm25  # over chunk tokens, read without bm25s
    sentence_chunk: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        owners = [i for i, chunk in enumerate(self.chunks) for _ in chunk.sentences]
        self.sentence_chunk = np.asarray(owners, dtype=np.int64)
        self.sentence_first = np.cumsum([0] + [len(c.sentences) for c in self.chunks])


def corpus_state(corpus_dir: Path, model_id: str) -> dict[str, str]:
    """What an up-to-date index must have been built from: corpus, model and indexing code."""
    paths = corpus_files(corpus_dir)
    return {"corpus_hash": corpus_hash(paths, corpus_dir), "model": model_id, "code": _code_hash()}


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


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    progress: Progress | None = None,
    reuse: bool = True,
) -> BuildReport:
    """Read, chunk, extract, embed and write the index; the old one stays until the new is whole.

    With `reuse`, texts the current index already holds, embedded by the same model and
    library versions, keep their vectors: only new or changed texts are embedded.
    Builds that may run at the same time hold `index.atomic.build_lock` around this call.
    """
    started = time.perf_counter()
    tidy(index_dir)
    state = corpus_state(corpus_dir, embedder.model_id)
    articles, problems = load_corpus(corpus_dir)
    chunks = [c for a in articles for c in chunk_article(a)]
    by_article: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_article.setdefault(chunk.article_id, []).append(chunk)
    figures = [f for a in articles for f in _article_figures(a, by_article.get(a.id, []))]
    malformed = sum(len(malformed_numbers(p)) for a in articles for p in a.paragraphs)
    sentences = [s for c in chunks for s in c.sentence_texts()]
    texts = [c.text for c in chunks] + sentences
    packages = {p: _version(p) for p in ("faiss-cpu", "bm25s", "sentence-transformers")}
    known = _reusable(index_dir, state["model"], packages, texts) if reuse else {}
    vectors, embedded, reused = embed_texts(embedder, texts, known, progress)
    chunk_vectors, sentence_vectors = vectors[: len(chunks)], vectors[len(chunks) :]
    meta = {
        "format_version": FORMAT_VERSION,
        **state,
        "dimension": int(chunk_vectors.shape[1]),
        "articles": len(articles),
        "chunks": len(chunks),
        "sentences": len(sentences),
        "figures": len(figures),
        "malformed_numbers": malformed,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "packages": packages,
        "skipped": [str(p) for p in problems],
    }
    tmp = temp_dir(index_dir)
    try:
        files.write_jsonl(tmp / "chunks.jsonl", (asdict(c) for c in chunks))
        files.write_jsonl(tmp / "figures.jsonl", (f.to_dict() for f in figures))
        np.save(tmp / "sentences.npy", sentence_vectors, allow_pickle=False)
        files.write_faiss(tmp / "vectors.faiss", chunk_vectors)
        files.write_bm25(tmp / "bm25", [c.text for c in chunks])
        meta["files"] = digests(tmp)
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        swap_into_place(tmp, index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    return BuildReport(
        len(articles),
        len(chunks),
        len(sentences),
        len(figures),
        seconds,
        problems,
        malformed,
        embedded,
        reused,
    )


def load_store(index_dir: Path, model: str | None = None) -> Store:
    """Load and cross-check every index file; raise IndexMissing or IndexDamaged otherwise.

    With `model`, an index built by another embedding model is refused too.
    """
    for _ in range(100):
        before = _identity(index_dir)
        try:
            store = _load(index_dir)
        except (IndexMissing, IndexDamaged):
            if _identity(index_dir) == before and not swapping(index_dir):
                raise
            time.sleep(0.02)  # a build swapped a new index in while we read: read that one
            continue
        if _identity(index_dir) == before:
            break
    else:
        raise IndexBusy(f"The index at {index_dir} keeps changing; try again soon.")
    if model is not None and store.meta.get("model") != model:
        other = store.meta.get("model")
        raise _damaged(index_dir, f"was built with the embedding model {other!r}, not {model!r}")
    return store


def _load(index_dir: Path) -> Store:
    try:
        return _load_parts(index_dir)
    except OSError as exc:  # e.g. a build deleted the directory while we listed it
        log.debug("reading %s failed", index_dir, exc_info=True)
        raise _damaged(index_dir, f"is damaged ({exc.strerror or type(exc).__name__})") from None


def _load_parts(index_dir: Path) -> Store:
    meta = _read_meta(index_dir)
    parts = {}
    for name, read in files.READERS.items():
        try:
            parts[name] = read(index_dir / name)
        except Exception as exc:  # any unreadable part means the same thing to the user
            log.debug("reading %s failed", name, exc_info=True)
            missing = isinstance(exc, FileNotFoundError)
            reason = f"missing {name}" if missing else f"unreadable {name}"
            raise _damaged(index_dir, f"is damaged ({reason})") from None
    chunks, figures = parts["chunks.jsonl"], parts["figures.jsonl"]
    vectors, sentence_vectors, bm25 = parts["vectors.faiss"], parts["sentences.npy"], parts["bm25"]
    problem = disagreement(meta, chunks, figures, vectors, sentence_vectors, bm25)
    if problem:
        raise _damaged(index_dir, f"is inconsistent ({problem})")
    changed = changed_file(index_dir, meta)
    if changed:
        raise _damaged(index_dir, f"is damaged ({changed} changed after it was built)")
    return Store(meta, chunks, figures, vectors, sentence_vectors, bm25)


def _read_meta(index_dir: Path) -> dict[str, Any]:
    path = index_dir / "meta.json"
    if not path.exists():
        recover(index_dir)  # a build killed between its two renames left it aside
    if not path.exists():
        if index_dir.is_dir() and any(index_dir.iterdir()):
            raise _damaged(index_dir, "is damaged (no meta.json)")
        raise IndexMissing(f"No index at {index_dir}. Run `tally build` to create it.")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = None
    if not isinstance(meta, dict):
        raise _damaged(index_dir, "is damaged (unreadable meta.json)")
    if meta.get("format_version") != FORMAT_VERSION:
        raise _damaged(index_dir, "is from another version of Tally")
    return meta


def _damaged(index_dir: Path, what: str) -> IndexDamaged:
    return IndexDamaged(f"The index at {index_dir} {what}. {REBUILD}")


def _identity(path: Path) -> tuple[int, int] | None:
    """The directory's device and inode: a swap puts a new directory in its place."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _article_figures(article: Article, chunks: list[Chunk]) -> Iterator[Figure]:
    """The figures of `article`'s `chunks`, placed at their offsets in the article."""
    text = article_text(article)
    for chunk in chunks:
        for number, (start, end) in enumerate(chunk.sentences):
            for f in extract_figures(text[start:end], article.published):
                yield _placed(f, start, chunk.id, number)


def _placed(figure: Figure, offset: int, chunk_id: str, sentence: int) -> Figure:
    row = figure.to_dict()
    row.update(
        start=figure.start + offset, end=figure.end + offset, chunk_id=chunk_id, sentence=sentence
    )
    return Figure(**row)  # type: ignore[arg-type]


def _reusable(
    index_dir: Path, model: str, packages: dict[str, str], texts: list[str]
) -> dict[str, np.ndarray]:
    """The current index's vectors by text, if it loads whole and was embedded the same way."""
    if not (index_dir / "meta.json").exists():
        return {}
    try:
        store = load_store(index_dir)
    except TallyError as exc:
        log.info("embedding every text: the previous index is not reusable (%s)", exc)
        return {}
    same_library = store.meta.get("packages", {}).get("sentence-transformers")
    if store.meta.get("model") != model or same_library != packages["sentence-transformers"]:
        return {}
    return previous_rows(store, texts)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"
