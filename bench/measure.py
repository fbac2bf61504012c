"""The record every benchmark produces, and the few measuring helpers they share."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
EVAL_SET = ROOT / "tests" / "eval" / "article.jsonl"
ARTICLE_CORPUS = ROOT / "corpus"


@dataclass(frozen=True)
class Row:
    """One compared figure: Tally's value, the reference measured beside it, their ratio."""

    bench: str
    measure: str
    tally: float
    reference: float | None = None
    unit: str = "ms"
    reference_name: str = ""
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Tally over the reference: 1.0 is as fast as the reference."""
        if self.reference in (None, 0):
            return None
        return self.tally / self.reference  # type: ignore[operator]


@dataclass
class Report:
    """Everything one benchmark measured: its rows, raw figures and anything it skipped."""

    name: str
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain data for bench/results/."""
        rows = [asdict(r) | {"ratio": r.ratio} for r in self.rows]
        return {"name": self.name, "rows": rows, "raw": self.raw, "skipped": self.skipped}


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile: percentile([1, 2, 3, 4], 50) -> 2."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def ms(seconds: float) -> float:
    """Seconds as milliseconds, rounded for tables: 0.0123456 -> 12.346."""
    return round(seconds * 1000, 3)


def rss_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB."""
    status = Path("/proc/self/status").read_text()
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_rss_mb": values.get("VmHWM", 0.0)}


def dir_mb(path: Path) -> float:
    """Bytes on disk under `path`, in MB."""
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return round(total / 1e6, 2)


def bench_env() -> dict[str, str]:
    """The environment for child processes: offline model stack, no bars, no fork warnings."""
    env = dict(os.environ)
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        TOKENIZERS_PARALLELISM="false",
        DISABLE_TQDM="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_json(command: list[str], env: dict[str, str] | None = None) -> Any:
    """Run a worker process and parse the JSON object it prints last; raise with its stderr."""
    done = subprocess.run(command, capture_output=True, text=True, env=env or bench_env(), cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(command[:4])} failed ({done.returncode}):\n{tail}")
    return json.loads(lines[-1])


def machine() -> dict[str, Any]:
    """What the numbers were taken on."""
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "taken_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "executable": sys.executable,
    }
