"""How likely an English answer is right, from the signals that chose it: a logistic model
whose weights are data (confidence.json), fitted on the tune sets by
`tests/eval/fit_confidence.py`. An answer under the threshold is not given: the articles are
taken not to say (a wrong figure is worse than an abstention)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.matching import SIGNALS, Pick, fit
from bot.question import Want
from index.lexical import tokenize
from index.retrieval import SentenceHit

WEIGHTS_FILE = Path(__file__).with_name("confidence.json")

# The answer kinds the model tells apart (a question of another kind has none of them set).
KINDS = ("money", "count", "share", "time", "duration", "name", "place", "statement")
# The figure matcher's signals that say most of how well the figure fits (matching.SIGNALS).
FIGURE_SIGNALS = ("described", "own_words", "distance", "moved", "role", "focus")
# Caps that keep each feature within a small range.
GAP_CAP = 0.5  # a sentence's lead over the next
LEAD_CAP = 1.0  # a figure's lead over the next
SUBJECT_WORDS = 8
SENTENCE_WORDS = 60
CANDIDATES = 10

FEATURES = (
    "similarity",  # the best sentence's cosine to the question
    "fit",  # its score (matching.fit)
    "gap",  # how far it scores above the next sentence
    "gap_other",  # how far above the best sentence of another article
    "overlap",  # the share of the question's words it has
    "subject_words",  # how many words the question has (a share of SUBJECT_WORDS)
    "sentence_words",  # how long the sentence is (a share of SENTENCE_WORDS)
    "follow_up",  # the question leans on an earlier turn
    "figure",  # a figure answers (else the sentence)
    "figure_score",  # the figure's weighed signals
    "figure_lead",  # how far it scores above the next candidate
    "candidates",  # how many candidates were weighed (a share of CANDIDATES)
    "fallback",  # of a fallback kind
    "best_sentence",  # it stands in the best sentence
    *FIGURE_SIGNALS,
    *(f"kind_{kind}" for kind in KINDS),
)


@dataclass(frozen=True)
class Model:
    """A logistic model over FEATURES, and the probability under which an answer is held back."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, features: tuple[float, ...]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@cache
def model() -> Model:
    """The shipped model (confidence.json), checked against FEATURES."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE.name} was fitted on other features; refit it")
    return Model(tuple(data["weights"]), data["bias"], data["threshold"])


def features(ranked: list[SentenceHit], want: Want, pick: Pick | None) -> tuple[float, ...]:
    """The features of an answer: `ranked`, the sentences best first by `fit`; `pick`, the
    figure chosen, None when the sentence itself answers."""
    best = ranked[0]
    top = fit(best, want)
    following = fit(ranked[1], want) if len(ranked) > 1 else None
    elsewhere = (s for s in ranked[1:] if s.chunk.article_id != best.chunk.article_id)
    other = next(elsewhere, None)  # the best sentence of another article
    words = {w for w in want.subject if not w.isdigit()}
    said = words & set(tokenize(best.text))
    sentence = (
        best.similarity,
        top,
        GAP_CAP if following is None else min(top - following, GAP_CAP),
        GAP_CAP if other is None else min(top - fit(other, want), GAP_CAP),
        len(said) / len(words) if words else 0.0,
        min(len(words), SUBJECT_WORDS) / SUBJECT_WORDS,
        min(len(best.text.split()), SENTENCE_WORDS) / SENTENCE_WORDS,
        float(bool(want.focus)),
    )
    kinds = tuple(float(want.kind == kind) for kind in KINDS)
    if pick is None or not want.figure_kinds:
        return (*sentence, *(0.0,) * (6 + len(FIGURE_SIGNALS)), *kinds)
    signals = dict(zip(SIGNALS, pick.signals, strict=True))
    figure = (
        1.0,
        pick.score,
        min(pick.lead, LEAD_CAP),
        min(pick.weighed, CANDIDATES) / CANDIDATES,
        float(pick.fallback),
        float(pick.sentence is ranked[0]),
        *(signals[name] for name in FIGURE_SIGNALS),
    )
    return (*sentence, *figure, *kinds)


def doubtful(features: tuple[float, ...]) -> bool:
    """Whether an answer with these features is too unlikely to be right to give."""
    shipped = model()
    return shipped.probability(features) < shipped.threshold
