"""ONNX Runtime against torch fp32: build throughput, agreement, query latency, evaluation.

All in the app's venv and in one process: torch fp32 (`SentenceTransformerEmbedder`, what
`torch` builds use) and `index.onnx_embedding.OnnxEmbedder` as fp32 and int8 (exported from
the packaged weights into var/bench/models on first use), each built as bot.app.make_embedder
builds it. In alternating rounds, each embeds the chunks and sentences of N news articles;
then the cosine of each ONNX row to torch's, the p50 of `embed_query` over the evaluation
questions, and Tally's scores on tests/eval/article.jsonl with each as the embedder.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

import numpy as np

from bench.build import build_texts
from bench.corpora import eval_questions, news_corpus
from bench.measure import (
    ARTICLE_CORPUS,
    EVAL_SET,
    VAR,
    Report,
    Row,
    describe_int8,
    int8_variant,
    ms,
    percentile,
)

BASE = "torch_fp32"
SCORES = ("answer_accuracy", "overall_accuracy", "recall@1", "abstention_f1")


def run(articles: int = 30, rounds: int = 2) -> Report:
    """Measure ONNX fp32 and int8 beside torch fp32; skip with the reason if ONNX cannot run."""
    report = Report("onnx")
    load = [round(x, 2) for x in os.getloadavg()]
    try:
        import onnxruntime
    except ImportError as exc:
        report.skipped.append(f"ONNX path skipped: onnxruntime cannot be imported ({exc})")
        return report
    from index.errors import ModelError

    texts = build_texts(news_corpus(articles, with_seed=False))
    try:
        embedders = _embedders(texts)
    except ModelError as exc:
        report.skipped.append(f"ONNX path skipped: {exc}")
        return report
    seconds, vectors = _throughput(embedders, texts, rounds)
    latency = _query_latency(embedders, eval_questions(EVAL_SET), rounds)
    scores = {name: _scores(name, embedder) for name, embedder in embedders.items()}
    report.raw = {
        "articles": articles,
        "texts": len(texts),
        "rounds": rounds,
        "versions": {"onnxruntime": onnxruntime.__version__},
        "int8": int8_variant(embedders["onnx_int8"].model_file()),
        "seconds": {k: [round(x, 2) for x in v] for k, v in seconds.items()},
        "cosine_to_torch": {n: _cosines(v, vectors[BASE]) for n, v in vectors.items() if n != BASE},
        "query_ms": {
            n: {f"p{p}": ms(percentile(s, p)) for p in (50, 95, 99)} for n, s in latency.items()
        },
        "scores": scores,
        "load_average": {"before": load, "after": [round(x, 2) for x in os.getloadavg()]},
    }
    rates = {name: len(texts) / min(s) for name, s in seconds.items()}
    for name in ("onnx_fp32", "onnx_int8"):
        report.rows += _rows(name, articles, rates, report.raw)
    return report


def _embedders(texts: list[str]) -> dict[str, Any]:
    """torch fp32, ONNX fp32 and ONNX int8 as bot.app.make_embedder builds them, warmed."""
    from index.embedding import SentenceTransformerEmbedder
    from index.onnx_embedding import OnnxEmbedder

    cache = VAR / "models"
    embedders = {
        BASE: SentenceTransformerEmbedder(query_threads=1),
        "onnx_fp32": OnnxEmbedder(variant="fp32", cache_dir=cache),
        "onnx_int8": OnnxEmbedder(variant="int8", cache_dir=cache),
    }
    for embedder in embedders.values():  # load (and export, the first time) and warm
        embedder.embed_documents(texts[:64])
        embedder.embed_query(texts[0])
    return embedders


def _throughput(
    embedders: dict[str, Any], texts: list[str], rounds: int
) -> tuple[dict[str, list[float]], dict[str, np.ndarray]]:
    """Seconds of each embedder's `embed_documents(texts)`, alternating, and its last rows."""
    seconds: dict[str, list[float]] = {name: [] for name in embedders}
    vectors = {}
    for _ in range(rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            vectors[name] = embedder.embed_documents(texts)
            seconds[name].append(time.perf_counter() - started)
    return seconds, vectors


def _query_latency(
    embedders: dict[str, Any], questions: list[str], rounds: int
) -> dict[str, list[float]]:
    """Seconds of each `embed_query` over the questions, alternating embedders each round."""
    samples: dict[str, list[float]] = {name: [] for name in embedders}
    for _ in range(rounds):
        for name, embedder in embedders.items():
            for question in questions:
                started = time.perf_counter()
                embedder.embed_query(question)
                samples[name].append(time.perf_counter() - started)
    return samples


def _cosines(rows: np.ndarray, base: np.ndarray) -> dict[str, float]:
    """Min and mean cosine of each row to the same row of `base` (both normalised)."""
    cosine = (rows * base).sum(axis=1)
    return {"min": round(float(cosine.min()), 6), "mean": round(float(cosine.mean()), 6)}


def _scores(name: str, embedder: Any) -> dict[str, float]:
    """Tally's evaluation metrics on the one-article corpus with `embedder`, built afresh."""
    from bot.answer import Answerer
    from bot.evaluation import load_cases, metrics, run_cases
    from index.retrieval import Retriever
    from index.store import build_index, load_store

    index_dir = VAR / f"index-onnx-{name}"
    build_index(ARTICLE_CORPUS, index_dir, embedder, reuse=False)
    answerer = Answerer(Retriever(load_store(index_dir), embedder))
    found = metrics(run_cases(answerer, load_cases(EVAL_SET)))
    return {k: round(v, 4) for k, v in found.items() if "latency" not in k}


def _rows(name: str, articles: int, rates: dict[str, float], raw: dict[str, Any]) -> list[Row]:
    """Throughput, agreement, query p50 and worst evaluation drop of one ONNX variant."""
    variant = name.removeprefix("onnx_")
    ratio = rates[name] / rates[BASE]
    cosine = raw["cosine_to_torch"][name]
    scores, base = raw["scores"][name], raw["scores"][BASE]
    drop = max(100 * (base[s] - scores[s]) for s in SCORES)
    return [
        Row(
            "onnx",
            f"ONNX {variant} embed_documents, {articles} articles",
            round(rates[name], 1),
            round(rates[BASE], 1),
            "texts/s",
            "torch fp32, same texts",
            ">= 2x" if variant == "int8" else "",
            ratio >= 2.0 if variant == "int8" else None,
            f"{raw['texts']} texts, best of {raw['rounds']}"
            + (f"; {describe_int8(raw['int8'])}" if variant == "int8" else ""),
        ),
        Row(
            "onnx",
            f"ONNX {variant} cosine to torch fp32, min",
            cosine["min"],
            None,
            "",
            "torch fp32 rows",
            note=f"mean {cosine['mean']}",
        ),
        Row(
            "onnx",
            f"ONNX {variant} embed_query p50",
            raw["query_ms"][name]["p50"],
            raw["query_ms"][BASE]["p50"],
            "ms",
            "torch fp32, 1 thread",
        ),
        Row(
            "onnx",
            f"ONNX {variant} eval scores, worst drop",
            round(drop, 1),
            None,
            "points",
            "torch fp32",
            "<= 1 point",
            round(drop, 6) <= 1.0,
            ", ".join(f"{s} {scores[s]:.3f} ({base[s]:.3f})" for s in SCORES),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=30, help="news articles to embed")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes of each embedder")
    args = parser.parse_args()
    from bot.app import quiet_libraries

    quiet_libraries()  # the app's environment: offline, no tokenizer threads beside ORT's
    print(json.dumps(run(args.articles, max(2, args.rounds)).to_json()))


if __name__ == "__main__":
    main()
