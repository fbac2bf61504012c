from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from index.errors import CorpusError, IndexDamaged, IndexMissing
from index.store import build_index, corpus_state, load_store, stale_reason
from tests.conftest import HashEmbedder


@pytest.fixture
def built(tmp_path: Path, corpus_dir: Path, embedder: HashEmbedder) -> Path:
    index_dir = tmp_path / "var" / "index"
    build_index(corpus_dir, index_dir, embedder)
    return index_dir


def test_build_writes_plain_files_described_in_design(built: Path) -> None:
    names = {p.name for p in built.iterdir()}
    assert {"meta.json", "chunks.jsonl", "figures.jsonl", "vectors.faiss", "bm25"} <= names
    meta = json.loads((built / "meta.json").read_text())
    assert meta["model"] == "test-hash-embedder"
    assert meta["chunks"] == 11 and meta["dimension"] == 64
    assert {"faiss-cpu", "bm25s", "sentence-transformers"} <= set(meta["packages"])
    for line in (built / "figures.jsonl").read_text().splitlines():
        row = json.loads(line)
        assert {"text", "value", "unit", "kind", "start", "end", "chunk_id", "sentence"} <= set(row)


def test_figures_point_at_their_own_text(built: Path) -> None:
    store = load_store(built)
    chunks = {c.id: c for c in store.chunks}
    assert store.figures
    for figure in store.figures:
        chunk = chunks[figure.chunk_id]
        assert chunk.text[figure.start - chunk.start : figure.end - chunk.start] == figure.text


def test_read_more_headlines_are_not_indexed(built: Path) -> None:
    store = load_store(built)
    assert not any("2.9 billion" in c.text for c in store.chunks)
    assert not any(f.text == "$2.9 billion" for f in store.figures)


def test_dense_search_matches_numpy_brute_force(built: Path, embedder: HashEmbedder) -> None:
    store = load_store(built)
    query = embedder.embed_query("overseas investment ratio for venture capital")
    matrix = embedder.embed_documents([c.text for c in store.chunks])
    expected = np.argsort(-(matrix @ query))[:5]
    scores, ids = store.vectors.search(query.reshape(1, -1), 5)
    assert list(ids[0]) == list(expected)
    assert np.allclose(scores[0], np.sort(matrix @ query)[::-1][:5], atol=1e-5)


def test_missing_index_names_tally_build(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="Run `tally build`"):
        load_store(tmp_path / "nothing")


def _truncate(path: Path, size: int = 100) -> None:
    path.write_bytes(path.read_bytes()[:size])


def _drop_last_line(path: Path) -> None:
    path.write_text("\n".join(path.read_text().splitlines()[:-1]))


DAMAGE = {
    "faiss-garbage": (lambda d: (d / "vectors.faiss").write_bytes(b"FAISS"), "damaged"),
    "faiss-truncated": (lambda d: _truncate(d / "vectors.faiss"), "damaged"),
    "no-chunks": (lambda d: (d / "chunks.jsonl").unlink(), "missing chunks.jsonl"),
    "meta-not-json": (lambda d: (d / "meta.json").write_text("{not json"), "damaged"),
    "fewer-chunks": (lambda d: _drop_last_line(d / "chunks.jsonl"), "inconsistent"),
    "no-bm25": (lambda d: shutil.rmtree(d / "bm25"), "damaged"),
    "sentences-garbage": (lambda d: (d / "sentences.npy").write_bytes(b"\x93NUMPY x"), "damaged"),
    "other-version": (
        lambda d: (d / "meta.json").write_text(json.dumps({"format_version": 99})),
        "another version of Tally",
    ),
}


@pytest.mark.parametrize(("damage", "reason"), DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_index_gives_a_clear_error(built: Path, damage, reason: str) -> None:  # type: ignore[no-untyped-def]
    damage(built)
    with pytest.raises(IndexDamaged, match=reason) as info:
        load_store(built)
    assert "tally build" in str(info.value)


def test_stale_when_corpus_or_model_changes(built: Path, corpus_dir: Path) -> None:
    state = corpus_state(corpus_dir, "test-hash-embedder")
    assert stale_reason(built, state) is None
    assert stale_reason(built, {**state, "model": "other"}) == "the embedding model changed"
    (corpus_dir / "second.txt").write_text("Exports rose 12 percent in 2024.\n")
    assert (
        stale_reason(built, corpus_state(corpus_dir, "test-hash-embedder")) == "the corpus changed"
    )


def test_added_article_is_indexed_and_broken_one_is_reported(
    tmp_path: Path, corpus_dir: Path, embedder: HashEmbedder
) -> None:
    (corpus_dir / "exports.txt").write_text("Exports rose 12 percent in 2024.\n")
    (corpus_dir / "broken.md").write_bytes(b"\xff\xfe bad bytes")
    report = build_index(corpus_dir, tmp_path / "index", embedder)
    assert report.articles == 2
    assert [p.source.endswith("broken.md") for p in report.problems] == [True]
    store = load_store(tmp_path / "index")
    assert any(c.source.endswith("exports.txt") for c in store.chunks)


def test_rebuild_replaces_index_atomically_and_leaves_no_temp_dirs(
    built: Path, corpus_dir: Path, embedder: HashEmbedder
) -> None:
    (corpus_dir / "exports.txt").write_text("Exports rose 12 percent in 2024.\n")
    build_index(corpus_dir, built, embedder)
    assert load_store(built).meta["articles"] == 2
    leftovers = [p.name for p in built.parent.iterdir() if p.name not in ("index", ".index.lock")]
    assert leftovers == []


def test_failed_build_keeps_the_previous_index(
    built: Path, corpus_dir: Path, embedder: HashEmbedder
) -> None:
    class Exploding(HashEmbedder):
        def embed_documents(self, texts: list[str]) -> np.ndarray:
            raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        build_index(corpus_dir, built, Exploding())
    assert load_store(built).meta["chunks"] == 11


def test_empty_corpus_dir_names_the_setting(tmp_path: Path, embedder: HashEmbedder) -> None:
    (tmp_path / "corpus").mkdir()
    with pytest.raises(CorpusError, match="TALLY_CORPUS_DIR"):
        build_index(tmp_path / "corpus", tmp_path / "index", embedder)
