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
# The int8 dot-product instructions ONNX Runtime's quantized MatMul kernels are chosen by, best
# first: with 8-bit weights AVX2's u8s8 kernel saturates where the VNNI ones do not (issue 13).
INT8_INSTRUCTIONS = (("avx512_vnni", "AVX-512 VNNI"), ("avx_vnni", "AVX-VNNI"), ("avx2", "AVX2"))


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


def percentiles_ms(samples: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Each named list of timings (seconds) as its p50, p90, p95, p99 and max in ms."""
    return {
        name: {f"p{p}": ms(percentile(s, p)) for p in (50, 90, 95, 99)} | {"max": ms(max(s))}
        for name, s in samples.items()
    }


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
        "int8_instructions": int8_instructions(),
        "onnxruntime": _version("onnxruntime"),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "taken_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "executable": sys.executable,
    }


def int8_instructions(cpuinfo: str | None = None) -> str:
    """The best of AVX-512 VNNI, AVX-VNNI and AVX2 in /proc/cpuinfo's flags: "AVX-512 VNNI"."""
    if cpuinfo is None:
        cpuinfo = Path("/proc/cpuinfo").read_text()
    line = next((x for x in cpuinfo.splitlines() if x.startswith("flags")), "flags:")
    flags = set(line.split(":", 1)[1].split())
    return next((name for flag, name in INT8_INSTRUCTIONS if flag in flags), "none of them")


def int8_variant(model_file: Path | None = None) -> dict[str, Any]:
    """Which int8 model and kernels were measured: the export's version and quantization (from
    its manifest; by default the export in var/bench/models the benchmarks share), ONNX
    Runtime's version and the CPU's int8 instructions."""
    found: dict[str, Any] = {
        "onnxruntime": _version("onnxruntime"),
        "int8_instructions": int8_instructions(),
    }
    try:
        if model_file is None:
            from index.onnx_embedding import OnnxEmbedder

            model_file = OnnxEmbedder(variant="int8", cache_dir=VAR / "models").model_file()
        manifest = json.loads((model_file.parent / "manifest.json").read_text(encoding="utf-8"))
    except Exception as exc:  # no export to read: say why instead of failing the run
        return found | {"export": f"unknown ({type(exc).__name__}: {exc})"}
    return found | {
        "export": model_file.parent.name,
        "export_version": manifest.get("format_version"),
        "quantization": manifest.get("quantization"),
    }


def describe_int8(variant: dict[str, Any]) -> str:
    """One line for tables: "int8 export v3 (per-channel, 7-bit weights, fp32 kept: ...)"."""
    q = variant.get("quantization")
    if not isinstance(q, dict):
        export = f"int8 export {variant.get('export')}"
    else:
        bits = "7-bit weights (reduce_range)" if q.get("reduce_range") else "8-bit weights"
        channel = "per-channel" if q.get("per_channel") else "per-tensor"
        kept = f", fp32 kept: {q['keep_fp32']}" if q.get("keep_fp32") else ""
        export = f"int8 export v{variant.get('export_version')} ({channel}, {bits}{kept})"
    return (
        f"{export}; ONNX Runtime {variant.get('onnxruntime')}; "
        f"CPU int8 instructions {variant.get('int8_instructions')}"
    )


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
