"""The peer, run with var/bench/txtai-venv's python: txtai with the same model and FAISS.

Reads a JSON job (texts, questions, model folder, rounds, output folder), indexes the texts,
saves the index, searches each question `rounds` times beside the bare query embedding of
txtai's own model, and prints one JSON object. Imports nothing from Tally.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def rss_mb() -> dict[str, float]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"rss_mb": values["VmRSS"], "peak_rss_mb": values["VmHWM"]}


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text())
    from importlib.metadata import version

    from txtai import Embeddings

    embeddings = Embeddings(path=job["model"], backend="faiss", content=True)
    embeddings.transform("load the model before the clock starts")
    started = time.perf_counter()
    embeddings.index([(str(i), text, None) for i, text in enumerate(job["texts"])])
    build = time.perf_counter() - started
    out = Path(job["output"])
    embeddings.save(str(out))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    search: list[float] = []
    floor: list[float] = []
    for q in job["questions"]:  # warm
        embeddings.search(q, 5)
    for _ in range(job["rounds"]):
        for q in job["questions"]:
            t = time.perf_counter()
            embeddings.transform(q)
            floor.append(time.perf_counter() - t)
        for q in job["questions"]:
            t = time.perf_counter()
            embeddings.search(q, 5)
            search.append(time.perf_counter() - t)
    result = {
        "txtai": version("txtai"),
        "backend": embeddings.config.get("backend"),
        "method": embeddings.config.get("method", "transformers"),
        "texts": len(job["texts"]),
        "build_seconds": round(build, 2),
        "index_mb": round(size / 1e6, 2),
        "search_ms": {f"p{p}": round(percentile(search, p) * 1000, 3) for p in (50, 95, 99)},
        "floor_ms": {f"p{p}": round(percentile(floor, p) * 1000, 3) for p in (50, 95, 99)},
        "cpu_count": os.cpu_count(),
    } | rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
