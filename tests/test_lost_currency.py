"""An amount whose currency sign the text lost ("$1.6m (?1.3m)", a scrape that could not read
"£"): asked in another currency, it is the likeliest answer, and the reply says what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Answerer
from index.retrieval import Retriever
from index.store import build_index, load_store
from tests.conftest import HashEmbedder


def _answerer(root: Path, sentence: str) -> Answerer:
    corpus = root / "corpus"
    corpus.mkdir()
    filler = "The market opened on a quiet street. Traders sold fruit from wooden stalls."
    (corpus / "fine.txt").write_text(f"{sentence}\n\n{filler}\n")
    build_index(corpus, root / "index", HashEmbedder())
    return Answerer(Retriever(load_store(root / "index"), HashEmbedder()))


@pytest.mark.parametrize("currency", ["pounds", "euros"])
def test_the_amount_beside_it_with_its_sign_lost_answers(tmp_path: Path, currency: str) -> None:
    answerer = _answerer(tmp_path, "The regulator fined the dating site $1.6m (?1.3m) in 2016.")
    answer = answerer.ask(f"How much was the dating site fined in {currency}?")
    assert answer.lead.startswith("?1.3m [1], stated beside $1.6m; the currency sign")
    assert not answer.abstained


def test_an_amount_with_its_sign_is_no_other_currency(tmp_path: Path) -> None:
    answerer = _answerer(tmp_path, "The regulator fined the dating site $1.6m (£1.3m) in 2016.")
    answer = answerer.ask("How much was the dating site fined in euros?")
    assert answer.lead.startswith("The articles don't give this in euros")
    assert answer.abstained
