"""Follow-up rewriting, with the answer core faked at its seam, and the multi-turn evaluation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer import Response
from bot.conversation import (
    NEEDS_CONTEXT,
    Conversation,
    Turn,
    _quoted_name,
    is_follow_up,
    rewrite,
    subject_of,
)
from bot.evaluation import load_set, run_set
from bot.examples import Examples
from bot.language import read_question
from bot.question import Want
from bot.reply import Answer, AnswerFigure, Citation
from tests.conftest import check_floors

EVAL = Path(__file__).parent / "eval" / "conversations.jsonl"
# Values measured with all-MiniLM-L6-v2 (torch fp32), hybrid retrieval; the floors sit
# conftest.margin below them. Raise them, never lower. (2026-11-25; re-measured 2026-11-30 when
# the similarity floor moved off a knife edge, issue 13: c08.3, an unanswerable turn scoring
# 0.29, is now answered, so abstention recall fell from 0.667 to 0.5.)
FLOORS = {
    "recall@1": 0.902,
    "answer_accuracy": 0.885,  # raised 2026-12-03 by session 15's gain (0.869 -> 0.902 here)
    "abstention_precision": 0.75,
    "abstention_recall": 0.5,
    "overall_accuracy": 0.851,  # raised 2026-12-03 by session 15's gain (0.836 -> 0.866 here)
}
BOSTON = "How much is going to the Boston-Korea project?"


class EchoAnswerer:
    """Stands in for Answerer at its seam: answers every question with one citation."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.given: list[Want | None] = []  # the readings handed over with each question
        self.sources: list[str] = []  # the article each question was to stay in ("": any)
        self.examples = Examples(("How much goes to the example fund?",), ("예시 기금 금액은?",))

    def respond(self, question: str, want: Want | None = None, source: str = "") -> Response:
        self.asked.append(question)
        self.given.append(want)
        self.sources.append(source)
        citation = Citation(1, "corpus/a.md", "T", "O", "", 1, "quote", 0.9)
        answer = Answer(question, "lead [1].", citations=[citation])
        return Response(answer, want if want is not None else read_question(question))


def turn(standalone: str) -> Turn:
    return Turn(standalone, standalone, subject_of(standalone), Answer(standalone, "x"))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        (BOSTON, "the Boston-Korea project"),
        ("What was the CVC limit before?", "the CVC limit"),
        ("When will the biotech zones be set up?", "the biotech zones"),
        ("What's the first-phase budget for the new industrial zones?", "the new industrial zones"),
        (
            "How many biopharmaceutical technologies are being added?",
            "biopharmaceutical technologies",
        ),
        ("And in dollars?", ""),
        ("When?", ""),
        # a name's own thing right after the asking verb is what the question is about
        ("How many seats did Rutte's VVD win in the exit polls?", "Rutte's VVD"),
        # a clause after it is no part of it
        ("how old was her brother when he was killed", "her brother"),
        ("How many died in the attack on the boat when it sank?", "the boat"),
        # the measure a how-question asks is no subject, nor what something is worth
        ("how much are meat exports worth?", "meat exports"),
        ("how long did the talks last?", "the talks"),
        ("how long was he in prison?", "he"),  # was "long"
    ],
)
def test_subject_of(question: str, subject: str) -> None:
    assert subject_of(question) == subject


@pytest.mark.parametrize(
    ("previous", "question", "standalone"),
    [
        (BOSTON, "And in dollars?", "How much is going to the Boston-Korea project in dollars?"),
        (BOSTON, "And in euros?", "How much is going to the Boston-Korea project in euros?"),
        ("How much did the film take in dollars?", "What's that in yuan?",
         "How much did the film take in yuan?"),
        (BOSTON, "When?", "When is the Boston-Korea project?"),
        # a bare question word takes the place of the one the question before opened on
        ("When did the writer die?", "where", "Where did the writer die?"),
        ("where does his tour end", "and when?", "When does his tour end?"),
        # and a question word with the preposition it asks by
        ("Where did the writer die?", "what from?", "What did the writer die from?"),
        ("When did the writer travel?", "and who with?", "Who did the writer travel with?"),
        # a follow-up's own words stay in the question it asks of the subject before
        ("When was the new settlement built?", "how many homes?",
         "how many homes for the new settlement built?"),
        # also after a question whose subject is no noun phrase
        ("when was the last big strike in the us", "where?",
         "Where was the last big strike in the us?"),
        # a preposition and its question words ask the question before by them
        ("How many companies has the government seized?", "Over what period?",
         "Over what period companies has the government seized?"),
        # however many words of its own the phrase has
        ("For how long did he put sanctions on banks?", "Starting on what date?",
         "Starting on what date did he put sanctions on banks?"),
        ("By how much was the firm accused of raising the price?", "Over how long?",
         "Over how long was the firm accused of raising the price?"),
        ("how many women went through the laundries", "between which years?",
         "Between which years women went through the laundries?"),
        # a condition the question before did not set is added to it
        ("What tax rate did he end up paying?", "And without the AMT?",
         "What tax rate did he end up paying without the AMT?"),
        (BOSTON, "Which institutions does it link up with?",
         "Which institutions does the Boston-Korea project link up with?"),
        (BOSTON, "And for the biotech zones?", "How much is going to the biotech zones?"),
        (BOSTON, "How much is the project getting?",
         "How much is the Boston-Korea project getting?"),
        ("What was the CVC limit before?", "And now?", "What is the CVC limit now?"),
        ("What was the CVC limit before?", "What about the overseas ratio?",
         "What was the overseas ratio before?"),
        ("What's the budget for the new industrial zones?", "Which sectors are those zones for?",
         "Which sectors are the new industrial zones for?"),
        ("How many seats did Rutte's VVD win in the exit polls?", "And Wilders' party?",
         "How many seats did Wilders' party win in the exit polls?"),
        ("When did he graduate from Harvard Law School?", "And from Harvard College?",
         "When did he graduate from Harvard College?"),
        ("How far is it from Kunming to Shanghai?", "And London to Edinburgh?",
         "How far is it from London to Edinburgh?"),
        # a chat-style question that names no kind may still be asked in another currency
        ("deposit on a reusable mug?", "What's that in dollars?",
         "deposit on a reusable mug in dollars?"),
        # a whole asked after a question: the whole of what it asked about
        ("What's the budget for the new industrial zones?", "how much in all?",
         "How much is the new industrial zones in total?"),
        ("How much farmland has been destroyed?", "in acres?",
         "How much farmland has been destroyed in acres?"),
        ("How far is the dam from the city in miles?", "And what is that in kilometres?",
         "How far is the dam from the city in kilometres?"),
        # he, she (and they, asked who) stand for the name the question before gives
        ("How old was Keith Cooper at the time of the 1997 purse snatching?",
         "and how old is he now", "how old is Keith Cooper now"),
        ("Where did Villanova fly to on Monday?", "Who's their coach?", "Who's Villanova's coach?"),
        ("Who did Princeton beat for the Ivy League title?", "who do they play next",
         "who does Princeton play next"),
        ("How old is Doan Thi Huong?", "where is she from", "where is Doan Thi Huong from"),
        ("When can you start applying for the biotech zones?", "When do they get set up?",
         "When do the biotech zones get set up?"),
        # a change asked of the figure before
        ("What was the bank's loan balance at the end of November?", "up by how much?",
         "What was the bank's loan balance at the end of November, up by how much?"),
        # another time, or a span before the time asked
        ("What was the yield on the 10-year Treasury at the close on Monday, March 27, 2017?",
         "And late on Friday?", "What was the yield on the 10-year Treasury late on Friday?"),
        ("What was the yield on the 10-year Treasury late on Friday?",
         "What about a couple of weeks before that?",
         "What was the yield on the 10-year Treasury a couple of weeks before late on Friday?"),
        ("What were the total sales in 2015?", "And the year before that?",
         "What were the total sales the year before 2015?"),
        ("What were the total sales in 2016?", "And in 2015?",
         "What were the total sales in 2015?"),
        # a time asked of a question that gave none: that question at that time, never the
        # time in place of its subject ("How much is 2024 getting?", "Who won 2012?")
        ("How much is the Boston-Korea project getting?", "And in 2024?",
         "How much is the Boston-Korea project getting in 2024?"),
        ("Who won the election?", "and in 2012?", "Who won the election in 2012?"),
        ("How much goes to creating industrial clusters?", "And on March 3?",
         "How much goes to creating industrial clusters on March 3?"),
        ("How much goes to the Boston-Korea project?", "and next year?",
         "How much goes to the Boston-Korea project next year?"),
        # "that more", "this year": a comparison and a time, no demonstrative of the subject
        ("How many jobs will the factory create?", "is that more than expected?",
         "is that more than expected?"),
        ("How much does Korea spend on joint R&D next year?", "is that more than this year?",
         "is that more than this year for Korea?"),
        # a phrase of the same head noun is what the new one replaces, not the subject
        ("shanghai down payment for first home?", "and second home?",
         "shanghai down payment for second home?"),
        ("How many seats did the Socialist Party win?", "and the Labour Party?",
         "How many seats did the Labour Party win?"),
        ("What were the total sales in 2016?", "and last year?",
         "What were the total sales last year?"),
        # a new subject replaces the name the question was about, not the units asked before
        ("How much does Emilian take home a month in pounds?",
         "And what does a Danish driver get?", "How much does Danish driver take home a month?"),
        ("How long has Amy Walling been with the Jupiter police?", "and Vansteenburgh?",
         "How long has Vansteenburgh been with the Jupiter police?"),
        # he and it in one follow-up: the person the chat is about and what it asked of him
        ("When did Robert Engle win the Nobel?", "who'd he share it with",
         "who'd Robert Engle share the Nobel with"),
        # a question word, its verb and words of its own: a whole question, asked as it stands
        ("How many votes does it take to get past a filibuster?",
         "and how many seats do the Republicans have?",
         "and how many seats do the Republicans have?"),
        ("How many people died in the attack?",
         "And how many of the injured were treated in hospital?",
         "And how many of the injured were treated in hospital?"),
        # Questions that stand on their own are left alone: a new topic is not polluted.
        (BOSTON, "How many biopharmaceutical technologies are being added to the list?",
         "How many biopharmaceutical technologies are being added to the list?"),
        (BOSTON, "Unrelated, but where is the chip cluster going?",
         "Unrelated, but where is the chip cluster going?"),
    ],
)  # fmt: skip
def test_rewrite(previous: str, question: str, standalone: str) -> None:
    rewritten = rewrite(question, turn(previous))
    assert rewritten is not None and rewritten[0] == standalone


@pytest.mark.parametrize("question", ["And in dollars?", "When?", "What about it?"])
def test_follow_up_without_an_earlier_turn_says_what_is_needed(question: str) -> None:
    echo = EchoAnswerer()
    answer = Conversation(echo).ask(question)  # type: ignore[arg-type]
    assert answer.abstained and answer.lead.startswith(NEEDS_CONTEXT)
    assert answer.lead.endswith('e.g. "How much goes to the example fund?"')  # the corpus's own
    assert echo.asked == []


def test_a_question_asking_for_the_whole_stands_alone() -> None:
    echo = EchoAnswerer()
    answer = Conversation(echo).ask("How much in total?")  # type: ignore[arg-type]
    assert echo.asked == ["How much in total?"] and not answer.lead.startswith(NEEDS_CONTEXT)


def test_conversation_carries_context_and_reset_forgets_it() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    assert conversation.ask("When?").standalone == "When is the Boston-Korea project?"
    assert conversation.last is not None
    conversation.reset()
    assert conversation.last is None
    assert conversation.ask("When?").lead.startswith(NEEDS_CONTEXT)


def test_conversation_forgets_after_idle_time_and_stays_bounded() -> None:
    now = [0.0]
    echo = EchoAnswerer()
    conversation = Conversation(echo, max_turns=3, idle_seconds=60, clock=lambda: now[0])  # type: ignore[arg-type]
    for _ in range(10):
        conversation.ask(BOSTON)
    assert len(conversation.turns) == 3
    now[0] = 61.0
    assert conversation.ask("When?").lead.startswith(NEEDS_CONTEXT)


def test_json_carries_the_standalone_question() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    data = conversation.ask("And in dollars?").to_json()
    assert data["question"] == "And in dollars?"
    assert data["standalone"] == "How much is going to the Boston-Korea project in dollars?"


def test_a_question_that_stands_alone_is_read_once_and_its_reading_kept() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    assert echo.given == [read_question(BOSTON)]  # handed on with the question, not read again
    assert conversation.turns[-1].want == read_question(BOSTON)


def test_a_rewritten_follow_up_keeps_the_reading_of_its_standalone_question() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    standalone = conversation.ask("And in dollars?").standalone
    # The standalone question is read (the typed words are not it), with no words of its own.
    assert echo.given[-1] == read_question(standalone)
    assert conversation.turns[-1].want == read_question(standalone)


def test_a_follow_up_stays_in_the_article_the_last_answer_quoted() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    conversation.ask("And in dollars?")
    conversation.ask("How many biotech zones are planned?")  # stands alone: any article
    assert echo.sources == ["", "corpus/a.md", ""]


def test_a_question_about_him_or_her_is_searched_in_the_story_first() -> None:
    # "what did he call the deal?" stands as asked (no name to put for "he"), but "he" is
    # someone of the story the chat is in; without an earlier answer, every article is read
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask("what did he call the deal?")
    conversation.ask(BOSTON)
    answer = conversation.ask("what did he call the deal?")
    conversation.ask("what did the minister call the deal?")  # no pronoun: any article
    assert answer.standalone == "what did he call the deal?"
    assert echo.sources == ["", "", "corpus/a.md", ""]


def test_a_follow_up_that_stands_as_asked_stays_in_the_story() -> None:
    # "and how many seats do the Republicans have?" is whole, but a follow-up: its story first
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    answer = conversation.ask("and how many seats do the Republicans have?")
    assert answer.standalone == "and how many seats do the Republicans have?"
    assert echo.sources == ["", "corpus/a.md"]


def test_a_follow_up_to_a_turn_without_citations_searches_every_article() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.turns.append(turn(BOSTON))  # as restored from a file: no citations kept
    conversation.ask("And in dollars?")
    assert echo.sources == [""]


def test_a_follow_ups_own_words_are_its_focus() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask(BOSTON)
    standalone = conversation.ask("And for the biotech zones?").standalone
    assert "biotech zones" in standalone
    given = echo.given[-1]
    assert given is not None and given.focus == ("biotech", "zone")
    assert replace(given, focus=()) == read_question(standalone)


@pytest.mark.parametrize(
    ("kind", "standalone"),
    [
        ("money", "How much is going to the Boston-Korea project in dollars?"),
        ("share", "How much is the Boston-Korea project?"),  # not an amount: no conversion
    ],
)
def test_a_follow_up_is_read_against_the_reading_kept_on_the_turn(
    kind: str, standalone: str
) -> None:
    want = replace(read_question(BOSTON), kind=kind)
    previous = Turn(BOSTON, BOSTON, "the Boston-Korea project", Answer(BOSTON, "x"), want)
    assert rewrite("And in dollars?", previous) == (standalone, "the Boston-Korea project")


def test_a_turn_restored_without_its_reading_is_read_again() -> None:
    assert rewrite("And in dollars?", turn(BOSTON)) == (
        "How much is going to the Boston-Korea project in dollars?",
        "the Boston-Korea project",
    )


def test_conversation_set_is_what_the_issue_asks_for() -> None:
    conversations = load_set(EVAL)
    assert len(conversations) >= 15
    assert all(2 <= len(turns) <= 4 for turns in conversations)


@pytest.mark.slow
def test_conversation_eval_meets_floors(real_answerer, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    check_floors("conversations (hybrid)", run_set(real_answerer, load_set(EVAL)), FLOORS, capsys)


@pytest.mark.parametrize(
    ("previous", "question", "standalone"),
    [
        # A follow-up asking another kind of figure about what it names itself stands alone.
        ("How many ballots were cast in the 2017 election?",
         "And what was turnout in the previous year's election?",
         "And what was turnout in the previous year's election?"),
        # The same kind about a new subject is still the question before, of the new subject.
        (BOSTON, "And for the biotech zones?", "How much is going to the biotech zones?"),
    ],
)  # fmt: skip
def test_a_follow_up_with_its_own_question(previous: str, question: str, standalone: str) -> None:
    rewritten = rewrite(question, turn(previous))
    assert rewritten is not None and rewritten[0] == standalone


def test_what_a_follow_up_counts_stands() -> None:
    echo = EchoAnswerer()
    conversation = Conversation(echo)  # type: ignore[arg-type]
    conversation.ask("How many passengers were on the plane that crashed?")
    conversation.ask("And how many crew?")
    given = echo.given[-1]
    assert given is not None and given.asked == ("crew",) and "crew" in given.focus


@pytest.mark.parametrize("question", ["And in euros?", "What's that in dollars?", "in won?"])
def test_a_currency_alone_needs_the_question_before_it(question: str) -> None:
    echo = EchoAnswerer()
    answer = Conversation(echo).ask(question)  # type: ignore[arg-type]
    assert answer.abstained and answer.lead.startswith(NEEDS_CONTEXT)
    assert echo.asked == []  # nothing sent to the core to guess at


def test_a_follow_up_counting_something_else_counts_it_in_the_question_before() -> None:
    previous = turn("How many people had to spend the night in the shelters?")
    rewritten = rewrite("How many kids?", previous)
    assert rewritten is not None
    assert rewritten[0] == "How many kids had to spend the night in the shelters?"


@pytest.mark.parametrize(
    ("before", "question", "standalone"),
    [
        # the follow-up's noun read by the pattern for a bare last word ("how many police")
        (
            "How many people were hurt in the blast?",
            "how many police",
            "How many police were hurt in the blast?",
        ),
        # and the question before's
        ("how many police", "And how many soldiers?", "how many soldiers?"),
    ],
)
def test_any_way_of_asking_how_many_counts_the_new_thing(
    before: str, question: str, standalone: str
) -> None:
    rewritten = rewrite(question, turn(before))  # once a TypeError: a None noun
    assert rewritten is not None and rewritten[0] == standalone


def test_he_after_a_who_question_is_the_person_its_answer_named() -> None:
    question = "Who was arrested for sending Kurt Eichenwald the GIF?"
    quote = "The FBI arrested John Rayne Rivello, 29, of Salisbury, Maryland."
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    answer = Answer(question, f"{quote} [1]", citations=[citation])
    previous = Turn(question, question, subject_of(question), answer)
    assert rewrite("how old is he", previous)[0] == "how old is John Rayne Rivello"
    unanswered = replace(previous, answer=Answer(question, "x"))  # no one named: the question's
    assert rewrite("how old is he", unanswered)[0] == "how old is Kurt Eichenwald"


@pytest.mark.parametrize(
    ("question", "quote", "standalone"),
    [
        # the quote names an institution beside the person: "he" is never the institution
        (
            "Who told reporters the vote was set?",
            "International Olympic Committee (IOC) President Thomas Bach told reporters there.",
            "where was President Thomas Bach",
        ),
        (
            "who'd Robert Engle share the Nobel with",
            "Robert Engle, Nobel laureate, makes a speech at a forum in Nankai University.",
            "where was Robert Engle",
        ),
    ],
)
def test_he_is_no_institution_the_answer_names(question: str, quote: str, standalone: str) -> None:
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    answer = Answer(question, f"{quote} [1]", citations=[citation])
    previous = Turn(question, question, subject_of(question), answer)
    assert rewrite("where was he", previous)[0] == standalone


def test_a_name_after_a_title_in_the_quote_is_the_name_the_question_gave() -> None:
    question = "what is fillon charged with?"
    quote = '"It is a political assassination," Mr Fillon complained.'
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    previous = Turn(
        question, question, subject_of(question), Answer(question, "x", citations=[citation])
    )
    assert rewrite("and how old is he?", previous)[0] == "how old is Fillon?"


@pytest.mark.parametrize("asked", ["who founded the group", "whos the group's founder"])
def test_he_is_the_name_beside_what_the_who_question_asked(asked: str) -> None:
    quote = (
        '"People came to Silicon Valley for good jobs," said Brad Taylor, an engineer who'
        " founded the group."
    )
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    previous = Turn(
        asked, asked, subject_of(asked), Answer(asked, f"{quote} [1]", citations=[citation])
    )
    assert rewrite("how old is he", previous)[0] == "how old is Brad Taylor"


def _named_turn(asked: str, quote: str) -> Turn:
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    answer = Answer(asked, f"{quote} [1]", citations=[citation])
    return Turn(asked, asked, subject_of(asked), answer)


def test_a_short_where_or_which_question_about_him_asks_of_the_name_answered() -> None:
    # a question that stands as asked but says little of its own beyond "she": the person the
    # name question before was answered with, whose introduction says where she is from
    previous = _named_turn(
        "And which senator said it was hard to imagine a worse choice?",
        '"It is hard to imagine a worse choice," Sen. Elizabeth Warren said.',
    )
    assert rewrite("Which state does she represent?", previous)[0] == (
        "Which state does Sen. Elizabeth Warren represent?"
    )
    assert rewrite("where does he live?", previous)[0] == "where does Sen. Elizabeth Warren live?"
    # what he said is reported by "he" where it is said: it stands, searched in the story
    assert rewrite("what did she call the deal", previous)[0] == "what did she call the deal"
    # a question with words enough of its own speaks of someone it names itself
    own = "Which former European Parliament president said he was relieved Wilders lost?"
    assert rewrite(own, previous)[0] == own
    # an abstention named no one
    unanswered = replace(previous, answer=Answer(previous.question, "x", abstained=True))
    assert rewrite("where does he live?", unanswered)[0] == "where does he live?"


@pytest.mark.parametrize(
    ("before", "question", "standalone"),
    [
        (
            "how many aspects does the reform have",
            "whats the first one",
            "whats the first aspect does the reform have?",
        ),
        (
            "How many times did the ministers meet last year?",
            "where was the first one?",
            "where was the first time did the ministers meet last year?",
        ),
        (
            "how many agreements did they sign",
            "and which one matters most?",
            "and which agreement matters most did they sign?",
        ),
        ("How many cities did he visit?", "the biggest one?", "the biggest city did he visit?"),
    ],
)
def test_one_of_the_things_counted_before_is_asked_of_them(
    before: str, question: str, standalone: str
) -> None:
    assert rewrite(question, turn(before))[0] == standalone


def test_one_after_a_question_that_counted_nothing_stands() -> None:
    assert rewrite("whats the first one", turn("when was the reform announced"))[0] == (
        "whats the first one"
    )


def test_a_bare_follow_up_to_a_who_question_asks_of_the_person_answered() -> None:
    previous = _named_turn(
        "who's the ranking member", "Ranking Member Louise Slaughter asked for a vote."
    )
    assert rewrite("what state?", previous)[0] == "what state for Louise Slaughter?"
    # with no name answered, of what the question before was about
    unanswered = replace(previous, answer=Answer(previous.question, "x", abstained=True))
    assert rewrite("what state?", unanswered)[0] == "what state for the ranking member?"


class _FigureAnswerer(EchoAnswerer):
    """Stands in for Answerer at its seam: answers every question with one figure (only the
    questions of `kind`, when one is given; a sentence the others)."""

    def __init__(self, figure: AnswerFigure | None = None, kind: str = "") -> None:
        super().__init__()
        self.figure = figure or AnswerFigure("250 Moroccans", 250.0, "moroccans", "count")
        self.kind = kind

    def respond(self, question: str, want: Want | None = None, source: str = "") -> Response:
        response = super().respond(question, want, source)
        if self.kind and read_question(question).kind != self.kind:
            return response
        return replace(response, answer=replace(response.answer, figures=[self.figure]))


def test_a_follow_up_carries_the_last_answer_s_figure_to_ask_past_it() -> None:
    core = _FigureAnswerer()
    chat = Conversation(core)  # type: ignore[arg-type]
    chat.ask("How many Moroccans have joined the group?")
    chat.ask("and how many of them are women?")
    assert core.given[-1] is not None and core.given[-1].answered == ("250 Moroccans", "quote")
    chat.ask("in dollars?")  # the same figure, converted: nothing to ask past
    assert core.given[-1] is not None and core.given[-1].answered == ()


def _quoted(question: str, quote: str, abstained: bool = False) -> Turn:
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    answer = Answer(question, f"{quote} [1]", citations=[citation], abstained=abstained)
    return Turn(question, question, subject_of(question), answer)


def test_a_lower_case_name_is_the_one_the_last_quote_capitalises() -> None:
    said = '"She has a right to honor her husband," Spicer told reporters on Wednesday.'
    previous = _quoted("what did spicer call it", said)
    assert rewrite("when did he say that", previous)[0] == "when did Spicer say that"
    # a sentence's first word and a quotation's are capitalised whatever they are
    assert _quoted_name("what did reporters ask", "Reporters asked Spicer.") == ("", "")
    assert _quoted_name("is spicer right", '"Spicer is right," he said.') == ("", "")
    assert _quoted_name("what did kong say", "Hong Kong said no.") == ("", "")  # part of one
    # an abstention's passage is only the closest one found: it names no one asked about
    closest = _quoted("what did spicer call it", said, abstained=True)
    assert rewrite("when did he say that", closest)[0] != "when did Spicer say that"


def test_a_new_place_takes_the_place_of_the_one_the_last_quote_names() -> None:
    previous = _quoted(
        "hong kong market cap?", "Hong Kong's market capitalization is more than $3 trillion."
    )
    assert rewrite("and new york?", previous)[0] == "new york market cap?"
    assert subject_of("and new zealand?") == "new zealand"


def test_a_currency_follow_up_converts_the_last_amount_answered() -> None:
    # "And what's that in won?" after "In which fields?" asks the amount two turns back
    core = _FigureAnswerer(AnswerFigure("$1.4 billion", 1.4e9, "USD", "money"), kind="money")
    chat = Conversation(core)  # type: ignore[arg-type]
    chat.ask("How much is set aside for research with major institutions?")
    chat.ask("In which fields?")
    answer = chat.ask("And what's that in won?")
    assert answer.standalone == "How much is set aside for research with major institutions in won?"


def test_a_phrase_question_with_nothing_before_stands_as_asked() -> None:
    assert not is_follow_up("Starting on what date?", has_context=False)
    assert is_follow_up("Starting on what date?")


def test_he_stays_the_person_the_previous_question_meant_by_he() -> None:
    asked = "who does he work for now?"
    quote = "Since 2011 he has worked for Al Jazeera."
    citation = Citation(1, "corpus/a.md", "T", "O", "", 1, quote, 0.9)
    standalone = "who does Mahmoud Hussein work for now?"
    previous = Turn(
        asked,
        standalone,
        subject_of(standalone),
        Answer(asked, f"{quote} [1]", citations=[citation]),
    )
    assert rewrite("where did he grow up", previous)[0] == "where did Mahmoud Hussein grow up"
