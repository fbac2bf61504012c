"""A year that dates a question may be stated in the paragraph before the one that answers it:
a news article sets the year once ("In the final days of the 2014 referendum ...") and goes on
in it. Further away, or a number that does not date the question, it must be the passage's."""

from __future__ import annotations

import pytest

from bot.answer import Answerer
from bot.language import read_question
from tests.conftest import hashed_answerer

ARTICLE = "\n\n".join(
    [
        "In the final days of the 2014 referendum, the island's member of parliament campaigned.",
        "The unionist vote on the island was 63.7 percent, the highest of its five districts.",
        "Fishing boats lined the harbour as the count went on through the night.",
        "Ferries to the mainland ran late that week.",
        "A 2009 survey counted 420 boats in the island's harbours.",
        "Tourism has grown as more cruise ships call at the port.",
        "The ferry fleet now carries 150,000 passengers a year.",
    ]
)


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return hashed_answerer(tmp_path_factory.mktemp("dated"), {"island.txt": ARTICLE})  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("question", "passage", "lacks"),
    [
        # the year set by the paragraph before
        ("What share of the island voted unionist in 2014?", "unionist vote", False),
        ("What share of the island voted unionist in 2015?", "unionist vote", True),
        # and a number the passage writes in words is its own
        ("What share of the 5 districts voted unionist in 2014?", "unionist vote", False),
        # two paragraphs on: too far for the year to carry
        ("How many boats lined the harbour in 2014?", "Fishing boats", True),
        ("How many passengers does the ferry fleet carry in 2009?", "ferry fleet", True),
        # a number that dates nothing must be the passage's own
        ("Was the unionist vote 420?", "unionist vote", True),
    ],
)
def test_a_year_stated_a_paragraph_away_dates_the_passage(
    answerer: Answerer, question: str, passage: str, lacks: bool
) -> None:
    want = read_question(question)
    sentence = next(s for s in answerer.retriever.search(question).sentences if passage in s.text)
    assert answerer._lacks_numbers(sentence, want) is lacks
