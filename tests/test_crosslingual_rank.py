"""A Korean question's sentences and figures ranked by what English states its own way."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bot import korean
from bot.crosslingual import SENTENCES
from bot.crosslingual_rank import (
    closest_over,
    own_words,
    prose,
    refit,
    rerank_figure,
    spelled_names,
    whole_range,
)
from bot.matching import FigureIndex, dated, fit, index_figures, relative_years
from bot.question import Want
from index.chunking import Chunk
from index.figures import Figure
from index.multilingual import MULTILINGUAL_MODEL
from index.retrieval import Retrieval, SentenceHit


def _sentence(text: str, score: float, n: int = 0) -> SentenceHit:
    chunk = Chunk(f"a#{n}", "a", "a.md", "T", "O", "", 1, 0, len(text), text, ((0, len(text)),),
                  "2017-02-17")  # fmt: skip
    return SentenceHit(chunk, 0, text, 0, len(text), score, score)


def _scored(text: str, score: float, similarity: float, n: int = 0) -> SentenceHit:
    return replace(_sentence(text, score, n), similarity=similarity)


def _figure(sentence: SentenceHit, text: str, **fields: object) -> Figure:
    start = sentence.text.index(text)
    values = {"value": None, "unit": "%", "kind": "percent"} | fields
    return Figure(text, start=start, end=start + len(text), chunk_id=sentence.chunk.id,
                  sentence=sentence.number, **values)  # type: ignore[arg-type]  # fmt: skip


def _want(kind: str = "share", numbers: tuple[str, ...] = (), **fields: object) -> Want:
    return Want(kind, (), numbers, korean=True, dates=numbers, **fields)  # type: ignore[arg-type]


def test_spelled_names_are_the_capitalised_words_the_hangul_spells() -> None:
    sentences = ["By contrast, people traveling to Turkey last year dropped by 16.6 percent."]
    assert spelled_names("터키로 간 승객은 몇 퍼센트 줄었나요?", sentences) == ["Turkey"]
    assert spelled_names("승객은 몇 퍼센트 줄었나요?", sentences) == []


def test_a_figure_question_prefers_the_sentence_naming_what_it_spells() -> None:
    overall = _sentence("Overall, passengers edged up by 0.5 percent.", 0.850, 1)
    turkey = _sentence("Passengers traveling to Turkey dropped by 16.6 percent.", 0.845, 2)
    found = Retrieval([], [overall, turkey])
    question = "터키로 간 승객은 몇 퍼센트 줄었나요?"
    _, ranked = refit(question, _want(), found, index_figures([]))
    assert ranked.sentences[0].text == turkey.text
    _, said = refit(question, _want(kind="statement"), found, index_figures([]))
    assert said.sentences[0].text == overall.text  # a statement is chosen by its cosine alone


def _last_year() -> tuple[SentenceHit, SentenceHit, FigureIndex]:
    """A sentence stating 2016 and a closer one saying "last year" in an article of 2017."""
    stated = _sentence("Overall, passengers edged up by 0.5 percent in 2016.", 0.80, 1)
    relative = _sentence("Passengers to Turkey last year dropped by 16.6 percent.", 0.84, 2)
    figures = index_figures([
        _figure(relative, "last year", value=2016.0, unit="year", kind="date", role="relative")
    ])  # fmt: skip
    return stated, relative, figures


def test_a_year_stated_as_last_year_counts_as_stated() -> None:
    stated, relative, figures = _last_year()
    want = _want(numbers=("2016",))
    assert fit(stated, want) > fit(relative, want)
    assert relative_years(relative, figures) == {"2016"}
    read, found = refit("2016년 승객은?", want, Retrieval([], [stated, relative]), figures)
    best = max(found.sentences, key=lambda s: fit(s, read))
    assert best.text == relative.text
    assert read.numbers == ()  # not missing from the sentence that says "last year"
    assert round(fit(best, read), 3) == 0.89  # 0.84 and 2016 stated


def test_an_english_question_counts_last_year_as_stated_and_keeps_its_year() -> None:
    stated, relative, figures = _last_year()
    want = _want(numbers=("2016",))
    read, found = dated(want, [stated, relative], figures, drop=False)
    assert read == want  # an English question keeps the year it asks about
    best = max(found, key=lambda s: fit(s, read))
    assert best.text == relative.text and round(fit(best, read), 3) == 0.89


def test_a_year_stated_nowhere_still_counts_against_a_sentence() -> None:
    stated = _sentence("Passengers edged up by 0.5 percent in 2016.", 0.80, 1)
    undated = _sentence("Passengers to Turkey dropped by 16.6 percent.", 0.82, 2)
    want = _want(numbers=("2016",))
    read, found = refit("2016년 승객은?", want, Retrieval([], [stated, undated]), index_figures([]))
    assert read == want
    assert {s.text: round(fit(s, read), 3) for s in found.sentences} == {
        stated.text: 0.85,
        undated.text: 0.77,
    }


class _Clauses:
    """Embeds a clause by whether it holds `near`: the question's vector, or one 0.9 from it."""

    def __init__(self, near: str, model: str = MULTILINGUAL_MODEL) -> None:
        self.near, self.model_id = near, f"{model}@abc"

    def embed_query(self, text: str) -> np.ndarray:
        return np.array([1.0, 0.0])

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.array([[1.0, 0.0] if self.near in t else [0.9, 0.436] for t in texts])


def _tally() -> tuple[SentenceHit, FigureIndex, Figure, Figure]:
    sentence = _sentence(
        "Pence read the vote count 50-50 and then voted himself in the chamber on Tuesday, "
        "rendering the tally 51-50.",
        0.8,
    )
    first = _figure(sentence, "50-50", unit="score", kind="score")
    final = _figure(sentence, "51-50", unit="score", kind="score")
    return sentence, index_figures([first, final]), first, final


def test_a_figure_s_own_words_choose_between_figures_of_one_kind_and_unit() -> None:
    sentence, figures, first, final = _tally()
    assert own_words(sentence, final) == "chamber on Tuesday, rendering the tally 51-50"
    want = _want(kind="score")
    embedder = _Clauses("rendering")
    final_pick = (final, sentence)
    assert rerank_figure("최종 결과는?", want, (first, sentence), figures, embedder) == final_pick
    assert rerank_figure("최종 결과는?", want, final_pick, figures, embedder) == final_pick


def test_the_pick_stays_when_the_words_do_not_decide() -> None:
    sentence, figures, first, _ = _tally()
    pick = (first, sentence)
    assert rerank_figure("결과는?", _want(kind="score"), pick, figures, _Clauses("nowhere")) == pick
    other_model = _Clauses("rendering", model="all-MiniLM-L6-v2")
    assert rerank_figure("결과는?", _want(kind="score"), pick, figures, other_model) == pick
    dollars = _want(kind="score", currency="USD")
    assert rerank_figure("결과는?", dollars, pick, figures, _Clauses("rendering")) == pick
    assert rerank_figure("결과는?", _want(kind="score"), None, figures, _Clauses("x")) is None


class _Counting(_Clauses):
    """_Clauses that keeps every batch of passages it is asked to embed."""

    def __init__(self, near: str) -> None:
        super().__init__(near)
        self.batches: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.batches.append(list(texts))
        return super().embed_documents(texts)


def test_a_figure_s_own_words_are_embedded_once_across_questions() -> None:
    sentence, figures, first, final = _tally()
    embedder = _Counting("rendering")
    for question in ("최종 결과는?", "최종 표결 결과는 몇 대 몇?"):
        pick = rerank_figure(question, _want(kind="score"), (first, sentence), figures, embedder)
        assert pick == (final, sentence)
    assert embedder.batches == [[own_words(sentence, first)], [own_words(sentence, final)]]


def _two_sentences() -> tuple[SentenceHit, SentenceHit, FigureIndex, Figure, Figure]:
    rise = _sentence("Since Election Day the index posted a 9.4 percent rise overall.", 0.82, 1)
    dip = _sentence("The index sank from the start and was down as much as 0.9 percent.", 0.80, 2)
    high, low = _figure(rise, "9.4 percent"), _figure(dip, "0.9 percent")
    return rise, dip, index_figures([high, low]), high, low


def test_a_figure_of_another_sentence_the_matcher_weighed_may_replace_the_pick() -> None:
    rise, dip, figures, high, low = _two_sentences()
    embedder = _Clauses("down as much as")
    pick = (high, rise)
    question = "장 초반 몇 퍼센트 밀렸나요?"
    assert rerank_figure(question, _want(), pick, figures, embedder) == pick  # its sentence only
    moved = rerank_figure(question, _want(), pick, figures, embedder, [rise, dip], 0.04)
    assert moved == (low, dip)


def test_a_sentence_scoring_past_the_window_keeps_its_figures_out() -> None:
    rise, dip, figures, high, _ = _two_sentences()
    embedder = _Clauses("down as much as")
    pick = (high, rise)
    question = "장 초반 몇 퍼센트 밀렸나요?"
    assert rerank_figure(question, _want(), pick, figures, embedder, [rise, dip], 0.01) == pick
    counts = _want(kind="count")  # a figure of another unit is never a rival
    other = index_figures([high, _figure(dip, "0.9 percent", unit="pp")])
    assert rerank_figure(question, counts, pick, other, embedder, [rise, dip], 0.04) == pick


def test_a_qualifier_the_question_asks_chooses_the_figure_written_with_it() -> None:
    rise, dip, figures, high, low = _two_sentences()
    embedder = _Clauses("9.4 percent")  # the words alone would keep the rise
    pick = (high, rise)
    asked = "장 초반 최대 몇 퍼센트까지 밀렸나요?"
    assert rerank_figure(asked, _want(), pick, figures, embedder, [rise, dip], 0.04) == (low, dip)
    plain = "장 초반 몇 퍼센트 밀렸나요?"
    assert rerank_figure(plain, _want(), pick, figures, embedder, [rise, dip], 0.04) == pick
    largest = "최대 지수는 몇 퍼센트 밀렸나요?"  # 최대 as "largest", qualifying no figure
    assert rerank_figure(largest, _want(), pick, figures, embedder, [rise, dip], 0.04) == pick
    more = "몇 퍼센트 넘게 밀렸나요?"  # no figure is written "more than": the words decide
    assert rerank_figure(more, _want(), pick, figures, embedder, [rise, dip], 0.04) == pick


@pytest.mark.parametrize(
    ("text", "qualified"),
    [
        ("A number of constituencies had recorded a rise in excess of 10%.", True),
        ("Turnout was more than 10%.", True),
        ("Turnout has risen over the past 10% of districts.", False),  # not right before it
        ("Turnout rose 10%, more than expected.", False),  # after the figure
    ],
)
def test_a_qualifier_is_read_right_before_the_figure(text: str, qualified: bool) -> None:
    sentence = _sentence(text, 0.8)
    rise, other = _figure(sentence, "10%"), _figure(_sentence("It fell 3%.", 0.8, 1), "3%")
    figures = index_figures([rise, other])
    rivals = [(rise, sentence), (other, _sentence("It fell 3%.", 0.8, 1))]
    embedder = _Clauses("fell")
    question = "투표율은 몇 퍼센트 넘게 올랐나요?"
    ranked = [sentence, rivals[1][1]]
    picked = rerank_figure(question, _want(), rivals[1], figures, embedder, ranked, 0.04)
    assert (picked == (rise, sentence)) is qualified


@pytest.mark.parametrize(
    ("text", "figure", "value", "whole"),
    [
        ("Water will not flow for the next five to seven days.", "seven days", 7.0,
         ("five to seven days", 5.0)),
        ("It will take 5-7 days.", "7 days", 7.0, ("5-7 days", 5.0)),
        ("It will take 5 – 7 days.", "7 days", 7.0, ("5 – 7 days", 5.0)),
        ("They need two or three weeks.", "three weeks", 3.0, ("two or three weeks", 2.0)),
        ("between 10 and 12 people came", "12 people", 12.0, ("between 10 and 12 people", 10.0)),
        ("It took seven days.", "seven days", 7.0, None),
        ("Delays grew from five to seven days.", "seven days", 7.0, None),  # a change
        ("Crews worked 5 and 7 days.", "7 days", 7.0, None),  # "and" joins a range after "between"
        ("It took 9 to 7 days.", "7 days", 7.0, None),  # a low end above the high is no range
    ],
)  # fmt: skip
def test_a_figure_that_ends_a_range_is_answered_whole(
    text: str, figure: str, value: float, whole: tuple[str, float] | None
) -> None:
    sentence = _sentence(text, 0.8)
    found = _figure(sentence, figure, value=value, unit=figure.split()[-1], kind="duration")
    picked = whole_range((found, sentence))
    assert picked is not None and picked[1] == sentence
    if whole is None:
        assert picked[0] == found
    else:
        assert (picked[0].text, picked[0].value) == whole
        assert text[picked[0].start : picked[0].end] == whole[0]


def test_a_range_is_not_read_into_a_date_or_nothing() -> None:
    sentence = _sentence("It ran from 5 to 2017.", 0.8)
    year = _figure(sentence, "2017", value=2017.0, unit="year", kind="date")
    assert whole_range((year, sentence)) == (year, sentence)
    assert whole_range(None) is None


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The closure of the deal is expected before July 2017.", True),
        ("The talks must be wrapped up by March.", True),
        ("Work on the dam is expected to end in 2019.", True),
        ("The offer expires on Friday.", True),
        ("The deal was signed through a company he owns.", False),
        ("In the initial phase of this endeavor, the state will spend more.", False),
        ("Shares closed up 2% before the vote.", False),
        ("Sales rose close to 5 percent.", False),
    ],
)
def test_an_english_sentence_tells_when_something_ends(text: str, cue: bool) -> None:
    assert bool(korean.ENDING_CUE.search(text)) is cue


def test_a_question_asking_when_something_ends_keeps_the_sentences_that_tell_it() -> None:
    signed = _sentence("Sberbank has signed an agreement on selling its Ukrainian unit.", 0.85, 1)
    closing = _sentence("The closure of the deal is expected before July 2017.", 0.79, 2)
    found = Retrieval([], [signed, closing])
    question = "매각 거래는 언제까지 마무리될 것으로 보이나요?"
    _, ending = refit(question, _want("time", ending=True), found, index_figures([]))
    assert [s.text for s in ending.sentences] == [closing.text]
    _, when = refit(question, _want("time"), found, index_figures([]))
    assert [s.text for s in when.sentences] == [signed.text, closing.text]
    _, none = refit(question, _want("time", ending=True), Retrieval([], [signed]), {})
    assert [s.text for s in none.sentences] == [signed.text]  # nothing tells it: answer abstains


@pytest.mark.parametrize(
    ("similarities", "leader"),
    [
        ((0.76, 0.79, 0.77), 1),  # the best falls under the floor, another clears it: it leads
        ((0.76, 0.79, 0.785), 1),  # the closest of those that clear it
        ((0.78, 0.79, 0.77), 0),  # the best clears the floor: nothing moves
        ((0.76, 0.77, 0.775), 0),  # none clears it: the floor abstains as before
    ],
)
def test_a_closer_sentence_leads_when_the_best_falls_under_the_floor(
    similarities: tuple[float, ...], leader: int
) -> None:
    scores = (0.85, 0.80, 0.79)
    found = [_scored(f"S{n}.", scores[n], sim, n) for n, sim in enumerate(similarities)]
    ranked = closest_over(found, 0.778)
    assert ranked[0].text == found[leader].text
    assert ranked[0].score == found[0].score
    assert sorted(s.text for s in ranked) == [s.text for s in found]


def test_the_closest_is_looked_for_among_the_best_few_only() -> None:
    found = [_scored(f"S{n}.", 0.9 - n / 100, 0.70, n) for n in range(SENTENCES)]
    found.append(_scored("Far down.", 0.5, 0.85, SENTENCES))
    assert closest_over(found, 0.778) == found


def test_refit_reads_the_floor_it_is_given() -> None:
    lifted = _scored("Watson, the judge, was born in Hawaii.", 0.83, 0.767, 1)
    closer = _scored("He also served as a US Army Reserve captain.", 0.78, 0.781, 2)
    found = Retrieval([], [lifted, closer])
    _, same = refit("무슨 계급이었나요?", _want("statement"), found, index_figures([]))
    assert same.sentences[0].text == lifted.text
    _, led = refit("무슨 계급이었나요?", _want("statement"), found, index_figures([]), 0.778)
    assert led.sentences[0].text == closer.text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Source:-Al Jazeera and news agencies", False),  # a credit
        ("(China Daily European Weekly 01/20/2017 page15)", False),  # a page reference
        ("Contact the writer at someone@example.com", False),  # a contact
        ("Jia Chenglong / For China Daily", False),  # a photo credit
        ("Learn more", False),
        ("Nausea.", True),  # short, but a sentence
        ("He also served as a US Army Reserve captain.", True),
        ("Since 2016, the city has cut prices 5 percent. someone@example.com", True),
        ("Dreamer released after 15 months in custody. https://t.co/x pic.twitter.com/y", True),
        ('"I feel dizzy, with pain."', True),
    ],
)
def test_lines_that_are_no_prose_are_left_out(line: str, kept: bool) -> None:
    other = _sentence("The fund is headed by a former banker.", 0.70, 1)
    found = prose([_sentence(line, 0.80), other])
    assert (found[0].text == line) == kept


def test_no_line_is_left_out_when_all_are_no_prose() -> None:
    found = [_sentence("Source:-News agencies", 0.80), _sentence("Learn more", 0.70, 1)]
    assert prose(found) == found


def test_refit_ranks_prose_only() -> None:
    credit = _sentence("Source:-Al Jazeera and news agencies", 0.80)
    said = _sentence("Joel Millman, spokesman for the agency, said 42 bodies were found.", 0.78, 1)
    _, found = refit("대변인은 누구인가요?", _want("name"), Retrieval([], [credit, said]), {})
    assert [s.text for s in found.sentences] == [said.text]


def test_a_change_asked_one_way_is_not_a_figure_its_clause_says_moved_the_other() -> None:
    sentence = _sentence(
        "The plan will cut the State budget by 28 percent while infusing Defense with a 10 "
        "percent spending increase.",
        0.8,
    )
    cut = _figure(sentence, "28 percent", unit="%", kind="percent")
    rise = _figure(sentence, "10 percent", unit="%", kind="percent")
    figures = index_figures([cut, rise])
    embedder = _Clauses("State budget")  # the model places the cut's clause closer
    want = _want(kind="share", direction="up")
    assert rerank_figure(
        "국방 지출은 몇 퍼센트 늘어나요?", want, (cut, sentence), figures, embedder
    ) == (
        rise,
        sentence,
    )
    assert rerank_figure(
        "몇 퍼센트 줄어요?", _want(kind="share"), (cut, sentence), figures, embedder
    ) == (
        cut,
        sentence,
    )
