"""Starting the bot safely: token and webhook secret checked, and kept out of every log."""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

from index.errors import TallyError

if TYPE_CHECKING:
    from bot.settings import Settings


class BotSetupError(TallyError):
    """The bot cannot start: a missing or rejected token, an unreachable server, bad settings."""


def bot_token(settings: Settings) -> str:
    """The token, or an error that names TELEGRAM_BOT_TOKEN."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise BotSetupError(
            "TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather and put it in .env "
            "or the environment."
        )
    return token.strip()


def file_base_url(base_url: str) -> str:
    """Where the Bot API serves files, beside its methods:
    "https://api.telegram.org/bot" -> "https://api.telegram.org/file/bot"."""
    root = base_url.rstrip("/")
    return root.removesuffix("/bot") + "/file/bot"


def webhook_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, checked against Telegram's alphabet; random when unset."""
    secret = settings.telegram_webhook_secret
    value = secret.get_secret_value().strip() if secret else ""
    if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise BotSetupError(
            "TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters)."
        )
    return value or secrets.token_urlsafe(32)


@contextlib.asynccontextmanager
async def startup_errors(bot: Bot, base_url: str) -> AsyncIterator[None]:
    """Turn a rejected token or an unreachable server into a BotSetupError, token left out."""
    try:
        yield
    except InvalidToken:  # its message quotes the token
        await bot.shutdown()
        raise BotSetupError(
            "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized). Check the token with "
            "@BotFather."
        ) from None
    except NetworkError as exc:
        await bot.shutdown()
        detail = str(exc).replace(bot.token, "[redacted]")
        raise BotSetupError(
            f"Cannot reach the Bot API at {urlsplit(base_url).netloc}: {detail}"
        ) from None


async def check_token(token: str, base_url: str) -> None:
    """Ask the server who the bot is (getMe); a BotSetupError if it says no."""
    bot = Bot(token, base_url=base_url)
    async with startup_errors(bot, base_url):
        await bot.initialize()
    await bot.shutdown()


class _Redacting:
    """A log record factory that blanks secrets out of every record, traceback included."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.secrets: set[str] = set()

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = self.make(*args, **kwargs)
        try:
            message = record.getMessage()
            if any(s in message for s in self.secrets):
                record.msg, record.args = self._redact(message), None
            if record.exc_info:
                text = logging.Formatter().formatException(record.exc_info)
                if any(s in text for s in self.secrets):
                    record.exc_text = self._redact(text)
        except Exception:  # a record that cannot be formatted is for logging to report
            pass
        return record

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


def redact_in_logs(*values: str) -> None:
    """From now on, no log record of this process shows these values.

    PTB logs the Bot API URL, token included, at DEBUG, and httpx logs it at INFO; this holds
    whatever level a logger is set to.
    """
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _Redacting):
        factory = _Redacting(factory)
        logging.setLogRecordFactory(factory)
    factory.secrets.update(v for v in values if v)
