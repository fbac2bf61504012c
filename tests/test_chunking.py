"""Sentence splitting and chunking: figures stay whole, offsets are exact, paragraphs are walls."""

from __future__ import annotations

import datetime as dt

import pytest

from index.chunking import MAX_CHUNK_WORDS, article_text, chunk_article, split_sentences
from index.corpus import Article

# Paragraphs from corpus/korea-tech-clusters-2023.md, plus a short one.
PARAGRAPHS = (
    "The Korean government has unveiled its plan to invest a total of 2.2 trillion won "
    "( USD 1.65 billion) in creating industrial clusters focused on advanced technologies. "
    "The investment spans over the next five years and aims to establish specialized "
    "geographical zones dedicated to supporting world-class industries.",
    "In the initial phase of this endeavor, the government will allocate 400 billion won "
    "(about USD 301.66 million) in 2024 to develop industrial zones tailored to the strategic "
    "and medical sectors.",
    "The limit for external investments will rise from 40 percent to 50 percent of individual "
    "fund investments, and the overseas investment ratio will expand from 20 percent of total "
    "assets to 30 percent.",
    "South Korea is also bringing global collaboration by investing 86.4 billion won in 2024 in "
    "the Boston-Korea project. With this, the government plans to bridge South Korean "
    "institutions with renowned counterparts in Boston, including prestigious institutions such "
    "as Harvard University.",
    "Dr. Kim said so. It rose.",
)


def _article(*paragraphs: str, article_id: str = "korea-2023") -> Article:
    return Article(
        id=article_id,
        source=f"corpus/{article_id}.md",
        title="South Korea to Invest",
        outlet="KoreaTechDaily",
        url="https://example.com/a",
        published=dt.date(2023, 9, 18),
        language="en",
        paragraphs=paragraphs,
    )


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The plan costs 2.2 trillion won. It is big.",
            ["The plan costs 2.2 trillion won.", "It is big."],
        ),
        ("It hired 1,650 people. Then more.", ["It hired 1,650 people.", "Then more."]),
        (
            "It will invest 2.2 trillion won (USD 1.65 billion) in clusters. Next year more.",
            ["It will invest 2.2 trillion won (USD 1.65 billion) in clusters.", "Next year more."],
        ),
        (
            "It will invest 2.2 trillion won ( USD 1.65 billion) in clusters. It grew.",
            ["It will invest 2.2 trillion won ( USD 1.65 billion) in clusters.", "It grew."],
        ),
        ("The U.S. Treasury agreed. It paid.", ["The U.S. Treasury agreed.", "It paid."]),
        ("Shares fell 40 percent. Then rose.", ["Shares fell 40 percent.", "Then rose."]),
        ("Dr. Kim spoke. She left.", ["Dr. Kim spoke.", "She left."]),
        (
            "Some firms, e.g. Samsung, grew. Others shrank.",
            ["Some firms, e.g. Samsung, grew.", "Others shrank."],
        ),
        (
            "Big cities, i.e. Seoul and Busan, grew. Others shrank.",
            ["Big cities, i.e. Seoul and Busan, grew.", "Others shrank."],
        ),
        ("Mr. Kim said so. He left.", ["Mr. Kim said so.", "He left."]),
        ("J. Smith wrote it. He left.", ["J. Smith wrote it.", "He left."]),
        (
            "It costs $1.4 billion. The rest is paid later.",
            ["It costs $1.4 billion.", "The rest is paid later."],
        ),
        ("It ranks No. 3 in Asia. Japan is first.", ["It ranks No. 3 in Asia.", "Japan is first."]),
        (
            "It was approved in Sept. 2023 by parliament. Work began.",
            ["It was approved in Sept. 2023 by parliament.", "Work began."],
        ),
        (
            "Prof. Lee and Ms. Park met. They agreed.",
            ["Prof. Lee and Ms. Park met.", "They agreed."],
        ),
        ("He lives in St. Louis now. He moved.", ["He lives in St. Louis now.", "He moved."]),
        (
            "It costs approx. 3 billion won. That is cheap.",
            ["It costs approx. 3 billion won.", "That is cheap."],
        ),
        ("It rose to 5.5%. Then it fell.", ["It rose to 5.5%.", "Then it fell."]),
        ("Prices rose 1,650. Then fell.", ["Prices rose 1,650.", "Then fell."]),
        ("The U.S.-Korea deal. Next.", ["The U.S.-Korea deal.", "Next."]),
        (
            "Growth was 3.5 per cent. In 2024 it will be 4.",
            ["Growth was 3.5 per cent.", "In 2024 it will be 4."],
        ),
        (
            "He earned 1,650 won (about USD 1.24). Then he spent it.",
            ["He earned 1,650 won (about USD 1.24).", "Then he spent it."],
        ),
        (
            "Samsung’s ₩3 trillion plan, Korea’s largest, began. It grew.",
            ["Samsung’s ₩3 trillion plan, Korea’s largest, began.", "It grew."],
        ),
    ],
)
def test_sentences_are_not_split_inside_a_figure_or_abbreviation(
    text: str, expected: list[str]
) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rose. Then it fell.", ["It rose.", "Then it fell."]),
        (
            "The fund totals 86.4 billion won. The next phase starts in 2024.",
            ["The fund totals 86.4 billion won.", "The next phase starts in 2024."],
        ),
        ("The figure was 3. The next rose.", ["The figure was 3.", "The next rose."]),
        ("It rose! Then it fell? Yes.", ["It rose!", "Then it fell?", "Yes."]),
        ("He said, “It rose.” Then it fell.", ["He said, “It rose.”", "Then it fell."]),
        ("It rose (sharply). Then it fell.", ["It rose (sharply).", "Then it fell."]),
        ("It ended in 2023. 2024 was better.", ["It ended in 2023.", "2024 was better."]),
        ("No punctuation at all", ["No punctuation at all"]),
        ("  Leading space. Second.  ", ["Leading space.", "Second."]),
        ("One sentence only.", ["One sentence only."]),
        ("", []),
        ("   ", []),
        pytest.param(
            "The fertility rate fell to 0.72. The government responded.",
            ["The fertility rate fell to 0.72.", "The government responded."],
        ),
        # a line break a scrape turned into "-" ends the sentence and belongs to neither
        ("he added.- READ MORE: A headline", ["he added.", "READ MORE: A headline"]),
        ("It rose - 5 percent. Well.-no", ["It rose - 5 percent.", "Well.-no"]),
        pytest.param(
            "It launched Doctor & Answer 3.0. Hospitals use it.",
            ["It launched Doctor & Answer 3.0.", "Hospitals use it."],
        ),
    ],
)
def test_sentences_split_where_they_end(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_split_sentences_returns_exact_spans() -> None:
    # The docstring's example; its own numbers are off by one: these are the real spans.
    assert split_sentences("Dr. Kim paid $2.2 bn. It rose.") == [(0, 21), (22, 30)]


def test_chunk_offsets_slice_the_article_text_exactly() -> None:
    article = _article(*PARAGRAPHS)
    text = article_text(article)
    chunks = chunk_article(article)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        for (start, end), sentence in zip(chunk.sentences, chunk.sentence_texts(), strict=True):
            assert text[start:end] == sentence
            assert sentence == sentence.strip() and sentence


def test_chunks_cover_every_sentence_in_order() -> None:
    article = _article(*PARAGRAPHS)
    text = article_text(article)
    got = [s for chunk in chunk_article(article, max_words=15) for s in chunk.sentence_texts()]
    expected = [s for paragraph in PARAGRAPHS for s in _sentences(paragraph)]
    assert got == expected
    assert [text[s:e] for c in chunk_article(article, max_words=15) for s, e in c.sentences] == got


def test_short_paragraphs_give_one_chunk_each_numbered_from_one() -> None:
    chunks = chunk_article(_article(*PARAGRAPHS))
    assert [c.paragraph for c in chunks] == [1, 2, 3, 4, 5]
    assert [c.text for c in chunks] == list(PARAGRAPHS)
    assert chunks[-1].sentence_texts() == ["Dr. Kim said so.", "It rose."]


def test_chunks_never_cross_paragraphs() -> None:
    article = _article("One two three. Four five six.", "Seven eight. Nine ten.", "Eleven.")
    text = article_text(article)
    for max_words in (1, 2, 5, 100):
        for chunk in chunk_article(article, max_words=max_words):
            assert "\n\n" not in chunk.text
            assert chunk.text in article.paragraphs[chunk.paragraph - 1]
            paragraph_start = text.index(article.paragraphs[chunk.paragraph - 1])
            assert chunk.start >= paragraph_start
            assert chunk.end <= paragraph_start + len(article.paragraphs[chunk.paragraph - 1])


def test_long_paragraph_is_split_into_chunks_of_whole_sentences() -> None:
    sentences = [f"Sentence {n} has five words." for n in range(1, 11)]
    article = _article(" ".join(sentences))
    chunks = chunk_article(article, max_words=12)
    assert [c.sentence_texts() for c in chunks] == [sentences[i : i + 2] for i in range(0, 10, 2)]
    for chunk in chunks:
        assert len(chunk.text.split()) <= 12
        assert chunk.paragraph == 1


def test_default_limit_splits_a_very_long_paragraph() -> None:
    sentence = "The government will invest 2.2 trillion won in new clusters this year."
    article = _article(" ".join([sentence] * 40))
    chunks = chunk_article(article)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk.text.split()) <= MAX_CHUNK_WORDS
        assert all(s == sentence for s in chunk.sentence_texts())


def test_a_sentence_longer_than_the_limit_stays_whole_in_its_own_chunk() -> None:
    long = "This sentence has far more than five words in it."
    article = _article(f"Short one. {long} Short two.")
    chunks = chunk_article(article, max_words=5)
    assert [c.sentence_texts() for c in chunks] == [["Short one."], [long], ["Short two."]]


def test_chunk_ids_number_chunks_across_the_article() -> None:
    chunks = chunk_article(_article(*PARAGRAPHS, article_id="seoul-news"), max_words=15)
    assert len(chunks) > len(PARAGRAPHS)
    assert [c.id for c in chunks] == [f"seoul-news#{n}" for n in range(1, len(chunks) + 1)]
    assert {c.article_id for c in chunks} == {"seoul-news"}


def test_chunks_carry_the_article_metadata() -> None:
    article = _article("It rose.")
    (chunk,) = chunk_article(article)
    assert (chunk.source, chunk.title, chunk.outlet, chunk.url) == (
        "corpus/korea-2023.md",
        "South Korea to Invest",
        "KoreaTechDaily",
        "https://example.com/a",
    )


def test_blank_paragraph_gives_no_chunk_and_keeps_later_offsets_right() -> None:
    article = _article("First one.", "   ", "Third one.")
    text = article_text(article)
    chunks = chunk_article(article)
    assert [(c.paragraph, c.text) for c in chunks] == [(1, "First one."), (3, "Third one.")]
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_article_without_paragraphs_gives_no_chunks() -> None:
    assert chunk_article(_article()) == []


def test_article_text_joins_paragraphs_with_a_blank_line() -> None:
    assert article_text(_article("A.", "B.")) == "A.\n\nB."
