"""tests/eval/news_set.py's command line over the news sets (news-extra, news-tune to
news-tune15): each set's picks.json is its rows (news_set.ROWS) and names its corpus, `check NAME`
passes, and, when the source zip is cached, `build NAME` rewrites the committed corpus byte for
byte.

news-extra is held out: its check output is read here and never echoed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.corpora import NEWS_ZIP
from tests.conftest import ROOT
from tests.eval import news_set

NAMES = sorted(news_set.SPLIT)


@pytest.mark.parametrize("name", NAMES)
def test_picks_are_the_sets_rows_and_name_its_corpus(name: str) -> None:
    picks = news_set.load_picks(news_set.EVAL / name)
    assert {p.row for p in picks} == news_set.ROWS[name]
    assert len({p.row for p in picks}) == len({p.slug for p in picks}) == len(picks)
    corpus = {path.stem for path in (news_set.EVAL / name / "corpus").glob("*.md")}
    assert {p.slug for p in picks} == corpus


@pytest.mark.parametrize("name", NAMES)
def test_check_passes(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = news_set.main(["check", name])
    lines = capsys.readouterr().out.splitlines()  # read, so a held-out failure is not echoed
    errors = sum(line.startswith("ERROR:") for line in lines)
    assert code == 0 and lines[-1] == "OK", f"{name}: {errors} errors (run `check {name}`)"


def test_unknown_set_or_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert news_set.main(["check", "news-dev"]) == 2
    assert news_set.main(["build", "news-tune"]) == 2
    assert news_set.main([]) == 2
    assert "Usage:" in capsys.readouterr().err


@pytest.mark.skipif(not NEWS_ZIP.exists(), reason="NewsArticles.zip not fetched (bench.corpora)")
@pytest.mark.parametrize("name", NAMES)
def test_build_rewrites_the_committed_corpus(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / name).mkdir()
    shutil.copy(news_set.EVAL / name / "picks.json", tmp_path / name)
    monkeypatch.setattr(news_set, "EVAL", tmp_path)
    assert news_set.main(["build", name, str(NEWS_ZIP)]) == 0
    built = sorted((tmp_path / name / "corpus").iterdir())
    committed = sorted((ROOT / "tests" / "eval" / name / "corpus").iterdir())
    assert [p.name for p in built] == [p.name for p in committed]
    for new, old in zip(built, committed, strict=True):
        assert new.read_bytes() == old.read_bytes(), new.name
