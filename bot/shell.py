"""The interactive shell: line editing and history, slash commands, bold figures on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.conversation import Conversation
from bot.reply import Answer, format_citation

if TYPE_CHECKING:
    from bot.answer import Answerer
    from bot.settings import Settings

HELP = """Ask a question about the articles{example}.
  /sources  full citations of the last answer
  /reset    forget the conversation
  /help     this help
  /quit     leave (or Ctrl-D)"""
BOLD, PLAIN = "\033[1m", "\033[0m"


def run_shell(settings: Settings) -> int:
    """Open the answer core and talk until /quit, Ctrl-D or the end of piped input."""
    from bot.app import open_app

    app = open_app(settings)
    interactive = sys.stdin.isatty()
    if interactive:
        _enable_history(settings.tally_history_file)
        print("Tally answers questions about the articles with exact, cited figures.")
        example = app.answerer.examples.first()
        print(f'Try "{example}" ' if example else "", end="")
        print("Type /help for commands.")
    return Shell(app.answerer, sys.stdout, bold=sys.stdout.isatty()).loop(interactive)


class Shell:
    """Reads questions, prints answers; commands start with a slash."""

    def __init__(self, answerer: Answerer, out: TextIO, bold: bool = False) -> None:
        self.conversation = Conversation(answerer)
        self.out = out
        self.bold = bold

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
                self._say("That line was not UTF-8 text; please type it again.")
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
            self._say(HELP.format(example=f', e.g. "{example}"' if example else ""))
        elif command == "/reset":
            self.conversation.reset()
            self._say("Conversation cleared.")
        elif command == "/sources":
            self._sources()
        elif command.startswith("/"):
            self._say(f"Unknown command {command.split()[0]}. Type /help for the list.")
        elif line.strip():
            self._say(self._render(self.conversation.ask(line)))
        return True

    def _sources(self) -> None:
        last = self.conversation.last
        if last is None or not last.citations:
            self._say("No sources yet: ask a question first.")
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
        self._say(f"Line {number} was not UTF-8 text; skipped it.")

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
