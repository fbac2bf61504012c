"""A name the question uses must be named near the passage that answers it; a news article
names a person in full once and by one name after that ("Peng Jindong" ... "Peng"), and a
regnal number ("Henry II") is part of who is meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answerer
from index.figures import Figure
from index.retrieval import SentenceHit
from tests.conftest import hashed_answerer

FILLER = [
    "The market opened on a quiet street in the old town.",
    "Traders sold fruit, cloth and tools from wooden stalls.",
    "Many of them had worked there for decades.",
    "Rents in the district have risen every year since.",
    "The council plans a new roof for the covered hall.",
    "Visitors come from the nearby villages on weekends.",
]
ARTICLE = "\n\n".join(
    [
        "Chen Weiping, then 21, opened a shop selling tea sets online.",
        "King Henry II of the old kingdom and his son Edward granted the town its charter.",
        *FILLER,
        "As one of the first traders to get a loan, Chen borrowed 5,000 yuan for stock.",
        "Henry paid 300 marks for the castle on the hill.",
        "Edward later moved the market to the square.",
        *FILLER[:3],
        "Robert paid 200 marks for the mill, as William II had before him.",
    ]
)


def _answerer(root: Path, articles: dict[str, str]) -> Answerer:
    """An answer core over `articles` (file name -> text), indexed in `root`."""
    return hashed_answerer(root, articles)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    other = "A ferry crossed the bay at dawn with 40 cars."
    return _answerer(tmp_path_factory.mktemp("names"), {"market.txt": ARTICLE, "other.txt": other})


def _missing(answerer: Answerer, question: str, passage: str) -> list[str]:
    """The names of `question` that the passage holding `passage` does not bear out."""
    found = answerer.retriever.search(question).sentences
    best = next(s for s in found if passage in s.text)
    return answerer._missing_names(best, question)


def test_a_name_given_in_full_earlier_in_the_article_is_named(answerer: Answerer) -> None:
    assert _missing(answerer, "How much did Chen Weiping borrow?", "Chen borrowed") == []


@pytest.mark.parametrize(
    ("question", "passage", "missing"),
    [
        # not in the article at all
        ("How much did Chen Xiaoming borrow?", "Chen borrowed", ["Xiaoming"]),
        # named far from the passage, whose "Henry" need not be Henry II
        ("How much did Henry II pay for the castle?", "Henry paid", ["II"]),
        # "II" alone, found near, does not stand for the name beside it
        ("How much did Edward II pay for the mill?", "Robert paid", ["Edward"]),
    ],
)
def test_a_name_the_passage_does_not_bear_out_is_missing(
    answerer: Answerer, question: str, passage: str, missing: list[str]
) -> None:
    assert _missing(answerer, question, passage) == missing


AGES = "\n\n".join(
    [
        "Khalid Masood drove a car into people on the bridge on Wednesday.",
        "Aysha Frade, 44 years old, was among those killed.",
        "Police said Masood had lived in Birmingham.",
        "Keith Cooper was arrested in 1997. The 29-year-old had just bought groceries.",
        "Cooper, a 49-year-old forklift operator, was pardoned.",
    ]
)


@pytest.fixture(scope="module")
def ages(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return _answerer(tmp_path_factory.mktemp("ages"), {"bridge.txt": AGES})


def _age_pick(answerer: Answerer, age: str) -> tuple[Figure, SentenceHit]:
    """The age figure `age` with its sentence, as the figure matcher would pick it."""
    for chunk in answerer.retriever.store.chunks:
        for number, (start, end) in enumerate(chunk.sentences):
            for figure in answerer._figures[(chunk.id, number)]:
                if figure.text == age:
                    text = chunk.text[start - chunk.start : end - chunk.start]
                    return figure, SentenceHit(chunk, number, text, start, end, 0.0, 0.0)
    raise AssertionError(age)


def test_another_persons_age_is_no_answer(ages: Answerer) -> None:
    frade = _age_pick(ages, "44 years old")
    assert ages._age_of("how old was khalid masood", frade, frade[1]) is None  # never said
    assert ages._age_of("How old was Aysha Frade?", frade, frade[1]) == frade


def test_an_age_that_refers_back_to_the_person_stands(ages: Answerer) -> None:
    then = _age_pick(ages, "29-year-old")
    assert ages._age_of("How old was Keith Cooper in 1997?", then, then[1]) == then


def test_an_age_said_away_from_the_question_words_is_found_in_the_article(
    ages: Answerer,
) -> None:
    # no age among the sentences ranked best: the one the article gives the person asked about
    frade = _age_pick(ages, "44 years old")
    bridge = _age_pick(ages, "29-year-old")[1]
    assert ages._age_of("how old was aysha frade", None, bridge) == frade
    assert ages._age_of("how old was khalid masood", None, bridge) is None
    assert ages._age_of("how old was the driver", None, bridge) is None  # names nobody


RELATIVES = "\n\n".join(
    [
        "Among those paying tribute was Danyal Ahmad, a trainee imam at the mosque. The "
        "21-year-old said his group wanted to show what the faith was about. His brother, "
        "Zishan Ahmad, a 25-year-old imam, also attended the memorial.",
        "Two of Masood's victims, Aysha Frade and US tourist Kurt Cochran, 54, died on "
        "Wednesday. Police said Khalid Masood, 52, had lived in Birmingham.",
    ]
)


@pytest.fixture(scope="module")
def relatives(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return _answerer(tmp_path_factory.mktemp("relatives"), {"tribute.txt": RELATIVES})


def test_a_relative_s_age_is_not_the_age_of_the_one_asked_about(relatives: Answerer) -> None:
    brother, danyal = _age_pick(relatives, "25-year-old"), _age_pick(relatives, "21-year-old")
    # "His brother, Zishan Ahmad, a 25-year-old" says "Ahmad", but of another Ahmad; the age
    # the sentence after Danyal Ahmad's gives ("The 21-year-old said") is his
    assert relatives._age_of("how old is danyal ahmad", brother, brother[1]) == danyal
    assert relatives._age_of("how old is zishan ahmad", brother, brother[1]) == brother
    assert relatives._age_of("How old is Ahmad?", brother, brother[1]) == brother  # any Ahmad


def test_an_age_written_after_another_name_is_that_person_s(relatives: Answerer) -> None:
    cochran, masood = _age_pick(relatives, "Cochran, 54"), _age_pick(relatives, "Masood, 52")
    # the sentence says "Masood's", but "Cochran, 54" is Cochran's age
    assert relatives._age_of("How old was Khalid Masood?", cochran, cochran[1]) == masood
    assert relatives._age_of("how old was kurt cochran", cochran, cochran[1]) == cochran


def test_a_question_asking_a_name_is_not_answered_by_a_sentence_naming_no_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import answer

    monkeypatch.setattr(answer, "doubtful", lambda features: False)  # the name check alone
    unnamed = (
        "# Arrest\n\nPolice arrested a suspect on Tuesday. The suspect can receive a "
        "maximum penalty of life imprisonment if found guilty.\n"
    )
    (tmp_path / "a").mkdir()
    core = _answerer(tmp_path / "a", {"arrest.md": unnamed})
    assert core.ask("What is the suspect's name?").abstained
    named = unnamed.replace("arrested a suspect", "arrested a suspect, Haisem Zahab,")
    (tmp_path / "b").mkdir()
    core = _answerer(tmp_path / "b", {"arrest.md": named})
    reply = core.ask("What is the suspect's name?")
    assert not reply.abstained and "Haisem Zahab" in reply.lead
