"""The interactive shell: line editing and history, slash commands, bold figures on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.conversation import Conversation
from bot.reply import Answer, format_citation
from bot.stock import language_of, say

if TYPE_CHECKING:
    from bot.answer import Answerer
    from bot.settings import Settings

BOLD, PLAIN = "\033[1m", "\033[0m"


def run_shell(settings: Settings) -> int:
    """Open the answer core and talk until /quit, Ctrl-D or the end of piped input."""
    from bot.app import open_app

    app = open_app(settings)
    interactive = sys.stdin.isatty()
    shell = Shell(app.answerer, sys.stdout, bold=sys.stdout.isatty(), language=locale_language())
    if interactive:
        _enable_history(settings.tally_history_file)
        shell.greet()
    return shell.loop(interactive)


def locale_language(environ: dict[str, str] | None = None) -> str:
    """The language the locale asks for: "ko" for LANG=ko_KR.UTF-8 (or LC_ALL, LC_MESSAGES,
    which outrank it), else "en"."""
    environ = dict(os.environ) if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "ko" if environ[name].lower().startswith("ko") else "en"
    return "en"


class Shell:
    """Reads questions, prints answers; commands start with a slash."""

    def __init__(
        self, answerer: Answerer, out: TextIO, bold: bool = False, language: str = "en"
    ) -> None:
        """`language` is the locale's ("en", "ko"); from the first question on, the shell
        speaks the language of the last question asked in words."""
        self.conversation = Conversation(answerer)
        self.out = out
        self.bold = bold
        self.language = language

    def greet(self) -> None:
        """The banner of an interactive shell, with an example question."""
        example = self.conversation.answerer.examples.first()
        print(say("shell_banner", self.language), file=self.out)
        print(say("shell_try", self.language, example=example) if example else "", end="",
              file=self.out)  # fmt: skip
        print(say("shell_commands", self.language), file=self.out)

    def loop(self, interactive: bool) -> int:
        """Answer lines until the input ends or the user leaves."""
        if not interactive:  # piped: each line decoded alone, so a bad one costs only itself
            for line in utf8_lines(sys.stdin.buffer, self._not_utf8):
                if not self.handle(line):
                    return 0
            return 0
        while True:
            try:
                line = input("tally> ")
            except EOFError:
                print(file=self.out)
                return 0
            except UnicodeDecodeError:
                self._say(say("shell_retype", self.language))
                continue
            if not self.handle(line):
                return 0

    def handle(self, line: str) -> bool:
        """Act on one line; False means the user asked to leave."""
        command = line.strip().lower()
        if command in ("/quit", "/exit", "/q"):
            return False
        if command == "/help":
            example = self.conversation.answerer.examples.first()
            hint = say("ask_hint", self.language, example=example) if example else ""
            self._say(say("shell_help", self.language, hint=hint))
        elif command == "/reset":
            self.conversation.reset()
            self._say(say("shell_cleared", self.language))
        elif command == "/sources":
            self._sources()
        elif command.startswith("/"):
            self._say(say("shell_unknown", self.language, command=command.split()[0]))
        elif line.strip():
            self.language = language_of(line, self.language)
            self._say(self._render(self.conversation.ask(line)))
        return True

    def _sources(self) -> None:
        last = self.conversation.last
        if last is None or not last.citations:
            self._say(say("no_sources", self.language))
            return
        for c in last.citations:
            link = f"\n    {c.url}" if c.url else ""
            self._say(f"{format_citation(c)}\n    {c.source}{link}")

    def _render(self, answer: Answer) -> str:
        text = answer.text
        if self.bold and answer.emphasis:
            text = text.replace(answer.emphasis, f"{BOLD}{answer.emphasis}{PLAIN}", 1)
        return text

    def _not_utf8(self, number: int) -> None:
        self._say(say("shell_skipped", self.language, number=number))

    def _say(self, text: str) -> None:
        print(text + "\n", file=self.out, flush=True)


def utf8_lines(source: Iterable[bytes], bad: Callable[[int], None]) -> Iterator[str]:
    """Each line of `source` decoded on its own, without its line end; a line that is not
    UTF-8 is passed to `bad` by number and skipped, and the lines around it are kept."""
    for number, raw in enumerate(source, start=1):
        try:
            yield raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            bad(number)


def _enable_history(path: Path) -> None:
    try:
        import readline
    except ImportError:  # not on every platform; the shell works without it
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        readline.read_history_file(path)
    except (FileNotFoundError, OSError):
        pass
    readline.set_history_length(1000)
    import atexit

    atexit.register(_save_history, readline, path)


def _save_history(readline: object, path: Path) -> None:
    try:
        readline.write_history_file(path)  # type: ignore[attr-defined]
    except OSError:
        pass
