"""A separate virtual environment under var/bench/ for the peer.

Never the app's .venv: txtai brings its own transformers version. torch is
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
