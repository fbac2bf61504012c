"""Hybrid retrieval: dense and BM25 fused by reciprocal rank, then sentences scored within."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.chunking import Chunk
from index.embedding import Embedder
from index.lexical import tokenize
from index.store import Store

RRF_K = 60
# Sentences are scored inside this many of the best chunks.
SENTENCE_CHUNKS = 5
CANDIDATES = 50
# How much the sentence's own similarity counts against its chunk's, and the words it shares.
SENTENCE_WEIGHT = 0.6
# The question's words each weigh by their rarity in the corpus (BM25's idf): "Muscat" says
# more of a sentence than "year". A gloss's words (a Korean question's) weigh alike, at
# LEXICAL_WEIGHT. Both on news-dev tune and the seed sets (docs/evaluation.md).
LEXICAL_WEIGHT = 0.25
RARE_WEIGHT = 0.4
# BM25's best chunk, when it scores this many times the next, is read for sentences too.
LEXICAL_LEAD = 2.0


# A sentence counts the question's words that the sentence before it and its article's title
# say at this share of its own: the paragraph and the story it stands in are about them too
# (fitted on the tune sets, session 6).
CONTEXT = 0.25
# A sentence that opens on a pronoun speaks of what came before: those words count in full
# ("The Teide cable car ... It will remain closed until Saturday.").
REFERS = re.compile(r"\W*(?:It|He|She|They|Its|His|Her|Their)\b")


@dataclass(frozen=True)
class Hit:
    """A chunk found for a question, with the scores that placed it."""

    chunk: Chunk
    score: float
    dense: float
    bm25: float


@dataclass(frozen=True)
class SentenceHit:
    """One sentence inside a retrieved chunk, scored against the question."""

    chunk: Chunk
    number: int
    text: str
    start: int
    end: int
    score: float
    similarity: float


@dataclass(frozen=True)
class Retrieval:
    """Everything found for one question: ranked chunks and ranked sentences."""

    hits: list[Hit]
    sentences: list[SentenceHit]


class Retriever:
    """Finds the chunks and sentences that best answer a question."""

    score_sentences = True  # off only in evaluation's ablation: a sentence scores as its chunk

    def __init__(self, store: Store, embedder: Embedder, mode: str = "hybrid") -> None:
        self.store = store
        self.embedder = embedder
        self.mode = mode
        self._sentence_tokens: dict[tuple[int, int], frozenset[str]] = {}
        self._title_tokens: dict[str, frozenset[str]] = {}
        self._vocab = set(store.bm25.vocab_dict) if store.bm25 is not None else set()

    def search(
        self,
        question: str,
        k: int = 10,
        words: tuple[str, ...] = (),
        source: str = "",
        names: tuple[str, ...] = (),
    ) -> Retrieval:
        """The top `k` chunks, and the sentences of the best few, best first; `words` (BM25
        tokens) replace the question's own in sentence scoring, e.g. a translation's; `source`:
        the article a follow-up stays in: only its chunks are read, where any were found;
        `names`: BM25 tokens for a question in another language, whatever the mode."""
        query = self.embedder.embed_query(question)
        tokens = tokenize(question)
        dense = self._dense(query) if self.mode != "bm25" else []
        if names:  # a foreign question's names, as English spells them, found by BM25 too
            lexical = self._bm25(list(names))
        else:
            lexical = self._bm25(tokens) if self.mode != "dense" else []
        fused: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, (i, _) in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        dense_score, bm25_score = dict(dense), dict(lexical)
        order = sorted(fused, key=lambda i: -fused[i])
        if source:  # "And in 2015?" asks of the story the conversation is about
            order = [i for i in order if self.store.chunks[i].source == source] or order
        order = order[:k]
        hits = [
            Hit(self.store.chunks[i], fused[i], dense_score.get(i, 0.0), bm25_score.get(i, 0.0))
            for i in order
        ]
        best = SENTENCE_CHUNKS
        scored, chosen = hits[:best], order[:best]
        if len(lexical) > 1 and lexical[0][1] >= LEXICAL_LEAD * lexical[1][1]:
            # a chunk whose words match far better than any other's is read, whatever its
            # rank once fused ("Who heads Savills China Research?")
            i = lexical[0][0]
            if i not in chosen:
                hit = Hit(self.store.chunks[i], fused[i], dense_score.get(i, 0.0), lexical[0][1])
                scored, chosen = [*scored, hit], [*chosen, i]
        rare = not words  # a gloss's words are weighed alike
        words = words or tuple(tokens)
        return Retrieval(hits, self._sentences(set(words), query, scored, chosen, rare))

    def _dense(self, query: np.ndarray) -> list[tuple[int, float]]:
        n = min(CANDIDATES, self.store.vectors.ntotal)
        scores, ids = self.store.vectors.search(query.reshape(1, -1).astype(np.float32), n)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _bm25(self, question_tokens: list[str]) -> list[tuple[int, float]]:
        tokens = [t for t in question_tokens if t in self._vocab]
        if not tokens:
            return []
        # get_scores and a partial sort: bm25s's retrieve starts a thread pool per call, 3-6 ms
        # at 20,585 chunks against 0.2 ms for this (docs/performance.md).
        scores = np.asarray(self.store.bm25.get_scores(tokens))
        n = min(CANDIDATES, len(scores))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.lexsort((top, -scores[top]))]  # best first; ties by chunk order
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def _tokens(self, chunk: int, number: int, text: str) -> frozenset[str]:
        """A sentence's BM25 tokens, stemmed once per process rather than once per question."""
        key = (chunk, number)
        if key not in self._sentence_tokens:
            self._sentence_tokens[key] = frozenset(tokenize(text))
        return self._sentence_tokens[key]

    def _title(self, title: str) -> frozenset[str]:
        """An article's title's BM25 tokens, stemmed once per process."""
        if title not in self._title_tokens:
            self._title_tokens[title] = frozenset(tokenize(title))
        return self._title_tokens[title]

    def _sentences(
        self, words: set[str], query: np.ndarray, hits: list[Hit], order: list[int], rare: bool
    ) -> list[SentenceHit]:
        """The sentences of `hits`, scored; `rare`: the question's own words, each weighed by
        its idf, else a gloss's, weighed alike."""
        bm25 = self.store.bm25
        rare = rare and bm25 is not None
        weight = RARE_WEIGHT if rare else LEXICAL_WEIGHT
        rarity = {w: bm25.idf(w) for w in words} if rare else dict.fromkeys(words, 1.0)
        total = sum(rarity.values())
        found = []
        for hit, i in zip(hits, order, strict=True):
            first = int(self.store.sentence_first[i])
            vectors = np.asarray(
                self.store.sentence_vectors[first : first + len(hit.chunk.sentences)]
            )
            similarities = vectors @ query
            before: frozenset[str] = frozenset()
            for number, (start, end) in enumerate(hit.chunk.sentences):
                text = hit.chunk.text[start - hit.chunk.start : end - hit.chunk.start]
                sim = float(similarities[number]) if self.score_sentences else hit.dense
                own = self._tokens(i, number, text)
                shared, context = words & own, words & (before | self._title(hit.chunk.title))
                if rare and REFERS.match(text):  # "It will remain closed until Saturday."
                    shared, context = shared | context, set()
                context = context - shared if rare else set()
                before = own
                overlap = weight * sum(rarity[w] for w in shared) / total if total else 0.0
                if total:
                    overlap += CONTEXT * weight * sum(rarity[w] for w in context) / total
                score = SENTENCE_WEIGHT * sim + (1 - SENTENCE_WEIGHT) * hit.dense + overlap
                found.append(SentenceHit(hit.chunk, number, text, start, end, score, sim))
        return sorted(found, key=lambda s: -s.score)
