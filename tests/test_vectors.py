"""Embedding a build's texts: order kept, each text once, longest first, earlier rows reused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.store import build_index, load_store
from index.vectors import BATCH, embed_texts
from tests.conftest import HashEmbedder


class Recording(HashEmbedder):
    """Remembers every batch it was given."""

    def __init__(self, model_id: str = "test-hash-embedder") -> None:
        super().__init__()
        self.model_id = model_id
        self.batches: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        return super().embed_documents(texts)

    @property
    def embedded(self) -> list[str]:
        return [t for batch in self.batches for t in batch]


def test_rows_come_back_in_input_order() -> None:
    texts = [f"word{i} " * (i % 7 + 1) for i in range(150)]
    recording = Recording()
    rows, embedded, _ = embed_texts(recording, texts)
    assert embedded == 150
    assert np.allclose(rows, HashEmbedder().embed_documents(texts))


def test_batches_are_longest_first_so_padding_stays_small() -> None:
    texts = [("x " * n).strip() for n in (3, 90, 1, 40, 7, 200)] * 30
    recording = Recording()
    embed_texts(recording, [f"{t} {i}" for i, t in enumerate(texts)])
    lengths = [len(t) for t in recording.embedded]
    assert lengths == sorted(lengths, reverse=True)
    assert max(len(b) for b in recording.batches) == BATCH


def test_a_repeated_text_is_embedded_once() -> None:
    recording = Recording()
    rows, embedded, _ = embed_texts(recording, ["Exports rose.", "Imports fell.", "Exports rose."])
    assert embedded == 2 and sorted(recording.embedded) == ["Exports rose.", "Imports fell."]
    assert np.array_equal(rows[0], rows[2])


def test_known_rows_are_copied_not_embedded() -> None:
    known = {"old text": np.full(64, 0.125, dtype=np.float32)}
    recording = Recording()
    rows, embedded, _ = embed_texts(recording, ["new text", "old text"], known)
    assert recording.embedded == ["new text"] and embedded == 1
    assert np.array_equal(rows[1], known["old text"])


def test_progress_counts_up_to_the_texts_to_embed() -> None:
    seen: list[tuple[int, int]] = []
    embed_texts(
        Recording(), [f"text {i}" for i in range(130)], progress=lambda d, t: seen.append((d, t))
    )
    assert [d for d, _ in seen] == [64, 64, 2] and {t for _, t in seen} == {130}


@pytest.fixture
def built(tmp_path: Path, corpus_dir: Path) -> Path:
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, HashEmbedder())
    return index_dir


def test_adding_an_article_embeds_only_its_texts(built: Path, corpus_dir: Path) -> None:
    (corpus_dir / "exports.txt").write_text("Exports rose 12 percent in 2024. Imports fell.\n")
    recording = Recording()
    report = build_index(corpus_dir, built, recording)
    assert sorted(set(recording.embedded)) == sorted(
        {"Exports rose 12 percent in 2024. Imports fell.", "Exports rose 12 percent in 2024.",
         "Imports fell."}
    )  # fmt: skip
    assert report.embedded == 3
    # The reused rows are the rows a full build gives.
    build_index(corpus_dir, built.with_name("fresh"), HashEmbedder(), reuse=False)
    incremental, full = load_store(built), load_store(built.with_name("fresh"))
    n = incremental.vectors.ntotal
    assert np.allclose(incremental.vectors.reconstruct_n(0, n), full.vectors.reconstruct_n(0, n))
    assert np.allclose(incremental.sentence_vectors, full.sentence_vectors)


def test_an_unchanged_corpus_rebuilt_embeds_nothing(built: Path, corpus_dir: Path) -> None:
    recording = Recording()
    assert build_index(corpus_dir, built, recording).embedded == 0
    assert recording.batches == []


def test_reuse_off_embeds_everything(built: Path, corpus_dir: Path) -> None:
    recording = Recording()
    report = build_index(corpus_dir, built, recording, reuse=False)
    assert report.embedded == len(set(recording.embedded)) > 0


def test_another_model_never_reuses_vectors(built: Path, corpus_dir: Path) -> None:
    recording = Recording(model_id="another-model")
    report = build_index(corpus_dir, built, recording)
    assert report.embedded > 0 and report.embedded == len(recording.embedded)


def test_another_library_version_never_reuses_vectors(built: Path, corpus_dir: Path) -> None:
    meta_path = built / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["packages"]["sentence-transformers"] = "0.0.1"
    meta_path.write_text(json.dumps(meta))
    recording = Recording()
    assert build_index(corpus_dir, built, recording).embedded > 0


def test_a_damaged_previous_index_is_not_reused(built: Path, corpus_dir: Path) -> None:
    vectors = built / "sentences.npy"
    vectors.write_bytes(vectors.read_bytes()[:-8] + b"\x00" * 8)
    recording = Recording()
    report = build_index(corpus_dir, built, recording)
    assert report.embedded == report.chunks + report.sentences - _duplicates(built)
    load_store(built)  # the rebuilt index is whole


def _duplicates(index_dir: Path) -> int:
    store = load_store(index_dir)
    texts = [c.text for c in store.chunks] + [s for c in store.chunks for s in c.sentence_texts()]
    return len(texts) - len(set(texts))


def test_the_report_counts_reused_texts(built: Path, corpus_dir: Path) -> None:
    fresh = build_index(corpus_dir, built.with_name("new"), HashEmbedder())
    assert fresh.reused == 0 and fresh.embedded > 0
    again = build_index(corpus_dir, built, HashEmbedder())
    assert again.reused == fresh.embedded and again.embedded == 0
