"""Warm question latency: Tally's Answerer against the floor, a bare query embedding.

Both run in one process with one loaded model, in alternating rounds over the evaluation
questions, so a busy neighbour on the machine slows both alike. "answer" is Tally as
bot.app.open_app ships it (torch on one thread while it embeds a question); the floor is the
faster, at each percentile, of the bare embedding on torch's default threads and on one.
A further loop in the same rounds answers with torch's default threads for the question.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from bench.corpora import ensure_index, eval_questions
from bench.measure import ARTICLE_CORPUS, EVAL_SET, VAR, Report, Row, ms, percentile

GOALS = {50: 1.5, 95: None, 99: 3.0}


def run(rounds: int = 10) -> Report:
    """Measure p50/p95/p99 of answering, retrieval alone and the floor, `rounds` times over."""
    import faiss
    import torch

    from bot.answer import Answerer
    from index.embedding import SentenceTransformerEmbedder
    from index.retrieval import Retriever
    from index.store import load_store

    embedder = SentenceTransformerEmbedder()
    index_dir = ensure_index(ARTICLE_CORPUS, VAR / "index-article", embedder)
    store = load_store(index_dir)
    two_threads = Answerer(Retriever(store, embedder))
    # As bot.app.open_app ships it: one torch thread while embedding a question.
    answerer = Answerer(Retriever(store, SentenceTransformerEmbedder(query_threads=1)))
    questions = eval_questions(EVAL_SET)
    model = embedder.model
    default = (torch.get_num_threads(), faiss.omp_get_max_threads())

    def floor(q: str) -> object:
        return model.encode([q], normalize_embeddings=True, show_progress_bar=False)

    # name: (call, torch threads, faiss threads); None keeps the library's default.
    loops: dict[str, tuple[Callable[[str], object], int | None, int | None]] = {
        "floor": (floor, None, None),
        "answer": (answerer.ask, None, None),
        "search": (answerer.retriever.search, None, None),
        "answer_torch_default": (two_threads.ask, None, None),
        "floor_torch1": (floor, 1, None),
    }
    samples: dict[str, list[float]] = {name: [] for name in loops}
    for call, _, _ in loops.values():  # warm every path once
        for q in questions:
            call(q)
    for _ in range(rounds):
        for name, (call, torch_threads, faiss_threads) in loops.items():
            torch.set_num_threads(torch_threads or default[0])
            faiss.omp_set_num_threads(faiss_threads or default[1])
            samples[name] += [_timed(call, q) for q in questions]
        torch.set_num_threads(default[0])
        faiss.omp_set_num_threads(default[1])
    return _report(samples, len(questions), rounds, default)


def _timed(call: Callable[[str], object], question: str) -> float:
    started = time.perf_counter()
    call(question)
    return time.perf_counter() - started


def _report(
    samples: dict[str, list[float]], n: int, rounds: int, threads: tuple[int, int]
) -> Report:
    report = Report("latency")

    def row(name: str, p: int, label: str, goal: float | None = None, note: str = "") -> Row:
        tally = percentile(samples[name], p)
        floors = {
            "bare query embedding, torch default threads": percentile(samples["floor"], p),
            "bare query embedding, torch 1 thread": percentile(samples["floor_torch1"], p),
        }
        reference = min(floors, key=lambda k: floors[k])
        base = floors[reference]
        met = None if goal is None else tally / base <= goal
        target = f"<= {goal}x" if goal else ""
        return Row("warm latency", label, ms(tally), ms(base), "ms", reference, target, met, note)

    report.rows += [row("answer", p, f"answer p{p}", goal) for p, goal in GOALS.items()]
    default = "torch default threads for the question (before this session's change)"
    report.rows += [
        row("search", 50, "retrieval only p50", note="Retriever.search"),
        row("answer_torch_default", 50, "answer p50", note=default),
        row("answer_torch_default", 99, "answer p99", note=default),
    ]
    report.raw = {
        "questions": n,
        "rounds": rounds,
        "default_threads": {"torch": threads[0], "faiss": threads[1]},
        "percentiles_ms": {
            name: {f"p{p}": ms(percentile(s, p)) for p in (50, 90, 95, 99)} | {"max": ms(max(s))}
            for name, s in samples.items()
        },
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions")
    args = parser.parse_args()
    print(json.dumps(run(args.rounds).to_json()))


if __name__ == "__main__":
    main()
