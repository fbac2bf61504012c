"""TAT-QA's text-span figures (tests/eval/tatqa): the converter, and the set's scores through the
shipped setup (onnx-int8) held to floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.evaluation import Outcome, run_set
from bot.newsdev import load_turn_set
from bot.tatqa import convert, wanted
from tests.conftest import ROOT
from tests.test_eval_newsdev import assert_floors, shipped_answerer

TATQA = ROOT / "tests" / "eval" / "tatqa"
SHARED = ROOT.parent / "shared" / "data" / "tatqa-test-gold.json"
# Measured with the shipped setup (onnx-int8 MiniLM, hybrid): 2026-11-26 at d4f3213, raised
# 2026-11-30 at 28cd43d; the lower of two runs (fresh int8 builds moved up to three answers);
# each floor is the value less max(0.02, 1.5 / n) (tests/conftest.py floors_below). Raise
# them, never lower. (Recall@3 measured 0.862 at 28cd43d, under the 0.874 kept here.)
MEASURED = {
    # answer accuracy, right when answering and overall raised 2026-11-30 at c987e8a (session
    # 4, on a fresh clone's build: 0.557 / 0.610; recall@3 measured 0.862 stays as stated)
    # raised again 2026-12-01 (session 5, fresh build through this test: 0.598 / 0.642) and
    # (session 7, fresh build: 0.632 / 0.675); session 19: a question asking a cause is a
    # statement (fresh build 0.638 / 0.685; raised by the gain, 0.637 / 0.681)
    "": {"recall@3": 0.874, "answer_accuracy": 0.637, "right_when_answering": 0.681,
         "overall_accuracy": 0.637, "numeric_precision": 1.0},
}  # fmt: skip


def question(
    answer: list[str],
    source: str = "text",
    kind: str = "span",
    order: int = 1,
    rel: tuple[str, ...] = ("2",),
) -> dict[str, Any]:
    return {
        "uid": f"q{order}abcdefgh",
        "order": order,
        "question": "How much  was it?",
        "answer": answer,
        "answer_from": source,
        "answer_type": kind,
        "rel_paragraphs": list(rel),
    }


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        (question(["$54.7 million"]), True),
        (question(["the modified retrospective method"]), False),  # no digit
        (question(["$54.7 million"], source="table"), False),
        (question(["$54.7 million"], source="table-text"), False),
        (question(["$54.7 million"], kind="arithmetic"), False),
        (question(["$1.2 million", "$3.4 million"], kind="multi-span"), False),
    ],
)
def test_only_text_spans_holding_a_digit_are_kept(item: dict[str, Any], kept: bool) -> None:  # type: ignore[type-arg]
    assert wanted(item) is kept


def test_convert_writes_paragraphs_without_the_table_and_marks_the_gold(tmp_path: Path) -> None:
    item = {
        "table": {"uid": "0123456789abcdef", "table": [["Revenue", "99,999"]]},
        "paragraphs": [
            {"uid": "b", "order": 2, "text": "Interest expense decreased $54.7 million."},
            {"uid": "a", "order": 1, "text": "An  overview,\n$54.7 million in all."},
            {"uid": "c", "order": 3, "text": "   "},
        ],
        "questions": [question(["Decreased $54.7 million"], order=2), question(["no digit"])],
    }
    articles, rows = convert([item])
    assert list(articles) == ["tatqa-01234567"]
    body = articles["tatqa-01234567"].split("---\n\n", 1)[1]
    assert (
        body == "An overview, $54.7 million in all.\n\nInterest expense decreased $54.7 million.\n"
    )
    assert "99,999" not in articles["tatqa-01234567"]
    assert rows == [
        {
            "id": "tatqa-01234567-q2abcdef",
            "lang": "en",
            "turns": [
                {"q": "How much was it?", "any": ["Decreased $54.7 million"], "paragraph": 2}
            ],
        }
    ]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "tatqa-01234567.md").write_text(articles["tatqa-01234567"])
    (tmp_path / "questions.jsonl").write_text(json.dumps(rows[0]) + "\n")
    ((case,),) = load_turn_set(tmp_path / "questions.jsonl")
    assert (case.paragraph, case.source, case.cite, case.group) == (
        2,
        "tatqa-01234567.md",
        None,
        "en",
    )


def test_the_set_is_the_whole_subset() -> None:
    questions = load_turn_set(TATQA / "questions.jsonl")
    assert len(questions) == 174 and all(len(turns) == 1 for turns in questions)
    assert len(list((TATQA / "corpus").glob("*.md"))) == 124
    assert all(t.answerable and t.paragraph for (t,) in questions)


@pytest.mark.skipif(not SHARED.is_file(), reason="../shared is not on this machine")
def test_the_set_is_what_the_converter_makes_of_the_shared_file() -> None:
    articles, rows = convert(json.loads(SHARED.read_text(encoding="utf-8")))
    lines = (TATQA / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == rows
    for slug, text in articles.items():
        assert (TATQA / "corpus" / f"{slug}.md").read_text(encoding="utf-8") == text, slug


@pytest.fixture(scope="module")
def tatqa_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    var = tmp_path_factory.mktemp("tatqa")
    core = shipped_answerer(TATQA / "corpus", var / "index", var / "models", korean=False)
    return run_set(core, load_turn_set(TATQA / "questions.jsonl"))


@pytest.mark.slow
def test_tatqa_meets_floors(tatqa_outcomes, capsys) -> None:  # type: ignore[no-untyped-def]
    assert_floors("tatqa (hybrid, onnx-int8)", tatqa_outcomes, MEASURED, capsys)
