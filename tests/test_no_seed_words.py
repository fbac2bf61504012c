"""The engine knows no corpus: the first article's words stay out of bot/ and index/ (issue 14).

The one exception left is bot/korean.py's GLOSSARY, Korean words glossed for the first
article's domain; issue 15 replaces it with a general mechanism. The test fails on any other
occurrence, and on the glossary's seed words growing.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "korea-tech-clusters-2023.md"
# The seed article's own names and figures, in English and in Korean.
SEED_WORDS = (
    "Boston", "Harvard", "Seoul", "KoreaTechDaily", "CVC", "biopharmaceutical", "biopharma",
    "Doctor & Answer", "2.2 trillion", "86.4 billion", "1.65 billion", "301.66", "1.8 trillion",
    "400 billion won", "보스턴", "하버드", "서울", "반도체", "864억", "2조 2천억",
)  # fmt: skip
SEED_PATTERN = re.compile(
    "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in SEED_WORDS), re.IGNORECASE
)
GLOSSARY_SEED_WORDS = 1  # lines of bot/korean.py's GLOSSARY naming the seed: only go down


def engine_files() -> list[Path]:
    found = [p for d in ("bot", "index") for p in (ROOT / d).rglob("*") if p.is_file()]
    return sorted(p for p in found if p.suffix in (".py", ".json", ".toml", ".yaml", ".txt"))


def glossary_lines() -> range:
    lines = (ROOT / "bot" / "korean.py").read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.startswith("GLOSSARY = {"))
    end = next(n for n, line in enumerate(lines, 1) if n > start and line.startswith("}"))
    return range(start, end + 1)


def test_the_seed_words_are_the_seed_article_s() -> None:
    text = SEED.read_text(encoding="utf-8")
    english = [w for w in SEED_WORDS if w.isascii()]
    assert all(re.search(re.escape(w), text, re.IGNORECASE) for w in english if w != "biopharma")


def test_no_seed_word_in_the_engine() -> None:
    exempt = glossary_lines()
    hits, glossed = [], []
    for path in engine_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if not SEED_PATTERN.search(line):
                continue
            name = path.relative_to(ROOT).as_posix()
            if name == "bot/korean.py" and number in exempt:
                glossed.append(number)
            else:
                hits.append(f"{name}:{number}: {line.strip()[:90]}")
    assert not hits, "the seed article's words in the engine:\n" + "\n".join(hits)
    assert len(glossed) <= GLOSSARY_SEED_WORDS, glossed
