"""Check news-tune7's questions.jsonl against corpus/*.md and print its counts.

news-tune7 is for fitting: every question is in the "tune" split.
The checks themselves: tests/eval/news_set.py.

Usage: python3 check_questions.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository, for tests.eval.news_set
from tests.eval.news_set import check  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(check(HERE, "tune"))
