"""Metric code checked against hand-computed cases, evaluation files checked for bad input,
and the external SQuAD 2.0 set run with floors measured on it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bot.evaluation import Case, Outcome, figure_right, load_set, metrics, ndcg, run_set
from bot.reply import Answer, AnswerFigure
from bot.squad import convert
from index.errors import TallyError
from tests.conftest import check_floors

EVAL = Path(__file__).parent / "eval"
# Values measured with all-MiniLM-L6-v2 (torch fp32, hybrid); the floors sit conftest.margin
# below them. Raise them, never lower. (2026-11-25; re-measured 2026-11-30 when the similarity
# floor moved off a knife edge, issue 13: three more answers right, three fewer abstentions.)
NORMANS_FLOORS = {
    "recall@1": 0.802,
    "recall@5": 0.969,
    "mrr": 0.869,
    # answer accuracy, abstention precision and overall raised 2026-11-30 at 0c661e9 (torch
    # fp32 and onnx-fp32 alike); abstention recall measured 0.321 there, as at the session's
    # start (6c868de), and stays as stated
    # answer accuracy, abstention precision and overall raised again 2026-12-01 (session 5):
    # the lowest of torch fp32, onnx-fp32 and onnx-int8 (0.740 / 0.900 / 0.514; int8 0.750)
    # raised again 2026-12-01 (session 6): the lower of torch fp32 and onnx-int8 (torch 0.771
    # / 0.923 / 0.529; int8 0.792 / 0.923 / 0.538); abstention recall 0.321 in both, as stated
    "answer_accuracy": 0.771,
    "abstention_precision": 0.923,
    "abstention_recall": 0.339,
    "overall_accuracy": 0.529,
}


def case(answerable: bool = True, kind: str = "money", answer: str = "86.4 billion won") -> Case:
    return Case("x", "q?", kind, answer if answerable else None, (), 8 if answerable else None,
                answerable)  # fmt: skip


def outcome(ranks: tuple[int, ...], relevant: int = 1, **kw: object) -> Outcome:
    answer = Answer("q", "lead", abstained=bool(kw.get("abstained", False)))
    c = case(bool(kw.get("answerable", True)))
    return Outcome(c, answer, ranks, relevant, bool(kw.get("correct", True)), 0.01)


@pytest.mark.parametrize(
    ("ranks", "relevant", "expected"),
    [
        ((1,), 1, 1.0),
        ((2,), 1, 1 / math.log2(3)),
        ((), 1, 0.0),
        ((11,), 1, 0.0),  # beyond @10
        ((1, 2), 2, 1.0),
        # Two relevant chunks, one found at rank 3: DCG 1/log2(4) = 0.5 over the ideal
        # 1 + 1/log2(3) (both at the top), not over 1 as a single-relevant ideal would say.
        ((3,), 2, 0.5 / (1 + 1 / math.log2(3))),
        ((2, 5), 3, (1 / math.log2(3) + 1 / math.log2(6)) / (1 + 1 / math.log2(3) + 0.5)),
    ],
)
def test_ndcg_matches_hand_computed_values(
    ranks: tuple[int, ...], relevant: int, expected: float
) -> None:
    assert ndcg(ranks, relevant) == pytest.approx(expected)


def test_retrieval_and_abstention_metrics_by_hand() -> None:
    outcomes = [
        outcome((1,)),
        outcome((3,), correct=False),
        outcome(()),
        outcome((), answerable=False, abstained=True, correct=True),
        outcome((), answerable=False, abstained=False, correct=False),
        outcome((2,), abstained=True, correct=False),
    ]
    result = metrics(outcomes)
    assert result["recall@1"] == pytest.approx(1 / 4)
    assert result["recall@3"] == pytest.approx(3 / 4)
    assert result["mrr"] == pytest.approx((1 + 1 / 3 + 0 + 1 / 2) / 4)
    assert result["abstention_precision"] == pytest.approx(1 / 2)  # 2 abstained, 1 rightly
    assert result["abstention_recall"] == pytest.approx(1 / 2)  # 2 unanswerable, 1 caught
    assert result["abstention_f1"] == pytest.approx(0.5)
    assert result["false_abstentions"] == 1
    assert result["answer_accuracy"] == pytest.approx(2 / 4)
    # Answers given: the four replies that did not abstain, two of them right.
    assert result["right_when_answering"] == pytest.approx(2 / 4)


def test_figure_accuracy_compares_value_and_unit() -> None:
    right = AnswerFigure("86,400,000,000 won", 86.4e9, "KRW", "money")
    wrong_unit = AnswerFigure("USD 86.4 billion", 86.4e9, "USD", "money")
    for figure, expected in ((right, True), (wrong_unit, False)):
        answer = Answer("q", "lead", figures=[figure])
        assert figure_right(Outcome(case(), answer, (1,), 1, True, 0.0)) is expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a"}\n', "line 1: not a valid case"),
        ('{"id": "a", "question": "q", "kind": "money", "answer": "x", "paragraph": 1, '
         '"answerable": true}\nnot json\n', "line 2: not a valid case"),
        ('{"id": "a", "question": " ", "kind": "money", "answer": "x", "paragraph": 1, '
         '"answerable": true}\n', "line 1: the question is empty"),
        ('{"id": "a", "question": "q", "kind": "money", "answer": "x", "paragraph": null, '
         '"answerable": true}\n', "line 1: an answerable case needs"),
        ('{"id": "c", "turns": [{"question": "q"}]}\n', "line 1: not a valid conversation"),
    ],
)  # fmt: skip
def test_malformed_eval_file_names_file_and_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(TallyError, match=message) as info:
        load_set(path)
    assert str(path) in str(info.value)


def test_squad_converter_keeps_attribution_paragraphs_and_answers() -> None:
    data = {"data": [{"title": "T", "paragraphs": [
        {"context": "Rollo led them in 911.", "qas": [
            {"id": "1", "question": "When?", "answers": [{"text": "911", "answer_start": 18},
                                                        {"text": "in 911", "answer_start": 15}],
             "is_impossible": False},
            {"id": "2", "question": "Who was king?", "answers": [], "is_impossible": True}]},
    ]}]}  # fmt: skip
    article, cases = convert(data, "T")
    assert "CC BY-SA 4.0" in article and "SQuAD 2.0" in article
    assert article.rstrip().endswith("Rollo led them in 911.")
    assert cases[0] == {
        "id": "1", "question": "When?", "kind": "time", "answer": "911",
        "alternatives": ["in 911"], "paragraph": 1, "answerable": True,
    }  # fmt: skip
    assert cases[1]["answerable"] is False and cases[1]["answer"] is None


def test_committed_normans_set_matches_the_converter() -> None:
    source = Path("/work/shared/data/squad-v2-normans.json")
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared/data/squad-v2-normans.json").exists():
            source = parent / "shared/data/squad-v2-normans.json"
            break
    if not source.exists():
        pytest.skip("shared/data is not beside this checkout")
    article, cases = convert(json.loads(source.read_text()), "Normans")
    assert (EVAL / "normans/corpus/normans.md").read_text() == article
    committed = [json.loads(line) for line in (EVAL / "normans.jsonl").read_text().splitlines()]
    assert committed == cases and len(cases) == 208
    assert sum(not c["answerable"] for c in cases) == 112


@pytest.mark.slow
def test_normans_eval_meets_floors(tmp_path_factory, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.answer import Answerer
    from index.embedding import SentenceTransformerEmbedder
    from index.retrieval import Retriever
    from index.store import build_index, load_store

    index_dir = tmp_path_factory.mktemp("normans") / "index"
    embedder = SentenceTransformerEmbedder()
    build_index(EVAL / "normans" / "corpus", index_dir, embedder)
    answerer = Answerer(Retriever(load_store(index_dir), embedder))
    outcomes = run_set(answerer, load_set(EVAL / "normans.jsonl"))
    check_floors("normans (hybrid)", outcomes, NORMANS_FLOORS, capsys)
