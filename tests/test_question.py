"""Reading a question: which kind of figure it wants, and its cues (role, change, currency)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.language import read_question
from bot.question import FIGURE_KINDS, Want, read_english


@pytest.mark.parametrize(
    ("question", "kind", "role"),
    [
        ("How much is the Boston-Korea project getting?", "money", ""),
        ("How much funding goes to research?", "money", ""),
        ("What's the 2024 budget?", "money", ""),
        ("What was the budget?", "money", "old"),
        ("How much does it cost in US dollars?", "money", ""),
        ("What was the limit before?", "share", "old"),
        ("What was the ratio previously?", "share", "old"),
        ("What is the cap now?", "share", "new"),
        ("What is the rate going forward?", "share", "new"),
        ("What percentage is the new limit?", "share", "new"),
        ("How much of the fund can go overseas?", "share", ""),
        ("What is it now?", "statement", "new"),
        ("How many biopharmaceutical technologies are added?", "count", ""),
        ("What is the number of clusters?", "count", ""),
        ("When will the biotech zones be established?", "time", ""),
        ("What year does the plan finish?", "time", ""),
        ("Which year do applications open?", "time", ""),
        ("Over how many years is the investment spread?", "duration", ""),
        ("How many years will the investment last?", "duration", ""),
        ("How long does the plan run?", "duration", ""),
        ("Where is the semiconductor cluster?", "place", ""),
        ("Which city hosts the partner institutions?", "place", ""),
        ("Who is the Boston partner?", "name", ""),
        ("Which university is involved?", "name", ""),
        ("Why is the government bypassing the feasibility study?", "statement", ""),
        ("What does CVC stand for?", "statement", ""),
        ("What kind of projects are funded?", "statement", ""),
        ("What is included in the cost of equipment sales?", "statement", ""),
        ("Tell me about the clusters.", "statement", ""),
        ("", "statement", ""),
        pytest.param(
            "What was the ratio raised to?",
            "share",
            "new",
        ),
        ("Who receives the funding?", "name", ""),  # was money: 'funding' read first
        # "which X's ...?" asks for X; a yes/no or either/or question for the sentence that says
        # (a yes/no question about a change asks how much it moved: test_change)
        ("Which public broadcaster's funding would be phased out?", "name", ""),
        ("Which company's shares fell most?", "name", ""),
        ("Will the budget be balanced this year?", "statement", ""),
        ("mulvaney calls it a hard power or soft power budget?", "statement", ""),
        ("Did the budget rise by how much?", "money", ""),  # a question word: not yes/no
        ("How much is the fund, in euros or dollars?", "money", ""),
        ("hong kong market cap?", "money", ""),  # a market's value, not a cap on something
        # a percentage the question states is given, not asked: what the tax costs is money
        ("How much would a 20 percent tax cost them each year?", "money", ""),
        ("What percent of voters turned out?", "share", ""),
        ("What is the market capitalization of the exchange?", "money", ""),
    ],
)
def test_kind_and_role(question: str, kind: str, role: str) -> None:
    want = read_question(question)
    assert (want.kind, want.role) == (kind, role)


@pytest.mark.parametrize(
    "question",
    [
        "What accounted for the decrease in the share of net earnings?",  # was a share
        "What resulted in the increase in the cost of revenue?",  # was money
        "What was the reason for the change in other income?",
        "What prompted the 20% cut?",
        "What caused the increase in research and development expense?",
    ],
)
def test_a_question_asking_a_cause_asks_for_a_statement(question: str) -> None:
    assert read_question(question).kind == "statement"


@pytest.mark.parametrize(
    ("question", "currency"),
    [
        ("How much is the total investment in dollars?", "USD"),
        ("How much does it cost in US dollars?", "USD"),
        ("How much is it in $?", "USD"),
        ("What is the budget in USD?", "USD"),
        ("How much in won?", "KRW"),
        ("How much is it in KRW?", "KRW"),
        ("How much is it in ₩?", "KRW"),
        ("How much is the Boston-Korea project getting?", ""),
        pytest.param(
            "How much did the firm that won the contract get?",
            "",
        ),
    ],
)
def test_currency(question: str, currency: str) -> None:
    assert read_question(question).currency == currency


def test_in_dollars_is_a_money_question() -> None:
    want = read_question("What is the total investment in dollars?")
    assert (want.kind, want.currency) == ("money", "USD")


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("What's the 2024 budget?", ("2024",)),
        ("What is 1,650 plus 2.2?", ("1650", "2.2")),
        ("Is it 1,650,000 won?", ("1650000",)),
        ("How much is the Boston-Korea project getting?", ()),
    ],
)
def test_numbers(question: str, numbers: tuple[str, ...]) -> None:
    assert read_question(question).numbers == numbers


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("By how much does the limit rise?", True),
        ("How much will the overseas investment ratio change?", True),
        ("Will the share go up?", True),
        ("Will the ratio increase?", True),
        pytest.param(
            "Is the share increasing?",
            True,
            marks=pytest.mark.xfail(
                reason="_CHANGE has 'rise|rising' but only 'increase', not 'increasing' or "
                "'increased'",
                strict=True,
            ),
        ),
        ("What was the limit before?", False),  # a role, not a change
        ("What is the cap now?", False),
        ("What is the limit?", False),
        ("How much is the budget increase?", False),  # money, not a share
    ],
)
def test_change(question: str, change: bool) -> None:
    assert read_question(question).change is change


@pytest.mark.parametrize(
    ("question", "ending"),
    [
        ("When does the plan end?", True),
        ("What year does the plan finish?", True),
        ("How long until the project is completed?", True),
        ("When did the plan start?", False),
        ("How much does it cost to finish?", False),  # money, not a time
    ],
)
def test_ending(question: str, ending: bool) -> None:
    assert read_question(question).ending is ending


def test_subject_is_the_question_tokens() -> None:
    want = read_question("How much is the Boston-Korea project getting?")
    assert want.subject == ("boston", "korea", "project", "get")


@pytest.mark.parametrize(
    ("kind", "figure_kinds"),
    [
        ("money", ("money",)),
        ("share", ("percent",)),
        ("count", ("count",)),
        ("time", ("date", "clock")),  # an English "when": a duration only as a fallback
        ("duration", ("duration",)),
        ("rank", ("rank",)),
        ("place", ()),
        ("name", ()),
        ("statement", ()),
    ],
)
def test_figure_kinds(kind: str, figure_kinds: tuple[str, ...]) -> None:
    assert Want(kind=kind, subject=(), numbers=()).figure_kinds == figure_kinds


@pytest.mark.parametrize(
    ("question", "figure_kinds"),
    [
        ("How much is the Boston-Korea project getting?", ("money",)),
        ("What was the limit before?", ("percent",)),
        ("When will the zones be established?", ("date", "clock")),
        ("언제 조성되나요?", ("date", "duration", "clock")),
        ("Who is the Boston partner?", ()),
        ("How was the Senate split on the nominee?", ("score",)),
        ("By what margin did the committee approve it?", ("score",)),
        ("How much had the index climbed since the election?", ("money", "percent")),
        # a chat's fragment naming a change asks its size too, as a share or an amount
        ("state department budget cut?", ("money", "percent")),
        ("What was the budget cut?", ("money",)),  # asked of the amount: stays money
        ("국무부 예산 삭감 폭은?", ("money", "percent")),  # the same in Korean
        ("국무부 예산은 얼마나 삭감돼?", ("money", "percent")),
        ("벌금을 얼마나 물었나요?", ("money",)),
        ("How tall is the dam?", ("count",)),
        ("What was turnout in the election?", ("percent",)),
        ("What did the film take at the box office?", ("money",)),
        ("Which Pennsylvania Republican opposed the bill?", ()),
    ],
)
def test_figure_kinds_of_a_question(question: str, figure_kinds: tuple[str, ...]) -> None:
    assert read_question(question).figure_kinds == figure_kinds


def test_every_figure_kind_is_one_extract_figures_produces() -> None:
    from index.figures import extract_figures

    text = (
        "It cost $5 million, 3 percent, 12 people, 2 years, in 2016, a vote of 51-50, "
        "at 3 p.m., ranked 17th."
    )
    produced = {f.kind for f in extract_figures(text)}
    assert {k for kinds in FIGURE_KINDS.values() for k in kinds} <= produced


@pytest.mark.parametrize(
    ("question", "kind", "dates"),
    [
        ("What price did gold close at on March 27, 2017?", "money", ("27", "2017")),
        ("Which Pennsylvania Republican opposed the bill?", "name", ()),
        ("Which federal judge issued the ruling?", "name", ()),
        ("Which share of the vote did she win?", "share", ()),
        ("How much were diluted earnings per share in 2019?", "money", ("2019",)),
        ("What was the share price on Friday?", "money", ()),
        ("How many passengers flew in 2016?", "count", ("2016",)),
        ("How many of the 300 staff left on 3 May?", "count", ("3",)),
        ("About how many people left their homes when the dam failed?", "count", ()),
        ("What did the minister say when asked about it?", "statement", ()),
        ("When did the dam fail, and how many left?", "time", ()),
        # a "when" clause after "where" or "why" says when, it does not ask it
        ("where was christie when he was told?", "place", ()),
        ("why did he resign when he did?", "statement", ()),
    ],
)
def test_kind_and_dating_numbers(question: str, kind: str, dates: tuple[str, ...]) -> None:
    want = read_question(question)
    assert (want.kind, want.dates) == (kind, dates)


@pytest.mark.parametrize(
    ("question", "currency"),
    [
        ("How much is that in euros?", "EUR"),
        ("And in yuan?", "CNY"),
        ("What is it in pounds?", "GBP"),
        ("How much in dollars?", "USD"),
        ("How much is it?", ""),
    ],
)
def test_currency_asked(question: str, currency: str) -> None:
    assert read_question(question).currency == currency


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("How much is the bridge?", "en"),
        ("다리 예산은 얼마예요?", "ko"),
        ("NATO가 뭐예요?", "ko"),
        ("2024?", "en"),
    ],
)
def test_each_question_is_read_by_its_language(question: str, code: str) -> None:
    from bot.language import language_of

    language = language_of(question)
    assert language.code == code
    assert language.read(question) == read_question(question)
    assert language.say("reset")  # every language says every stock text


def test_english_words_are_data_beside_the_code() -> None:
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).parents[1] / "bot" / "lang" / "en.json").read_text())
    kinds = [kind for kind, _ in data["reading"]["kinds"]]
    assert {"money", "share", "count", "time", "duration", "score", "place", "name"} <= set(kinds)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How many athletes are competing?", ("athlet",)),
        ("And how many crew?", ("crew",)),
        ("How many fresh SUV models are expected?", ("model",)),
        ("How many of the trapped tourists were British?", ("tourist",)),
        ("How much is it?", ()),
    ],
)
def test_what_a_count_counts(question: str, asked: tuple[str, ...]) -> None:
    assert read_question(question).asked == asked


@pytest.mark.parametrize(
    ("question", "fallback"),
    [
        ("How much was excluded from the computation?", ("count", "percent")),
        ("How much did the bridge cost?", ()),
        ("How much is the consortium paying for the unit?", ()),  # paying: money itself
        ("How much is that in dollars?", ()),
        ("How many people left?", ()),
        # a size with nothing counted or measured may be an amount or a share
        ("How big is the sovereign wealth fund?", ("money", "percent")),
        ("How big was the Leave vote there?", ("money", "percent")),
        ("How big is the stadium's capacity in seats?", ()),
        ("How many businessmen did the bank survey?", ()),  # a count of businessmen
        # a share asked by a word that may mean an amount: "a credit limit of 2 million yuan"
        ("What credit limit did the bank give him?", ("money", "count")),
        ("How much of the crop was destroyed?", ("money", "count")),
        ("What percentage of the crop was destroyed?", ()),
        ("What limit on their share of the market applies?", ()),  # "share" says it
        ("What exchange rate is used?", ()),  # a rate is a ratio
    ],
)
def test_how_much_with_no_word_of_money_may_be_any_amount(
    question: str, fallback: tuple[str, ...]
) -> None:
    assert read_question(question).fallback_kinds == fallback


# A rank is asked for by a place or position in an order; "which place" or "where" alone asks
# for a location, and a question that already states the rank asks who or what holds it.
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What place did the skier finish in the downhill?", "rank"),
        ("Which place did the team finish in?", "rank"),
        ("What position did the club end up in the league?", "rank"),
        ("In what position was the song ranked?", "rank"),
        ("Where does the university rank?", "rank"),
        ("Where did the film rank at the box office?", "rank"),
        ("Where does the party stand in the rankings?", "rank"),
        ("How did the country rank among its neighbours?", "rank"),
        ("How is the index ranked?", "rank"),
        ("How high did the album rank on the chart?", "rank"),
        ("What rank did the school get?", "rank"),
        # "What was its rank?" may be answered by a share ("among the top 5%"): the sentence
        # that states it answers best.
        ("What was the firm's rank in the survey?", "statement"),
        ("Which place hosts the championship?", "place"),
        ("Which place came first?", "place"),
        ("Where did the race finish?", "place"),
        ("What place did the delegation visit?", "statement"),
        ("What position does she hold?", "statement"),
        ("How was the ranking decided?", "statement"),
        ("What is the ranking system based on?", "statement"),
        ("Which country ranked first?", "place"),
        ("Who finished second?", "name"),
    ],
)
def test_rank_questions(question: str, kind: str) -> None:
    want = read_question(question)
    assert want.kind == kind
    assert want.figure_kinds == (("rank",) if kind == "rank" else FIGURE_KINDS.get(kind, ()))


@pytest.mark.parametrize(
    ("question", "kind", "measure", "figure_kinds"),
    [
        ("From what altitude does the downhill start?", "count", "length", ("count",)),
        ("At what depth was the wreck found?", "count", "length", ("count",)),
        ("To what height will the tower rise?", "count", "length", ("count",)),
        # The size of a change: an amount or a share, else a count.
        ("How big an increase was that on the year before?", "money", "size", ("money", "percent")),
        ("How sharp a drop did the shares suffer?", "money", "", ("money", "percent")),
        ("How big is the fleet?", "count", "size", ("count",)),
        ("how big is the trade bloc's economy in dollars", "money", "", ("money",)),
    ],
)
def test_measures_and_sizes_of_change(
    question: str, kind: str, measure: str, figure_kinds: tuple[str, ...]
) -> None:
    want = read_question(question)
    assert (want.kind, want.measure, want.figure_kinds) == (kind, measure, figure_kinds)


@pytest.mark.parametrize(
    "question",
    [
        "How far have such drugs lowered cholesterol?",
        "How much did the bank cut its rate?",
        "By how much was the limit raised?",
        "How much has the ministry reduced spending?",
        "How much did net sales change between 2017 and 2018?",
        "By how much has the operating margin improved?",
    ],
)
def test_a_change_of_level_asks_how_much_something_moved(question: str) -> None:
    assert read_english(question.lower()).delta


def test_how_far_something_was_lowered_may_be_a_share() -> None:
    want = read_english("how far have such drugs lowered cholesterol in trials?")
    assert want.kind == "count" and want.fallback_kinds == ("percent",)
    assert read_english("how many workers were lowered to safety?").fallback_kinds == ()
    assert read_english("how far is the dam from the town?").fallback_kinds == ()
    # a follow-up asking how far the count it was given moved: "up 11.6 percent"
    counted = read_english("how many women were murdered in 2014, up by how much?")
    assert counted.asked and counted.fallback_kinds == ()
    past = replace(counted, answered=("4,700 women", "more than 4,700 women were murdered"))
    assert past.fallback_kinds == ("percent",)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("how many people work for the chain?", ("peopl",)),
        ("how many children were born in 2016?", ("children",)),
        ("how many stores does it run?", ("store",)),
    ],
)
def test_what_is_counted_irregular_plurals_too(question: str, asked: tuple[str, ...]) -> None:
    assert read_english(question).asked == asked


def test_share_based_is_no_share() -> None:
    assert read_english("what was the tax benefit related to share-based pay?").kind != "share"
    assert read_english("what share of the market does it hold?").kind == "share"


def test_how_old_asks_for_an_age() -> None:
    assert read_english("how old was the officer?").measure == "age"
    assert read_english("what age did she retire at?").measure == "age"
    assert read_english("how tall is the dam?").measure == "length"


def test_what_speed_asks_for_a_speed() -> None:
    want = read_english("in winds of up to what speed can it hover?")
    assert want.kind == "count" and want.measure == "speed"
    assert read_english("how fast was the train?").measure == "speed"


def test_how_quickly_asks_how_long() -> None:
    assert read_english("How quickly did the company respond?").kind == "duration"


@pytest.mark.parametrize(
    "question",
    [
        "who at the authority warned that such deals cost the taxpayer?",
        "who paid the most for the shares?",
        "whose budget was cut?",
    ],
)
def test_a_question_opening_with_who_asks_for_a_name(question: str) -> None:
    assert read_english(question).kind == "name"


def test_when_asks_a_date_first_and_a_duration_only_failing_one() -> None:
    want = read_question("When was she sent back to detention?")
    assert want.figure_kinds == ("date", "clock") and want.fallback_kinds == ("duration",)
    assert read_question("How long was she in hospital?").figure_kinds == ("duration",)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How much farmland has been destroyed, in acres?", ("acr",)),
        ("How far is the dam from the city in kilometres?", ("kilometr",)),
        ("How many athletes took part?", ("athlet",)),
        ("How far is the dam from the city?", ()),
    ],
)
def test_the_units_a_measure_is_asked_in_are_what_it_counts(
    question: str, asked: tuple[str, ...]
) -> None:
    assert read_question(question).asked == asked


@pytest.mark.parametrize(
    ("question", "direction"),
    [("How much did sales rise?", "up"), ("How much did the index fall?", "down"),
     ("How many points did it give up?", "down"), ("loan balance, up by how much?", "up"),
     ("By how much?", ""), ("What is the budget?", ""), ("몇 퍼센트 늘어나요?", "up"),
     ("얼마나 줄었나요?", "down")],
)  # fmt: skip
def test_which_way_a_change_asked_about_goes(question: str, direction: str) -> None:
    assert read_question(question).direction == direction


def test_votes_asked_by_how_many_are_a_score_or_a_count() -> None:
    # "by 331 votes to 286" answers "by how many votes?"; "won by 48 votes" does too
    asked = read_english("By how many votes did MPs overturn the amendment?")
    assert (asked.kind, asked.fallback_kinds) == ("score", ("count",))
    counted = read_english("How many votes did the bill get?")
    assert (counted.kind, counted.fallback_kinds) == ("count", ("score",))
    assert read_english("What was the vote on the bill?").kind == "score"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("whats the dad's name", "name"),
        ("mexican foreign minister's name?", "name"),
        ("what's the stadium called", "name"),
        ("what did bush call the media", "statement"),  # a call, not a name asked for
        ("how many family photos did she share", "count"),  # "share" the verb
        ("what was labour's vote share?", "share"),  # "share" the noun
    ],
)
def test_a_name_asked_for_by_name_and_share_the_verb(question: str, kind: str) -> None:
    assert read_english(question).kind == kind


@pytest.mark.parametrize(
    ("question", "loose"),
    [
        ("how much has she raised so far?", False),  # money only: "50 states" is no answer
        ("How much has the US spent on the hunt?", False),
        ("how much in duties has the EU imposed?", False),
        ("How much was excluded?", True),  # "308,000 shares" may answer
    ],
)
def test_how_much_of_money_alone_takes_no_count(question: str, loose: bool) -> None:
    want = read_english(question)
    assert want.kind == "money" and want.loose is loose
    assert (want.fallback_kinds == ()) is not loose


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # a role alone, as typed into a chat, asks who holds it
        ("south sudan's president", "name"),
        ("japan's defense minister?", "name"),
        ("hertha coach?", "name"),
        ("and the spokesman?", "name"),
        ("co-organiser?", "name"),
        # a question with a verb of its own is read by it
        ("how big is the head", "count"),
        ("What is the president's salary?", "money"),
    ],
)
def test_a_role_alone_asks_who(question: str, kind: str) -> None:
    assert read_question(question).kind == kind
