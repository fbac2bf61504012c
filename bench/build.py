"""Index build: texts per second of build_index against a bare `encode` of the same texts.

The texts are what build_index embeds: every chunk, then every sentence; every build here
runs with `reuse=False`, so it embeds them all. Timed in the same rounds: build_index with
torch fp32 and with onnx-int8 (the shipped default; goal: at least 2x the bare torch encode),
and with a free embedder (everything but the model). Then, with a counting free embedder, how
many texts a rebuild embeds after one article is added to a built corpus of `--incremental`
articles (rebuilds reuse the vectors of unchanged texts).
"""

from __future__ import annotations

import argparse
import json
import shutil
import time

import numpy as np

from bench.corpora import news_corpus
from bench.measure import ARTICLE_CORPUS, VAR, Report, Row


class FreeEmbedder:
    """Costs nothing and counts the texts it is given: the build without the model."""

    model_id = "bench-free-embedder"

    def __init__(self) -> None:
        self.texts = 0

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        rows = np.zeros((len(texts), 384), dtype=np.float32)
        rows[:, 0] = 1.0
        return rows

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def build_texts(corpus: object) -> list[str]:
    """The texts build_index embeds, in its order: chunks, then their sentences."""
    from index.chunking import chunk_article
    from index.corpus import load_corpus

    articles, _ = load_corpus(corpus)  # type: ignore[arg-type]
    chunks = [c for a in articles for c in chunk_article(a)]
    return [c.text for c in chunks] + [s for c in chunks for s in c.sentence_texts()]


def run(articles: int = 100, rounds: int = 2, incremental: int = 1000) -> Report:
    """Time each way of embedding the corpus `rounds` times, alternating."""
    from index.embedding import SentenceTransformerEmbedder
    from index.onnx_embedding import OnnxEmbedder
    from index.store import build_index

    corpus = news_corpus(articles, with_seed=False)
    index_dir = VAR / f"index-build-{articles}"
    embedder = SentenceTransformerEmbedder()
    onnx = OnnxEmbedder(variant="int8", cache_dir=VAR / "models")
    texts = build_texts(corpus)
    embedder.embed_documents(texts[:64])  # load and warm the model
    onnx.embed_documents(texts[:64])  # export (once) and load
    jobs = {
        "build_index": lambda: build_index(corpus, index_dir, embedder, reuse=False),
        "build_index_onnx": lambda: build_index(
            corpus, VAR / f"index-build-onnx-{articles}", onnx, reuse=False
        ),
        "bare_encode": lambda: embedder.model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        ),
        "build_without_model": lambda: build_index(corpus, index_dir, FreeEmbedder(), reuse=False),
    }
    seconds: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(rounds):
        for name, job in jobs.items():
            started = time.perf_counter()
            job()
            seconds[name].append(time.perf_counter() - started)
    best = {name: min(s) for name, s in seconds.items()}
    rate = {name: len(texts) / s for name, s in best.items()}
    report = Report("build")
    overhead = best["build_index"] / best["bare_encode"] - 1
    report.rows += [
        Row(
            "index build",
            f"build_index with torch, {articles} articles",
            round(rate["build_index"], 1),
            round(rate["bare_encode"], 1),
            "texts/s",
            "bare encode, same texts",
            "overhead <= 10%",
            overhead <= 0.10,
            f"overhead {overhead:+.0%}",
        ),
        Row(
            "index build",
            f"build_index with onnx-int8 (shipped), {articles} articles",
            round(rate["build_index_onnx"], 1),
            round(rate["bare_encode"], 1),
            "texts/s",
            "bare torch fp32 encode, same texts",
            ">= 2x",
            rate["build_index_onnx"] >= 2 * rate["bare_encode"],
        ),
        Row(
            "index build",
            "build_index without the model",
            round(best["build_without_model"], 2),
            round(best["build_index"], 2),
            "s",
            "build_index",
            note="chunk, figures, BM25, write",
        ),
    ]
    report.raw = {
        "articles": articles,
        "texts": len(texts),
        "rounds": rounds,
        "seconds": {k: [round(x, 2) for x in v] for k, v in seconds.items()},
    }
    if incremental:
        report.rows.append(_incremental(incremental))
    return report


def _incremental(articles: int) -> Row:
    """Texts a rebuild embeds after one article joins a built corpus of `articles`."""
    from index.store import build_index

    base = news_corpus(articles, with_seed=False)
    grown = VAR / f"corpus-news-{articles}-plus-one"
    shutil.rmtree(grown, ignore_errors=True)
    shutil.copytree(base, grown)
    index_dir = VAR / f"index-incremental-{articles}"
    build_index(grown, index_dir, FreeEmbedder())
    for seed in ARTICLE_CORPUS.glob("*.md"):
        shutil.copy(seed, grown / seed.name)
    counting = FreeEmbedder()
    build_index(grown, index_dir, counting)
    own = len(build_texts(ARTICLE_CORPUS))
    return Row(
        "index build",
        f"texts embedded after adding 1 article to {articles}",
        counting.texts,
        own,
        "texts",
        "the new article's own texts",
        "only the new article",
        counting.texts <= own,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100, help="news articles to build")
    parser.add_argument("--rounds", type=int, default=2, help="timed runs of each way")
    parser.add_argument(
        "--incremental",
        type=int,
        default=1000,
        help="corpus size for the add-one-article check (0 skips it)",
    )
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.rounds, args.incremental).to_json()))


if __name__ == "__main__":
    main()
