"""The `tally` command: build, ask, shell, telegram, eval, add, articles and remove; errors
become plain messages."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from index.errors import TallyError

if TYPE_CHECKING:
    from bot.evaluation import Case, Outcome
    from bot.reply import Answer
    from bot.settings import Settings

log = logging.getLogger(__name__)

# Exit codes: 0 done; 1 an error Tally explains (TallyError, a skipped input line); 2 a command
# line argparse refuses; 70 a bug of ours (EX_SOFTWARE in BSD's sysexits.h); 130 Ctrl-C.
EXIT_ERROR = 1
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; a TallyError is printed, never a traceback."""
    _utf8_stdio()
    arguments = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args([_utf8_argument(a) for a in arguments])
    from bot.app import quiet_libraries
    from bot.settings import load_settings

    quiet_libraries()
    try:
        settings = load_settings()
        _configure_logging(settings.tally_log_level)
        return int(args.run(args, settings) or 0)
    except TallyError as exc:
        print(f"tally: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `tally ask ... | head -1`: the reader left; nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the final flush at exit cannot fail again
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for the log
        log.debug("unexpected error", exc_info=True)
        print(
            f"tally: unexpected error ({type(exc).__name__}). This is a bug in Tally; "
            "run again with TALLY_LOG_LEVEL=DEBUG to see the details.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _utf8_stdio() -> None:
    """Read and write UTF-8 whatever the locale says: under LC_ALL=C (or PYTHONIOENCODING=ascii)
    Python would refuse to print Korean, or even "’", and read typed Hangul as undecodable."""
    for stream, errors in [(sys.stdin, "strict"), (sys.stdout, "replace"),
                           (sys.stderr, "backslashreplace")]:  # fmt: skip
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors=errors)


def _utf8_argument(text: str) -> str:
    """An argument as the UTF-8 the terminal sent, though a non-UTF-8 locale decoded it:
    "\\udceb\\udcb3\\udcb4" (LC_ALL=C) -> "보"; left as it is when it was not UTF-8."""
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tally", description="Exact, cited figures from news articles."
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build or refresh the index")
    build.add_argument(
        "--force", action="store_true", help="rebuild even when up to date, re-embedding everything"
    )
    build.set_defaults(run=_build)
    ask = commands.add_parser("ask", help="answer one question (or '-' for stdin)")
    ask.add_argument("question", help="the question, or - to read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.set_defaults(run=_ask)
    shell = commands.add_parser("shell", help="ask questions interactively")
    shell.set_defaults(run=_shell)
    telegram = commands.add_parser("telegram", help="run the Telegram bot")
    telegram.add_argument(
        "--webhook", action="store_true", help="receive updates by webhook, not long polling"
    )
    telegram.set_defaults(run=_telegram)
    add = commands.add_parser("add", help="add articles from URLs or files, then refresh the index")
    add.add_argument("sources", nargs="+", metavar="SOURCE",
                     help="an http(s) URL, or a .html/.htm/.pdf/.txt/.md file")  # fmt: skip
    add.set_defaults(run=_add)
    articles = commands.add_parser("articles", help="list the indexed articles")
    articles.add_argument("--json", action="store_true", help="print one JSON object per article")
    articles.set_defaults(run=_articles)
    remove = commands.add_parser("remove", help="take an article out of the corpus and the index")
    remove.add_argument("id", metavar="ID", help="the article's id, as `tally articles` lists it")
    remove.set_defaults(run=_remove)
    evaluate = commands.add_parser("eval", help="run the evaluation sets and print metrics")
    evaluate.add_argument(
        "--dir", default="tests/eval", help="folder of *.jsonl sets and NAME/questions.jsonl sets"
    )
    evaluate.add_argument(
        "--set", dest="name", help="run only this set (file name sans .jsonl, or folder name)"
    )
    evaluate.add_argument(
        "--retriever", choices=("hybrid", "dense", "bm25"), default="hybrid", help="ablation"
    )
    evaluate.add_argument(
        "--no-sentences", action="store_true", help="ablation: no sentence-level scoring"
    )
    evaluate.add_argument(
        "--no-figure-matcher", action="store_true", help="ablation: first figure of the kind"
    )
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument(
        "--misses",
        action="store_true",
        help="list each wrong reply with its question and gold (not a `check` group's)",
    )
    evaluate.add_argument(
        "--check-misses",
        action="store_true",
        help="with --misses, list `check` groups' misses too (for review, never for tuning)",
    )
    evaluate.set_defaults(run=_eval)
    return parser


class _Version(argparse.Action):
    """`--version`: prints "tally 0.1.0" from the installed package's metadata, and exits."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help="print the version")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("tally")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "(not installed; run `make install`)"
        print(f"tally {found}")
        parser.exit()


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")
    # The Bot API puts the token in the URL, and httpx logs URLs at INFO.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # bm25s sets its own logger to DEBUG when imported, which happens only when a build
    # starts, after this; the handlers drop its notes below WARNING whatever its level.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(lambda r: r.levelno >= logging.WARNING or not r.name.startswith("bm25s"))


def _build(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import build, make_embedder

    if build(settings, make_embedder(settings), force=args.force) is None:
        print("The index is up to date.", file=sys.stderr)
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import open_app
    from bot.conversation import Conversation

    skipped: list[int] = []

    def not_utf8(number: int) -> None:
        skipped.append(number)
        print(f"tally: line {number} of standard input is not UTF-8 text; skipped it.",
              file=sys.stderr)  # fmt: skip

    questions: Iterable[str] = [args.question]
    if args.question == "-":
        from bot.shell import utf8_lines  # the shell's line reader; one question needs no shell

        questions = utf8_lines(sys.stdin.buffer, not_utf8)
    app = open_app(settings)
    emit = _print_json if args.json else _print_text
    conversation = Conversation(app.answerer)
    for question in questions:
        if not question.strip():  # a blank line: a new conversation starts
            conversation.reset()
            continue
        emit(conversation.ask(question.strip()))
    return 1 if skipped else 0


def _print_json(answer: Answer) -> None:
    print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)


def _print_text(answer: Answer) -> None:
    print(answer.text + "\n", flush=True)


def _shell(args: argparse.Namespace, settings: Settings) -> int:
    from bot.shell import run_shell

    return run_shell(settings)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.app import open_app
    from bot.evaluation import Ablation, ablated, load_set, run_set
    from bot.newsdev import QUESTIONS, load_turn_set

    root = Path(args.dir)
    # NAME.jsonl (its own corpus, if any, in NAME/corpus) or NAME/questions.jsonl (news-dev's
    # format, corpus in NAME/corpus).
    found = {p.stem: p for p in root.glob("*.jsonl")}
    found |= {p.parent.name: p for p in root.glob(f"*/{QUESTIONS}")}
    sets = sorted(found.items())
    if args.name:
        sets = [(name, p) for name, p in sets if name == args.name]
    if not sets:
        raise TallyError(f"No evaluation set {args.name or '*'}.jsonl in {args.dir}.")
    loaded = {  # a bad file stops before any work
        name: load_turn_set(p) if p.name == QUESTIONS else load_set(p) for name, p in sets
    }
    outcomes: dict[str, list[Outcome]] = {}
    for name, _ in sets:
        own = root / name / "corpus"
        local = settings
        if own.is_dir():
            update = {"tally_corpus_dir": own, "tally_index_dir": Path("var/eval") / name}
            local = settings.model_copy(update=update)
        ablation = Ablation(args.retriever, not args.no_sentences, not args.no_figure_matcher)
        outcomes[name] = run_set(ablated(open_app(local).answerer, ablation), loaded[name])
    _eval_report(args, settings, loaded, outcomes)
    return 0


def _eval_report(
    args: argparse.Namespace,
    settings: Settings,
    loaded: dict[str, list[list[Case]]],
    outcomes: dict[str, list[Outcome]],
) -> None:
    """One table per set (a set reported by split and language gets a column for each), as text
    or JSON; with --misses, each wrong reply under its table."""
    from bot.eval_report import format_columns, format_misses, group_metrics
    from bot.evaluation import format_table

    results = {name: group_metrics(found) for name, found in outcomes.items()}
    if args.json:
        setup = {"retriever": args.retriever, "backend": settings.tally_embedding_backend}
        flat = {
            f"{name}/{g}" if g else name: m for name, r in results.items() for g, m in r.items()
        }
        print(json.dumps(setup | {"sets": flat}, indent=2))
        return
    from bot.korean import is_korean

    for name, result in results.items():
        label = f"{args.retriever}, {settings.tally_embedding_backend}"
        if any(is_korean(case.question) for turns in loaded[name] for case in turns):
            label += "; Korean questions: multilingual-e5 onnx-q4, dense"
        title = f"{name} ({label})"
        table = (
            format_table(title, result[""])
            if list(result) == [""]
            else format_columns(title, result)
        )
        print(table + "\n")
        if not args.misses:
            continue
        # A `check` group is reported, never looked into: its misses only on request.
        hidden = [o for o in outcomes[name] if _held_out(o) and not o.correct]
        shown = [o for o in outcomes[name] if args.check_misses or not _held_out(o)]
        if misses := format_misses(shown):
            print(misses + "\n")
        if hidden and not args.check_misses:
            print(f"({len(hidden)} misses of `check` groups not listed: --check-misses)\n")


def _held_out(outcome: Outcome) -> bool:
    """Whether the outcome's question belongs to a `check` group (news-dev's split)."""
    return (outcome.case.group or "").startswith("check")


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.adding import add_sources
    from bot.app import build, make_embedder

    added, refused = add_sources(settings, make_embedder(settings), args.sources, build)
    for article in added:
        about = ", ".join(str(x) for x in (article.outlet, article.published) if x)
        print(f"Added {article.id}: {article.title}" + (f" ({about})" if about else "")
              + f"; {article.figures} figure{'s' if article.figures != 1 else ''}.")  # fmt: skip
        if article.example:
            print(f"  Ask, for example: {article.example}")
    for problem in refused:
        print(f"tally: {problem}", file=sys.stderr)
    return EXIT_ERROR if refused else 0


def _articles(args: argparse.Namespace, settings: Settings) -> int:
    from bot.adding import format_listing, listed
    from bot.app import build, make_embedder
    from index.store import load_store

    embedder = make_embedder(settings)
    build(settings, embedder, force=False)
    rows = listed(load_store(settings.tally_index_dir, model=embedder.model_id))
    if args.json:
        for row in rows:
            print(json.dumps(row.to_json(), ensure_ascii=False))
    else:
        print(format_listing(rows))
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from bot.adding import remove_article
    from bot.app import build, make_embedder

    title = remove_article(settings, make_embedder(settings), args.id, build)
    print(f"Removed {args.id}: {title}.")
    return 0


def _telegram(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram import run_bot

    return run_bot(settings, webhook=args.webhook)
