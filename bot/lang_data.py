"""Each language's words and texts as data: bot/lang/<language>.json, read once per process
(question reading, the Korean pack and the stock texts all draw on the same files)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


@cache
def lang_data(language: str) -> dict[str, Any]:
    """bot/lang/<language>.json, parsed: lang_data("en")["stock"]["reset"]."""
    path = Path(__file__).parent / "lang" / f"{language}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
