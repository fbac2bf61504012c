"""The answer-confidence gate (bot/confidence.py): the shipped model, its features, the fit
that makes it, and the answer core holding back what it doubts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot import answer, confidence
from bot.language import read_question
from bot.matching import SIGNALS, Pick
from index.chunking import Chunk
from index.figures import Figure
from index.retrieval import SentenceHit
from tests.conftest import hashed_answerer
from tests.eval import fit_confidence


def _sentence(text: str, similarity: float, article: str = "a", score: float = 0.0) -> SentenceHit:
    chunk = Chunk(
        f"{article}#0",
        article,
        f"{article}.md",
        "",
        "",
        "",
        0,
        0,
        len(text),
        text,
        ((0, len(text)),),
    )
    return SentenceHit(chunk, 0, text, 0, len(text), score or similarity, similarity)


def test_the_shipped_model_is_fitted_on_these_features() -> None:
    data = json.loads(confidence.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == confidence.FEATURES
    model = confidence.model()
    assert len(model.weights) == len(confidence.FEATURES)
    assert 0.0 < model.threshold < 0.5  # it holds back only answers more likely wrong than right


def test_features_of_a_sentence_answer_and_of_a_figure_answer() -> None:
    want = read_question("Who chairs the water board?")
    ranked = [
        _sentence("Anna Berg chairs the water board.", 0.8),
        _sentence("The board met on Monday.", 0.5),
        _sentence("Rain fell.", 0.2, article="b"),
    ]
    said = confidence.features(ranked, want, None)
    assert len(said) == len(confidence.FEATURES)
    named = dict(zip(confidence.FEATURES, said, strict=True))
    assert named["similarity"] == 0.8
    assert named["gap"] == pytest.approx(0.3)
    assert named["gap_other"] == pytest.approx(0.5)  # capped at GAP_CAP
    assert named["overlap"] == 1.0  # "chair", "water", "board" all said
    assert named["figure"] == 0.0 and named["kind_name"] == 1.0

    want = read_question("How many pumps does the board run?")
    figure = Figure("12 pumps", 12.0, "pumps", "count", 10, 18)
    signals = tuple(1.0 if name == "described" else 0.0 for name in SIGNALS)
    pick = Pick(figure, ranked[0], 0.9, 0.4, 3, signals, False)
    named = dict(zip(confidence.FEATURES, confidence.features(ranked, want, pick), strict=True))
    assert named["figure"] == 1.0 and named["figure_score"] == 0.9
    assert named["figure_lead"] == 0.4 and named["candidates"] == 0.3
    assert named["described"] == 1.0 and named["best_sentence"] == 1.0
    assert named["kind_count"] == 1.0


def test_a_likelier_answer_scores_higher() -> None:
    model = confidence.Model((2.0, -1.0), 0.5, 0.3)
    assert (
        model.probability((1.0, 0.0))
        > model.probability((0.0, 0.0))
        > model.probability((0.0, 1.0))
    )
    assert model.probability((0.0, 0.0)) == pytest.approx(1 / (1 + np.exp(-0.5)))


def test_the_fit_finds_the_signal_that_separates_right_from_wrong() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + 0.3 * rng.normal(size=400) > 0).astype(float)  # only the first feature tells
    w, _ = fit_confidence.fit(x, y)
    assert w[0] > 1.0 and abs(w[1]) < 0.5
    held = fit_confidence.held_out(["a", "b"] * 200, x, y)
    assert ((held > 0.5) == (y == 1)).mean() > 0.8  # each half predicted by the other's fit


ARTICLE = (
    "# Water board\n\nThe water board runs 12 pumps along the river. "
    "Anna Berg chairs the water board since 2019.\n"
)


def test_the_core_holds_back_an_answer_it_doubts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = hashed_answerer(tmp_path, {"board.md": ARTICLE})
    seen: list[tuple[float, ...]] = []

    def never(features: tuple[float, ...]) -> bool:
        seen.append(features)
        return False

    monkeypatch.setattr(answer, "doubtful", never)
    given = core.ask("How many pumps does the water board run?")
    assert not given.abstained and "12 pumps" in given.lead
    assert seen and len(seen[-1]) == len(confidence.FEATURES)

    monkeypatch.setattr(answer, "doubtful", lambda features: True)
    held = core.ask("How many pumps does the water board run?")
    assert held.abstained and held.citations  # the closest passage is still shown
    assert core.ask("Who chairs the water board?").abstained
