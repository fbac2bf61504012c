"""`python -m bench [NAME ...]`: run the benchmarks, print one table, write bench/results/.

Each benchmark runs in its own process, one after another (never two at once: on two cores
they would slow each other). Every figure is a ratio of two things measured in that process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from bench.measure import RESULTS, describe_int8, int8_variant, machine, run_json

NAMES = ("latency", "korean", "startup", "build", "scale", "peer", "onnx")
MODULES = {"onnx": "onnx_backend"}


def arguments(name: str, args: argparse.Namespace) -> list[str]:
    """The command-line options each benchmark takes from ours."""
    install = ["--no-install"] if args.no_install else []
    return {
        "latency": ["--rounds", str(args.rounds)],
        "korean": ["--rounds", str(args.rounds)],
        "startup": ["--rounds", str(args.start_rounds)],
        "build": ["--articles", str(args.build_articles), "--incremental", str(args.incremental)],
        "scale": ["--articles", str(args.articles), "--rounds", str(args.rounds)],
        "peer": ["--articles", str(args.peer_articles), "--rounds", str(args.rounds), *install],
        "onnx": ["--articles", str(args.onnx_articles)],
    }[name]


def format_table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table: one row per compared figure."""
    lines = [
        "| benchmark | measure | Tally | reference | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        unit = f" {r['unit']}" if r["unit"] else ""
        ref = "" if r["reference"] is None else f"{r['reference']:g}{unit} ({r['reference_name']})"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}x"
        met = {True: "yes", False: "**no**", None: ""}[r["met"]]
        note = f"; {r['note']}" if r["note"] else ""
        lines.append(
            f"| {r['bench']} | {r['measure']}{note} | {r['tally']:g}{unit} | {ref} "
            f"| {ratio} | {r['goal']} | {met} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"of {', '.join(NAMES)}; default: all"
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=300,
        help="scale: news articles (3824 = all, ~25 min to build)",
    )
    parser.add_argument("--build-articles", type=int, default=100)
    parser.add_argument("--incremental", type=int, default=1000)
    parser.add_argument("--peer-articles", type=int, default=100)
    parser.add_argument("--onnx-articles", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions")
    parser.add_argument("--start-rounds", type=int, default=5, help="timed cold starts each")
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="skip the peer venv unless already in var/bench/",
    )
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in NAMES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(NAMES)}")
    started = time.time()
    results: dict[str, Any] = {"machine": machine(), "benchmarks": {}}
    rows: list[dict[str, Any]] = []
    for name in args.names or NAMES:
        print(f"bench: {name}…", file=sys.stderr, flush=True)
        t = time.perf_counter()
        module = f"bench.{MODULES.get(name, name)}"
        try:
            found = run_json([sys.executable, "-m", module, *arguments(name, args)])
        except RuntimeError as exc:
            found = {"name": name, "rows": [], "raw": {}, "skipped": [f"{name} failed: {exc}"]}
        found["seconds"] = round(time.perf_counter() - t, 1)
        results["benchmarks"][name] = found
        rows += found["rows"]
        for why in found["skipped"]:
            print(f"bench: {why}", file=sys.stderr)
        print(f"bench: {name} took {found['seconds']} s", file=sys.stderr, flush=True)
    results["machine"]["load_average_after"] = machine()["load_average"]
    results["int8"] = int8_variant()  # the export the benchmarks shared, and the kernels
    results["seconds"] = round(time.time() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / time.strftime("bench-%Y%m%d-%H%M%S.json")
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(format_table(rows))
    for found in results["benchmarks"].values():
        for why in found["skipped"]:
            print(f"skipped: {why}")
    print(
        f"\nmachine: {results['machine']['nproc']} cores, {results['machine']['cpu']}; "
        f"load average {results['machine']['load_average']} before, "
        f"{results['machine']['load_average_after']} after"
    )
    print(f"int8 measured: {describe_int8(results['int8'])}")
    print(f"results: {out.relative_to(RESULTS.parent.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
