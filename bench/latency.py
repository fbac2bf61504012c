"""Warm question latency: Tally's Answerer against the floor, a bare query embedding.

Everything runs in one process, in alternating rounds over the evaluation questions, so a
busy neighbour on the machine slows every loop alike. Two backends, each with its own index of
the one-article corpus and its own floor:

- onnx-int8, as shipped (bot.app.make_embedder's default): the answer against
  OnnxEmbedder.embed_query alone (tokenize, run the int8 model, pool);
- torch fp32 (TALLY_EMBEDDING_BACKEND=torch): the answer as shipped (one torch thread while
  it embeds a question) against the faster, at each percentile, of a bare
  SentenceTransformer.encode on torch's default threads and on one; and the answer with
  torch's default threads, as it was before that setting.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from bench.corpora import ensure_index, eval_questions
from bench.measure import (
    ARTICLE_CORPUS,
    EVAL_SET,
    VAR,
    Report,
    Row,
    ms,
    percentile,
    percentiles_ms,
)

GOALS = {50: 1.5, 95: None, 99: 3.0}
TORCH_FLOORS = {
    "floor_torch": "bare encode, torch default threads",
    "floor_torch1": "bare encode, torch 1 thread",
}


def run(rounds: int = 10) -> Report:
    """Measure p50/p95/p99 of answering, retrieval alone and the floors, `rounds` times over."""
    import torch

    from bot.answer import Answerer
    from index.embedding import SentenceTransformerEmbedder
    from index.onnx_embedding import OnnxEmbedder
    from index.retrieval import Retriever
    from index.store import load_store

    def answerer(embedder: object, name: str) -> Answerer:
        index_dir = ensure_index(ARTICLE_CORPUS, VAR / name, embedder)
        return Answerer(Retriever(load_store(index_dir), embedder))  # type: ignore[arg-type]

    onnx = OnnxEmbedder(variant="int8", cache_dir=VAR / "models")
    shipped = answerer(onnx, "index-article-onnx-int8")
    torch_embedder = SentenceTransformerEmbedder()
    torch_default = answerer(torch_embedder, "index-article")
    torch_one = Answerer(Retriever(torch_default.retriever.store, SentenceTransformerEmbedder(
        query_threads=1)))  # fmt: skip
    model = torch_embedder.model
    default_threads = torch.get_num_threads()

    def encode(q: str) -> object:
        return model.encode([q], normalize_embeddings=True, show_progress_bar=False)

    # name: (call, torch threads); None keeps torch's default.
    loops: dict[str, tuple[Callable[[str], object], int | None]] = {
        "floor_onnx": (onnx.embed_query, None),
        "answer_onnx": (shipped.ask, None),
        "search_onnx": (shipped.retriever.search, None),
        "floor_torch": (encode, None),
        "floor_torch1": (encode, 1),
        "answer_torch": (torch_one.ask, None),
        "answer_torch_default": (torch_default.ask, None),
    }
    questions = eval_questions(EVAL_SET)
    samples: dict[str, list[float]] = {name: [] for name in loops}
    for call, _ in loops.values():  # warm every path once
        for q in questions:
            call(q)
    for _ in range(rounds):
        for name, (call, threads) in loops.items():
            torch.set_num_threads(threads or default_threads)
            samples[name] += [_timed(call, q) for q in questions]
        torch.set_num_threads(default_threads)
    return _report(samples, len(questions), rounds)


def _timed(call: Callable[[str], object], question: str) -> float:
    started = time.perf_counter()
    call(question)
    return time.perf_counter() - started


def _report(samples: dict[str, list[float]], n: int, rounds: int) -> Report:
    report = Report("latency")

    def row(
        name: str, p: int, label: str, floors: dict[str, str], goal: float | None = None,
        note: str = "",
    ) -> Row:  # fmt: skip
        tally = percentile(samples[name], p)
        at = {key: percentile(samples[key], p) for key in floors}
        reference = min(at, key=lambda k: at[k])
        met = None if goal is None else tally / at[reference] <= goal
        target = f"<= {goal}x" if goal else ""
        return Row(
            "warm latency", label, ms(tally), ms(at[reference]), "ms", floors[reference], target,
            met, note,
        )  # fmt: skip

    onnx_floor = {"floor_onnx": "bare query embedding, onnx-int8"}
    report.rows += [
        row("answer_onnx", p, f"answer p{p} (onnx-int8, shipped)", onnx_floor, goal)
        for p, goal in GOALS.items()
    ]
    report.rows += [row("search_onnx", 50, "retrieval only p50 (onnx-int8)", onnx_floor)]
    report.rows += [
        row("answer_torch", p, f"answer p{p} (torch)", TORCH_FLOORS, goal)
        for p, goal in GOALS.items()
    ]
    before = "torch default threads for the question (before this session's change)"
    report.rows += [
        row("answer_torch_default", p, f"answer p{p} (torch)", TORCH_FLOORS, note=before)
        for p in (50, 99)
    ]
    torch_floor = {"floor_torch": TORCH_FLOORS["floor_torch"]}
    report.rows += [
        row("floor_onnx", p, f"onnx-int8 query embedding p{p}", torch_floor, note="floor vs floor")
        for p in (50, 99)
    ]
    report.raw = {
        "questions": n,
        "rounds": rounds,
        "percentiles_ms": percentiles_ms(samples),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions")
    args = parser.parse_args()
    print(json.dumps(run(args.rounds).to_json()))


if __name__ == "__main__":
    main()
