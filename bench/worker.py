"""A child process for one measured job: `build` an index, or `ask` the evaluation questions.

Each job runs in a fresh process so its memory (VmHWM) and start-up are its own. It prints
one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.corpora import eval_questions
from bench.measure import EVAL_SET, VAR, dir_mb, ms, percentile, rss_mb

SHIPPED = "onnx-int8"  # bot.settings.Settings' default TALLY_EMBEDDING_BACKEND


def embedder_for(backend: str) -> Any:
    """The embedder `tally` builds for TALLY_EMBEDDING_BACKEND=`backend` (ONNX exports cached
    in var/bench/models)."""
    from bot.app import make_embedder
    from bot.settings import Settings

    return make_embedder(Settings(tally_embedding_backend=backend, tally_index_dir=VAR / "index"))


def build(corpus: Path, index: Path, backend: str = SHIPPED) -> dict[str, Any]:
    """Build `index` from `corpus` with Tally's build_index and the real model, timed."""
    from index.store import build_index

    embedder = embedder_for(backend)
    embedder.embed_query("load the model before the clock starts")
    started = time.perf_counter()
    report = build_index(corpus, index, embedder, reuse=False)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "articles": report.articles,
        "chunks": report.chunks,
        "sentences": report.sentences,
        "texts": report.chunks + report.sentences,
        "figures": report.figures,
        "index_mb": dir_mb(index),
    } | rss_mb()


def ask(index: Path, rounds: int, backend: str = SHIPPED) -> dict[str, Any]:
    """Answer the evaluation questions `rounds` times, beside the bare query embedding."""
    from bot.answer import Answerer
    from bot.evaluation import load_cases, metrics, run_cases
    from index.retrieval import Retriever
    from index.store import load_store

    started = time.perf_counter()
    embedder = embedder_for(backend)
    answerer = Answerer(Retriever(load_store(index), embedder))
    embedder.embed_query("load the model")
    loaded = time.perf_counter() - started
    memory = rss_mb()
    quality = metrics(run_cases(answerer, load_cases(EVAL_SET)))  # also warms every path
    questions = eval_questions(EVAL_SET)
    answer: list[float] = []
    floor: list[float] = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            embedder.embed_query(q)
            floor.append(time.perf_counter() - t)
        for q in questions:
            t = time.perf_counter()
            answerer.ask(q)
            answer.append(time.perf_counter() - t)
    return {
        "load_seconds": round(loaded, 2),
        "chunks": len(answerer.retriever.store.chunks),
        "answer_ms": {f"p{p}": ms(percentile(answer, p)) for p in (50, 95, 99)},
        "floor_ms": {f"p{p}": ms(percentile(floor, p)) for p in (50, 95, 99)},
        "answer_accuracy": round(quality["answer_accuracy"], 3),
        "overall_accuracy": round(quality["overall_accuracy"], 3),
        "loaded_rss_mb": memory["rss_mb"],
    } | rss_mb()


def compare(indexes: list[Path], rounds: int, backend: str = SHIPPED) -> dict[str, Any]:
    """Answer each question of every index in turn, `rounds` times over, in one process.

    One model serves all the indexes and their questions alternate, so a busy neighbour
    slows each alike: the latency ratio between corpora is side by side.
    """
    from bot.answer import Answerer
    from index.retrieval import Retriever
    from index.store import load_store

    embedder = embedder_for(backend)
    answerers = {str(i): Answerer(Retriever(load_store(i), embedder)) for i in indexes}
    questions = eval_questions(EVAL_SET)
    samples: dict[str, list[float]] = {name: [] for name in answerers}
    for question in questions:  # warm every path and fill the per-process caches
        for answerer in answerers.values():
            answerer.ask(question)
    for _ in range(rounds):
        for question in questions:
            for name, answerer in answerers.items():
                t = time.perf_counter()
                answerer.ask(question)
                samples[name].append(time.perf_counter() - t)
    return {
        name: {f"p{p}": ms(percentile(times, p)) for p in (50, 95, 99)}
        for name, times in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    jobs = parser.add_subparsers(dest="job", required=True)
    b = jobs.add_parser("build")
    b.add_argument("--corpus", type=Path, required=True)
    b.add_argument("--index", type=Path, required=True)
    a = jobs.add_parser("ask")
    a.add_argument("--index", type=Path, required=True)
    a.add_argument("--rounds", type=int, default=5)
    c = jobs.add_parser("compare")
    c.add_argument("--index", type=Path, action="append", required=True)
    c.add_argument("--rounds", type=int, default=5)
    for job in (b, a, c):
        job.add_argument("--backend", default=SHIPPED, help="TALLY_EMBEDDING_BACKEND to use")
    args = parser.parse_args()
    if args.job == "build":
        result = build(args.corpus, args.index, args.backend)
    elif args.job == "compare":
        result = compare(args.index, args.rounds, args.backend)
    else:
        result = ask(args.index, args.rounds, args.backend)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
