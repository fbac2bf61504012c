"""A cold `tally ask` loads what answering needs and nothing a build or another front end does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Libraries only `tally build`, the torch backend or the Telegram bot need (docs/performance.md,
# issue 13: bm25s with scipy.sparse and tqdm cost a cold `tally ask` ~0.12 s; PyYAML, which only
# reads articles' front matter, ~0.015 s).
NOT_FOR_ASKING = {
    "bm25s",
    "yaml",
    "scipy",
    "tqdm",
    "torch",
    "sentence_transformers",
    "transformers",
    "onnx",
    "telegram",
    "httpx",
}
ASK = (
    "import sys\n"
    "from bot.cli import main\n"
    "code = main(['ask', 'How much is the Boston-Korea project getting?'])\n"
    "print(code, sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r}))\n"
)


@pytest.mark.slow
def test_a_cold_ask_imports_no_library_only_a_build_needs(tmp_path: Path) -> None:
    env = os.environ | {
        "TALLY_CORPUS_DIR": str(ROOT / "corpus"),
        "TALLY_INDEX_DIR": str(tmp_path / "var" / "index"),
    }
    built = subprocess.run(
        [sys.executable, "-m", "bot", "build"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert built.returncode == 0, built.stderr
    code = ASK.format(heavy=NOT_FOR_ASKING)
    asked = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert asked.returncode == 0, asked.stderr
    assert asked.stderr == ""  # answered from the built index: no rebuild, no export
    assert asked.stdout.startswith("86.4 billion won in 2024 [1].")
    assert asked.stdout.splitlines()[-1] == "0 []"
