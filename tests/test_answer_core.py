"""What the answer core gives back, as data: each response with its own reading and retrieval
(nothing shared between questions or chats), the input checks in one place, and evaluation's
ablations kept off the production constructors."""

from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from bot import intake
from bot.answer import Answerer
from bot.conversation import Conversation
from bot.evaluation import Ablation, ablated
from bot.language import read_question
from index.retrieval import Retriever
from index.store import Store, build_index, load_store
from tests.conftest import CORPUS, HashEmbedder

BOSTON = "How much is the Boston-Korea project getting?"
QUESTIONS = [
    BOSTON,
    "When will the biotech zones be established?",
    "What was the CVC investment limit before?",
    "How many biopharmaceutical technologies were added?",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    index_dir = tmp_path_factory.mktemp("core") / "index"
    build_index(CORPUS, index_dir, HashEmbedder())
    return load_store(index_dir)


@pytest.fixture(scope="module")
def answerer(store: Store) -> Answerer:
    return Answerer(Retriever(store, HashEmbedder()))


def _ids(hits: object) -> list[str]:
    return [h.chunk.id for h in hits]  # type: ignore[attr-defined]


def test_each_response_carries_its_own_retrieval(answerer: Answerer) -> None:
    first, second = (answerer.respond(q) for q in QUESTIONS[:2])
    for question, response in zip(QUESTIONS, (first, second), strict=False):
        assert _ids(response.hits) == _ids(answerer.retriever.search(question).hits)
    assert _ids(first.hits) != _ids(second.hits)
    assert not hasattr(answerer, "last_hits")


def test_responses_from_many_threads_keep_their_own_hits(answerer: Answerer) -> None:
    expected = {q: _ids(answerer.retriever.search(q).hits) for q in QUESTIONS}
    asked = QUESTIONS * 8
    with ThreadPoolExecutor(max_workers=4) as pool:  # as the Telegram bot's worker threads
        responses = list(pool.map(answerer.respond, asked))
    assert [_ids(r.hits) for r in responses] == [expected[q] for q in asked]


def test_the_core_answers_on_the_reading_it_is_given(answerer: Answerer) -> None:
    read = answerer.respond(BOSTON)
    assert read.want == read_question(BOSTON) and read.answer.figures  # read once, by the core
    as_statement = replace(read_question(BOSTON), kind="statement")
    given = answerer.respond(BOSTON, as_statement)
    assert given.want == as_statement and given.answer.figures == []  # the sentence, no figure


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("", 'Ask a question about the articles, e.g. "'),
        (" \n\t", 'Ask a question about the articles, e.g. "'),
        ("???", 'Ask a question about the articles, e.g. "'),
        ("https://example.com/news/1", "That is a link, not a question. To add the article"),
        ("😀😀 !!", 'Ask a question about the articles, e.g. "'),
        ("ㅋㅋㅋ", "기사에 대해 질문해 주세요"),  # stray jamo: a laugh, asked in Korean
        ("ㅠㅠ ㅎㅎ!", "기사에 대해 질문해 주세요"),
        ("x" * 1001, "That question is 1,001 characters long; please keep it under 1,000."),
        ("2조 억 원은 얼마?", "질문의 숫자를 읽을 수 없습니다: 2조 억 원. 숫자를 다시 써 주세요."),
        ("Hello!", 'Hello! Ask me about the articles, e.g. "'),
        ("thanks 🙂", "You're welcome: ask another question whenever you like."),
        ("Какой бюджет?", "Tally answers in English and Korean: please ask in one of them."),
    ],
)
def test_the_input_checks_answer_alike_on_every_path(
    answerer: Answerer, question: str, lead: str
) -> None:
    direct = answerer.respond(question)
    in_chat = Conversation(answerer).respond(question)
    assert direct.answer.lead.startswith(lead) and direct.answer.abstained
    assert in_chat.answer.lead == direct.answer.lead
    assert direct.hits == in_chat.hits == ()  # refused before anything was searched


def test_a_lone_surrogate_is_cleaned_before_reading() -> None:
    assert intake.clean("How much\udcff?") == "How much??"


def test_production_constructors_take_no_evaluation_switches() -> None:
    assert set(inspect.signature(Answerer).parameters) == {"retriever", "multilingual"}
    assert set(inspect.signature(Retriever).parameters) == {"store", "embedder", "mode"}


def test_the_shipped_setup_is_not_rebuilt(answerer: Answerer) -> None:
    assert ablated(answerer, Ablation()) is answerer


def test_without_sentence_scoring_each_sentence_scores_as_its_chunk(answerer: Answerer) -> None:
    shipped = answerer.retriever.search(BOSTON)
    plain = ablated(answerer, Ablation(sentences=False)).retriever.search(BOSTON)
    assert any(s.similarity != h.dense for s in shipped.sentences for h in shipped.hits[:1])
    dense = {h.chunk.id: h.dense for h in plain.hits}
    assert all(s.similarity == dense[s.chunk.id] for s in plain.sentences)


def test_ablations_keep_the_retriever_mode_and_the_lazy_korean_retriever(
    answerer: Answerer,
) -> None:
    built: list[Retriever] = []

    def korean() -> Retriever:
        built.append(Retriever(answerer.retriever.store, HashEmbedder(), mode="dense"))
        return built[-1]

    core = Answerer(answerer.retriever, multilingual=korean)
    variant = ablated(core, Ablation(retriever="bm25", figure_matcher=False))
    assert variant.retriever.mode == "bm25" and variant.retriever.score_sentences
    assert not variant.figure_matcher and core.figure_matcher
    assert built == []  # an English question never builds it
    variant.respond(BOSTON)
    assert built == [] and variant.multilingual is not None
    assert variant.multilingual().mode == "dense" and len(built) == 1
    assert variant.multilingual() is variant.multilingual()  # built once
