"""ONNX Runtime against torch fp32: build throughput, query latency, evaluation scores.

Runs bench/onnx_worker.py in var/bench/st5-onnx-venv: sentence-transformers 6 (the app's)
cannot load `backend="onnx"` because optimum-onnx 0.1.0 needs transformers<4.58 and
sentence-transformers 6 needs transformers>=5, so this venv holds sentence-transformers 5 and
both sides of every ratio run there, in one process.
"""

from __future__ import annotations

import argparse
import json

from bench.measure import Report, Row, run_json
from bench.venvs import Skipped, ensure

SCORES = ("answer_accuracy", "overall_accuracy", "recall@1", "abstention_f1")


def run(articles: int = 30, rounds: int = 2, install: bool = True) -> Report:
    """Measure the ONNX fp32 and int8 models beside torch fp32."""
    report = Report("onnx")
    try:
        python = ensure("st5-onnx", install)
        found = run_json(
            [
                str(python),
                "-m",
                "bench.onnx_worker",
                "--articles",
                str(articles),
                "--rounds",
                str(rounds),
            ]
        )
    except (Skipped, RuntimeError) as why:
        report.skipped.append(f"ONNX path skipped: {why}")
        return report
    report.raw = found
    speed, latency, quality = found["throughput"], found["query_ms"], found["scores"]
    base = speed["torch_fp32"]["texts_per_s"]
    for name in speed:
        if name == "torch_fp32":
            continue
        drop = max(quality["torch_fp32"][s] - quality[name][s] for s in SCORES)
        ratio = speed[name]["texts_per_s"] / base
        report.rows += [
            Row(
                "onnx",
                f"{name} encode throughput",
                speed[name]["texts_per_s"],
                base,
                "texts/s",
                "torch fp32, same texts",
                ">= 2x",
                ratio >= 2.0,
                f"min cosine vs fp32 {speed[name]['min_cosine_vs_torch']}",
            ),
            Row(
                "onnx",
                f"{name} eval scores, worst drop",
                round(100 * drop, 1),
                None,
                "points",
                "torch fp32",
                "<= 1 point",
                drop <= 0.01,
                ", ".join(f"{s} {quality[name][s]:.3f}" for s in SCORES),
            ),
            Row(
                "onnx",
                f"{name} query embedding p50",
                latency[name]["p50"],
                latency["torch_fp32"]["p50"],
                "ms",
                "torch fp32",
            ),
        ]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=30, help="news articles to embed")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-install", action="store_true", help="never create the venv")
    args = parser.parse_args()
    print(json.dumps(run(args.articles, args.rounds, not args.no_install).to_json()))


if __name__ == "__main__":
    main()
