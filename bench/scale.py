"""Scale: N real news articles (plus the seed article) against the one-article corpus.

Each build and each corpus's memory and accuracy run is its own process (bench/worker.py), so
build time, index size on disk and memory (VmHWM, VmRSS) are each corpus's own. Question
latency is measured side by side: one process, one model, the two corpora answering each
question in turn. The evaluation questions are asked of both corpora: on the large one the
seed article's answers must be found among N distractors.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.corpora import news_corpus
from bench.measure import ARTICLE_CORPUS, VAR, Report, Row, run_json


def run(articles: int = 300, rounds: int = 5) -> Report:
    """Build both corpora and ask both the evaluation questions."""
    corpus = news_corpus(articles)
    sides = {
        "one": (ARTICLE_CORPUS, VAR / "index-scale-one"),
        "news": (corpus, VAR / f"index-scale-news-{articles}"),
    }
    built = {
        side: _worker("build", "--corpus", str(c), "--index", str(i))
        for side, (c, i) in sides.items()
    }
    asked = {
        side: _worker("ask", "--index", str(i), "--rounds", "1") for side, (_, i) in sides.items()
    }
    indexes = [str(i) for _, i in sides.values()]
    latency = _worker("compare", *(f"--index={i}" for i in indexes), "--rounds", str(rounds))
    one, news = asked["one"], asked["news"]
    one["answer_ms"], news["answer_ms"] = latency[indexes[0]], latency[indexes[1]]
    n = built["news"]["articles"]
    report = Report("scale")
    p50_ratio = news["answer_ms"]["p50"] / one["answer_ms"]["p50"]
    report.rows += [
        Row(
            "scale",
            f"build, {n} articles ({built['news']['texts']} texts)",
            built["news"]["seconds"],
            built["one"]["seconds"],
            "s",
            "one-article build",
        ),
        Row(
            "scale",
            "index size on disk",
            built["news"]["index_mb"],
            built["one"]["index_mb"],
            "MB",
            "one-article index",
        ),
        Row(
            "scale",
            "peak RSS while building",
            built["news"]["peak_rss_mb"],
            built["one"]["peak_rss_mb"],
            "MB",
            "one-article build",
        ),
        Row(
            "scale",
            "RSS answering (model + index)",
            news["rss_mb"],
            one["rss_mb"],
            "MB",
            "one-article corpus",
        ),
        Row(
            "scale",
            "answer p50",
            news["answer_ms"]["p50"],
            one["answer_ms"]["p50"],
            "ms",
            "one-article corpus",
            "<= 2x",
            p50_ratio <= 2.0,
        ),
        Row(
            "scale",
            "answer p99",
            news["answer_ms"]["p99"],
            one["answer_ms"]["p99"],
            "ms",
            "one-article corpus",
        ),
        Row(
            "scale",
            "answer accuracy (eval set)",
            news["answer_accuracy"],
            one["answer_accuracy"],
            "",
            "one-article corpus",
            note=f"{n - 1} distractor articles",
        ),
    ]
    report.raw = {"articles": articles, "rounds": rounds, "build": built, "ask": asked}
    return report


def _worker(*args: str) -> dict:  # type: ignore[type-arg]
    return run_json([sys.executable, "-m", "bench.worker", *args])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--articles",
        type=int,
        default=300,
        help="news articles (3824 is the whole file; ~20 min to build)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions")
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.rounds).to_json()))


if __name__ == "__main__":
    main()
