"""Soak: 10,000 questions through the answer core in one process, with no memory growth past a
stated bound and no file handle left open.

The core is real (FAISS, BM25, question reading, figure matching, follow-ups); only the
embedder is the fake, so the test measures our code, not torch's allocator.
"""

from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path

import pytest

from bot.answer import Answerer
from bot.conversation import Conversation
from index.retrieval import Retriever
from index.store import build_index, load_store
from tests.conftest import CORPUS, ROOT, HashEmbedder

QUESTIONS = 10_000
WARM_UP = 500
# Measured on the 2-core machine: 0.7 MB growth after warm-up over 10,000 questions. 20 MB
# leaves room for allocator noise and still catches a leak of 2 KB per question.
MAX_GROWTH_BYTES = 20 * 2**20
FOLLOW_UPS = ["And in dollars?", "What about next year?", "And before?", "Which ones?"]


def _rss() -> int:
    """Resident memory of this process, in bytes."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _open_files() -> list[str]:
    return sorted(os.listdir("/proc/self/fd"))


def _questions() -> list[str]:
    lines = (ROOT / "tests" / "eval" / "article.jsonl").read_text().splitlines()
    return [row["question"] for row in map(json.loads, lines) if row.get("question")]


def test_ten_thousand_questions_without_growth_or_leaked_files(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(CORPUS, index_dir, HashEmbedder())
    answerer = Answerer(Retriever(load_store(index_dir), HashEmbedder()))
    base = _questions()
    assert len(base) > 40

    def ask(n: int, start: int) -> None:
        conversation = Conversation(answerer)
        for i in range(start, start + n):
            if i % 7 == 0:
                conversation.reset()
            if i % 3 == 2:
                question = FOLLOW_UPS[i % len(FOLLOW_UPS)]
            else:  # every question new text, so no cache can answer it twice
                question = f"{base[i % len(base)]} {'zq' + format(i, 'x')}"
            assert isinstance(conversation.ask(question).text, str)

    ask(WARM_UP, 0)
    gc.collect()
    rss, files = _rss(), _open_files()
    started = time.perf_counter()
    ask(QUESTIONS, WARM_UP)
    seconds = time.perf_counter() - started
    gc.collect()
    growth = _rss() - rss
    print(f"\nsoak: {QUESTIONS} questions in {seconds:.1f} s, RSS growth {growth / 2**20:.2f} MB")
    assert growth < MAX_GROWTH_BYTES, f"RSS grew {growth / 2**20:.1f} MB over {QUESTIONS}"
    assert _open_files() == files


@pytest.mark.parametrize("rounds", [200])
def test_loading_the_index_again_and_again_leaks_no_files(tmp_path: Path, rounds: int) -> None:
    """Each load maps FAISS and NumPy files; dropping the store must release them."""
    index_dir = tmp_path / "index"
    build_index(CORPUS, index_dir, HashEmbedder())
    load_store(index_dir)
    gc.collect()
    files, maps = _open_files(), len(Path("/proc/self/maps").read_text().splitlines())
    for _ in range(rounds):
        load_store(index_dir)
    gc.collect()
    assert _open_files() == files
    assert len(Path("/proc/self/maps").read_text().splitlines()) < maps + 20
