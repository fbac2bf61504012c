""" "Says who?" after an answer: the sentence that says whom the answer's figure comes from, in
the cited sentence or beside it (bot.answer.Answerer.source_of, bot.conversation)."""

from __future__ import annotations

import pytest

from bot.answer import Answerer, Response
from bot.conversation import Conversation
from bot.language import read_question
from bot.reply import Answer, Citation
from index.retrieval import Retriever
from index.store import build_index, load_store
from tests.conftest import HashEmbedder, citation_of

ARTICLE = """---
title: Drone strikes under two presidents
outlet: Example News
published: 2017-03-01
---

The new administration has carried out strikes at a faster pace than its predecessor.
According to Micah Zenko, an expert at the Council on Foreign Relations, Obama conducted
one strike every 5.4 days. His successor averaged one strike every 1.25 days.

The press conference ran for 77 minutes. It was an argument with the press, House
Democrat Mark Takano tweeted afterwards.

Sales rose 12 percent in the quarter. Nobody here is named.

Growth could be cut by half to 1.5 percent, the central bank says. Exports fell.

The deal was hailed by Commission Spokesman Alexander Winterstein on Friday.

"A thousand people did not die at sea," Winterstein said of the deal.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    root = tmp_path_factory.mktemp("source")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "drones.md").write_text(ARTICLE, encoding="utf-8")
    build_index(corpus, root / "index", HashEmbedder())
    return Answerer(Retriever(load_store(root / "index"), HashEmbedder()))


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        # the source said in the sentence before the cited one
        ("His successor averaged one strike every 1.25 days.", "Micah Zenko"),
        # in the cited sentence itself
        ("According to Micah Zenko, an expert at the Council on Foreign Relations, Obama "
         "conducted one strike every 5.4 days.", "Micah Zenko"),
        # in the sentence after it
        ("The press conference ran for 77 minutes.", "Mark Takano"),
    ],
)  # fmt: skip
def test_says_who_quotes_the_sentence_naming_the_source(
    answerer: Answerer, quote: str, source: str
) -> None:
    found = answerer.source_of(
        "says who?", citation_of(answerer, quote), read_question("says who?")
    )
    assert found is not None and source in found.answer.lead
    assert source in found.answer.citations[0].quote
    assert [h.chunk.text for h in found.hits] == [
        c.text for c in answerer.retriever.store.chunks if found.answer.citations[0].quote in c.text
    ]


def test_a_source_the_quote_itself_gives_unnamed_will_do(answerer: Answerer) -> None:
    quote = "Growth could be cut by half to 1.5 percent, the central bank says."
    found = answerer.source_of(
        "says who?", citation_of(answerer, quote), read_question("says who?")
    )
    assert found is not None and "central bank" in found.answer.lead
    # beside the quote, an unnamed one is not taken for its source
    cited = citation_of(answerer, "Exports fell.")
    found = answerer.source_of("says who?", cited, read_question("says who?"))
    assert found is not None and "central bank" not in found.answer.lead


def test_no_source_named_near_the_quote_is_the_outlet_s_own_word(answerer: Answerer) -> None:
    cited = citation_of(answerer, "Nobody here is named.")
    found = answerer.source_of("says who?", cited, read_question("says who?"))
    assert found is not None and found.answer.lead.startswith("Example News says it in its own")
    assert found.answer.citations[0].quote == "Nobody here is named."
    assert "Nobody here is named." in found.hits[0].chunk.text  # the chunk quoted, not another
    korean = answerer.source_of("출처는?", cited, read_question("출처는?"))
    assert korean is not None and korean.answer.lead.startswith("Example News 기사 자체의")


class _Quoting:
    """Stands in for Answerer at its seam: quotes the article's 1.25-days sentence."""

    def __init__(self, real: Answerer) -> None:
        self.real, self.examples, self.asked = real, real.examples, []

    def respond(self, question: str, want: object = None, source: str = "") -> Response:
        self.asked.append(question)
        cited = citation_of(self.real, "His successor averaged one strike every 1.25 days.")
        return Response(Answer(question, "every 1.25 days [1].", citations=[cited]))

    def source_of(self, question: str, cited: Citation, want: object) -> Response | None:
        return self.real.source_of(question, cited, want)  # type: ignore[arg-type]


def test_a_conversation_answers_says_who_from_the_last_answer(answerer: Answerer) -> None:
    core = _Quoting(answerer)
    chat = Conversation(core)  # type: ignore[arg-type]
    chat.ask("how often did the successor strike?")
    reply = chat.ask("says who?")
    assert "Micah Zenko" in reply.lead and core.asked == ["how often did the successor strike?"]
    # the story stays the first question's: a further follow-up reads against it
    assert [t.question for t in chat.turns] == ["how often did the successor strike?"]


@pytest.mark.parametrize(
    ("question", "asked"),
    [("says who?", True), ("who said so?", True), ("source?", True), ("according to whom?", True),
     ("누가 그랬어요?", True), ("출처는요?", True), ("who said that the bridge closed?", False),
     ("who says the budget rose?", False)],
)  # fmt: skip
def test_a_question_asking_for_the_source(question: str, asked: bool) -> None:
    assert read_question(question).source_asked is asked


def test_a_speaker_quoted_by_one_name_is_also_shown_as_the_article_introduces_them(
    answerer: Answerer,
) -> None:
    quote = '"A thousand people did not die at sea," Winterstein said of the deal.'
    found = answerer.source_of(
        "says who?", citation_of(answerer, quote), read_question("says who?")
    )
    assert found is not None
    assert [c.quote for c in found.answer.citations] == [
        quote,
        "The deal was hailed by Commission Spokesman Alexander Winterstein on Friday.",
    ]
    assert "Alexander Winterstein" in found.answer.lead
    # named in full where quoted: nothing more to show
    zenko = (
        "According to Micah Zenko, an expert at the Council on Foreign Relations, Obama "
        "conducted one strike every 5.4 days."
    )
    found = answerer.source_of(
        "says who?", citation_of(answerer, zenko), read_question("says who?")
    )
    assert found is not None and len(found.answer.citations) == 1
