"""Follow-up questions: rewrite them into standalone questions from the recent turns."""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot import korean
from bot.answer import Answerer, Response, full_names
from bot.examples import Examples
from bot.intake import clean, refusal
from bot.language import read_question
from bot.overview import overview_kind
from bot.question import ASKED, IN_UNIT, INSTITUTION_HEADS, TOTAL, Want
from bot.reply import Answer
from index.figures import CURRENCY_NAMES, CURRENCY_SUFFIX
from index.lexical import tokenize

MAX_TURNS = 8
IDLE_SECONDS = 30 * 60
NEEDS_CONTEXT = "I need the question this follows on from: ask it in full first"
# Words that frame a question rather than name its subject.
_FRAME = frozenset(
    "how much many what which who whom whose when where why going get getting gets go goes put "
    "putting spent spend spending allocated allocate invested invest investing the a an to for of "
    "in on at by over under into with from within during through per than as out off it its that "
    "this these those they them their there and but so about also now then before after "
    "currently new old previous previously originally again total overall year years percent "
    "dollars dollar won usd us exactly roughly approximately basically set up big kind sort type "
    "unrelated separate question different ok okay long tall high far large wide deep heavy "
    "fast often soon worth".split()
)
_AUXILIARIES = frozenset(
    "is are was were will would does do did can could should be been being has have had".split()
)
_BOUNDARY = _AUXILIARIES | frozenset(
    "to for of in on at by with from into under over going get getting gets go goes put putting "
    "spent spend spending allocated invested investing set next this last before now previously "
    "originally currently then when while after because although though unless until "
    "worth".split()
)
_PRONOUN = re.compile(
    r"\b(it|its|they|them|their)\b|\b(that|this|there)\b(?=\s*(\?|$|in\b|is\b|was\b|for\b))",
    re.I,
)
_DEMONSTRATIVE = re.compile(
    r"\b(that|this|those|these) (?!(is|was|in|for|to|of|on|at|by|more|less|fewer|much|many"
    r"|bigger|smaller|higher|lower|larger|better|worse|than|year|month|week|quarter|day|time"
    r"|morning|afternoon|evening|season)\b)([\w-]+)",
    re.I,
)
_LEAD_IN = re.compile(r"^\s*(and|but|so|also|ok(ay)?|what about|how about)\b[\s,]*", re.I)
_FRESH_START = re.compile(
    r"^\s*(unrelated|separate question|different question|new question)\b", re.I
)
# A measure asked again in other units: "in acres?", "And what is that in miles?".
_IN_UNITS = re.compile(
    r"\s*(?:(?:and|so|ok(?:ay)?)\s+)?(?:(?:what|how much|how many|how far|how long|how big)"
    r"(?:'s|\s+is|\s+was|\s+are|\s+were)\s+(?:that|this|it)\s+)?"
    rf"(?:{IN_UNIT.pattern})\s*\??\s*",
    re.IGNORECASE,
)
_ROLE = re.compile(r"\b(before|now|previously|originally|currently|after|back then)\b", re.I)
_ROLE_WORDS = re.compile(
    r"\s*\b(before|now|previously|originally|currently|after the change|back then)\b", re.I
)
_CURRENCY = re.compile(
    rf"\s+in (us )?({'|'.join(sorted(CURRENCY_SUFFIX, key=len, reverse=True))})\b", re.I
)
_TEMPLATES = {
    "money": "How much is {subject}?",
    "share": "What share is {subject}?",
    "count": "How many {subject}?",
    "time": "When is {subject}?",
    "duration": "How long is {subject}?",
    "place": "Where is {subject}?",
}


@dataclass(frozen=True)
class Turn:
    """One exchange: what was asked, what was searched for, and what came back."""

    question: str
    standalone: str
    subject: str
    answer: Answer
    want: Want | None = None  # the standalone question's reading (None in a restored turn)


def reading(turn: Turn) -> Want:
    """The turn's standalone question as it was read, or read now for a turn restored from a
    file, which keeps no reading."""
    return turn.want if turn.want is not None else read_question(turn.standalone)


def subject_of(question: str) -> str:
    """The phrase a question is about, preferring its last definite noun phrase:
    "What's the budget for the new industrial zones?" -> "the new industrial zones"."""
    owner = _OWNED.search(question)
    if owner:  # "How many seats did Rutte's VVD win in the exit polls?": the VVD is asked about
        return owner.group(1)
    words = [w.rstrip(".") for w in re.findall(r"[\w&’'.-]+", _LEAD_IN.sub("", question))]
    phrases = []
    for i, word in enumerate(words):
        if word.lower() in ("the", "its", "their"):
            end = i + 1
            while end < len(words) and end - i <= 5 and _bare(words[end]) not in _BOUNDARY:
                end += 1
            if any(_bare(w) not in _FRAME for w in words[i + 1 : end]):
                phrases.append(" ".join(["the", *words[i + 1 : end]]))
    if phrases:
        return phrases[-1]
    content = [i for i, w in enumerate(words) if _bare(w) not in _FRAME | _AUXILIARIES]
    if not content:
        return ""
    start = content[0]
    if start and words[start - 1].lower() == "new":  # "and new york?": "new" opens the name
        start -= 1
    end = next((i for i in range(start, len(words)) if _bare(words[i]) in _BOUNDARY), len(words))
    return " ".join(words[start:end])


# A name's own thing right after the verb that asks: "did Rutte's VVD", "was Sweden's team".
_OWNED = re.compile(
    r"\b(?:did|does|do|is|was|are|were|has|have|had|will|would)\s+"
    r"([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*(?:['’]s|s['’])\s+[\w-]+)"
)


def _bare(word: str) -> str:
    """ "What’s" -> "what": a contraction frames like its word."""
    return re.sub(r"['’]s$", "", word.lower())


def _words(phrase: str) -> set[str]:
    return {_bare(w) for w in phrase.split()} - {"the"}


def _content_words(question: str) -> list[str]:
    words = re.findall(r"[\w&’'.-]+", question)
    return [w for w in words if _bare(w.rstrip(".")) not in _FRAME | _AUXILIARIES]


class Conversation:
    """Recent turns of one chat, and the rewriting of follow-ups against them."""

    def __init__(
        self,
        answerer: Answerer,
        max_turns: int = MAX_TURNS,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.answerer = answerer
        self.turns: deque[Turn] = deque(maxlen=max_turns)
        self.idle_seconds = idle_seconds
        self.clock = clock
        self._last_seen = clock()
        # the article the chat was pointed at (one just added in it) and the chat's last turn
        # then: it is "this" until a turn is kept after it
        self._pointed: tuple[str, Turn | None] | None = None

    @property
    def last(self) -> Answer | None:
        """The most recent answer, for /sources."""
        return self.turns[-1].answer if self.turns else None

    def reset(self) -> None:
        """Forget every turn, and the article the chat was pointed at."""
        self.turns.clear()
        self._pointed = None

    def about(self, article_id: str) -> None:
        """Point the chat at an article (one just added in it): until the next answered turn,
        "who wrote this?", "what's the story here?" and "key figures" are of it."""
        self._pointed = (article_id, self.turns[-1] if self.turns else None)
        self._last_seen = self.clock()  # an idle chat is not forgotten right after it

    def _pointed_at(self) -> str:
        """The source of the article the chat was pointed at since its last kept turn."""
        if self._pointed is None:
            return ""
        article, last = self._pointed
        if last is not (self.turns[-1] if self.turns else None):
            return ""
        return self.answerer.article_source(article)

    def ask(self, question: str) -> Answer:
        """Answer `question`, reading it as a follow-up when it cannot stand alone."""
        return self.respond(question).answer

    def respond(self, question: str) -> Response:
        """`ask`, with the reading and the retrieval behind the answer (for evaluation)."""
        question = clean(question)
        refused = refusal(question.strip(), lambda: self.answerer.examples)
        if refused is not None:
            return Response(refused)  # the core's own hint, not a follow-up guess
        now = self.clock()
        if now - self._last_seen > self.idle_seconds:
            self.reset()
        self._last_seen = now
        previous = self.turns[-1] if self.turns else None
        want = read_question(question.strip())
        if want.source_asked and previous is not None and previous.answer.citations:
            # "says who?": whom the last answer's figure comes from; the story stays the last
            # question's, so the turn is not kept as context
            cited = previous.answer.citations[0]
            found = self.answerer.source_of(question.strip(), cited, want)
            if found is not None:
                answer = replace(found.answer, standalone=question.strip())
                return replace(found, answer=answer)
        if want.author_asked:
            # "who wrote this?": the byline of the article the chat is about; not kept either
            source = self._pointed_at() or _story_of(previous)
            found = self.answerer.author_of(question.strip(), source, want)
            return replace(found, answer=replace(found.answer, standalone=question.strip()))
        if want.more_asked:
            # "tell me more": the story's sentences after the last one quoted; the turn is kept
            # with the question before's reading, so that "why?" after it still asks of that
            if previous is None or not previous.answer.citations:
                hint = needs_context_hint(question, self.answerer.examples)
                return Response(Answer(question, hint, abstained=True, standalone=question), want)
            found = self.answerer.more_of(question.strip(), previous.answer.citations, want)
            if found is not None:
                answer = replace(found.answer, standalone=question.strip())
                if not answer.abstained:
                    turn = Turn(
                        question, previous.standalone, previous.subject, answer, previous.want
                    )
                    self.turns.append(turn)
                return replace(found, answer=answer)
        if want.currency and previous is not None and not _gave_money(previous):
            # "And what's that in won?" after "In which fields?": the last amount answered
            previous = next((t for t in reversed(self.turns) if _gave_money(t)), previous)
        rewritten = rewrite(question, previous, want)
        if rewritten is None:
            hint = needs_context_hint(question, self.answerer.examples)
            return Response(Answer(question, hint, abstained=True, standalone=question), want)
        standalone, subject = rewritten
        same = korean.normalise(standalone) == korean.normalise(question.strip())
        source = ""
        if not same:
            # Read as the standalone question; what the follow-up itself counts or measures
            # ("And how many crew?") stands, and its own words are the focus.
            focus = tuple(tokenize(" ".join(_content_words(question))))
            base = read_question(standalone)
            asked, measure = want.asked or base.asked, want.measure or base.measure
            converts = want.currency or base.currency or _CURRENCY.search(question)
            want = replace(base, focus=focus, asked=asked, measure=measure)
            if previous is not None and not (converts or IN_UNIT.search(question)):
                want = replace(want, answered=_answered(previous.answer))
            source = _story_of(previous)  # the story asked about
        elif _story_of(previous) and _in_story(question):
            # "what did he call the deal?", "and how many seats do the Republicans have?" stand
            # as asked, but they speak of the story the chat is in: it is searched first
            source = _story_of(previous)
        if overview_kind(question):
            # "what's the story here?" and "key figures" are of the article just added, else of
            # the story the chat is in, unless they name another
            source = self._pointed_at() or _story_of(previous)
        response = self.answerer.respond(standalone, want, source)
        answer = replace(response.answer, question=question, standalone=standalone)
        if answer.citations:
            self.turns.append(Turn(question, standalone, subject, answer, response.want))
        return replace(response, answer=answer)


# The kinds of question whose answer a currency follow-up converts.
_AMOUNTS = ("money", "statement")


def _gave_money(turn: Turn) -> bool:
    """Whether the turn's answer stated an amount of money."""
    return any(f.kind == "money" for f in turn.answer.figures)


def _story_of(turn: Turn | None) -> str:
    """The source of the article a turn's answer quoted first; "" for none."""
    return turn.answer.citations[0].source if turn and turn.answer.citations else ""


def _in_story(question: str) -> bool:
    """Whether a question that stands as asked still leans on the story before: it speaks of
    someone by a pronoun alone ("when's his birthday?") or reads as a follow-up ("why did
    they stop?")."""
    return bool(_PERSON_ONLY.search(question)) or is_follow_up(question.strip())


# The most words of its own (he, she aside) a question about someone before may have.
OWN_WORDS_OF_THEM = 3


def _of_them(question: str, want: Want) -> bool:
    """Whether a question that stands as asked asks where someone before is, or which thing
    of theirs: "Which state does she represent?", "where's he at college?". Such a fact stands
    where the article introduces them by name ("Mansoor Shams, a former U.S. Marine who
    currently resides in Maryland"), so their name is searched; what they said or did is
    reported by "he" (`_in_story` searches it as asked). A question with more words of its own
    speaks of someone it names ("Which former president said he was relieved Wilders lost?")."""
    own = [w for w in _content_words(question) if not _PERSON_ONLY.fullmatch(w)]
    return (
        bool(_PERSON_ONLY.search(question))
        and not is_follow_up(question)
        and want.kind in ("place", "name")
        and len(own) <= OWN_WORDS_OF_THEM
    )


def _answered(answer: Answer) -> tuple[str, ...]:
    """The figure an answer gave as the source writes it, with the sentence it quoted; () for
    an abstention, a statement or a derived figure."""
    if answer.abstained or not answer.figures or not answer.citations:
        return ()
    figure = answer.figures[0]
    return () if figure.derived else (figure.text, answer.citations[0].quote)


def needs_context_hint(question: str, examples: Examples) -> str:
    """The reply to a follow-up with nothing before it, in the question's language, with an
    example question from the corpus when there is one."""
    if korean.is_korean(question):
        return korean.needs_context_hint(examples.first(korean=True))
    example = examples.first()
    return f'{NEEDS_CONTEXT}, e.g. "{example}"' if example else f"{NEEDS_CONTEXT}."


def is_follow_up(question: str, has_context: bool = True) -> bool:
    """Whether a question leans on an earlier one: a lead-in, a pronoun, or too few words of
    its own to search with."""
    if _FRESH_START.match(question):
        return False
    if _LEAD_IN.match(question):
        return True
    if len(_content_words(question)) <= 1 and (
        _ROLE.search(question) or not subject_of(question).startswith("the ")
    ):
        return True  # "In which fields?", "What was the ratio before?": too little of its own
    if has_context and _PHRASE_ASKED.fullmatch(_LEAD_IN.sub("", question, count=1)):
        return True  # "Starting on what date?": a preposition and its question words only
    return has_context and bool(_PRONOUN.search(question) or _DEMONSTRATIVE.search(question))


_QUESTION_WORD = re.compile(r"\b(what|which|who|when|where|how)\b", re.I)
# A question word that says what it asks, then the verb that asks: "how many seats do the
# Republicans have?" ("what" asks anything: "And what does a Danish driver get?").
_WHOLE_QUESTION = re.compile(
    r"\b(which|who|when|where|how)\b.*?\b(do|does|did|is|are|was|were|has|have|had|will"
    r"|would|can|could)\b\s+\w",
    re.I,
)


def rewrite(
    question: str, previous: Turn | None, want: Want | None = None
) -> tuple[str, str] | None:
    """The standalone form of `question` and its subject (the question itself when it stands
    alone); None when it needs an earlier turn that does not exist. `want` is the question's
    reading, when the caller has it."""
    text = question.strip()
    if korean.is_korean(text):
        return _rewrite_korean(korean.normalise(text), previous, want)
    own = subject_of(text)
    old = previous.subject if previous is not None else ""
    if own and old and own in text and own.lower() != old.lower() and _words(own) < _words(old):
        # "the project" after "the harbour bridge project" means the same project.
        return text.replace(own, old, 1), old
    want = want if want is not None else read_question(text)
    if previous is not None and _of_them(text, want):
        # "where does he live?" after "whats the muslim marine's name": the person answered
        person = _person_rewrite(text, previous)
        if person is not None:
            return person, old
    counted = _one_of(text, previous) if previous is not None else None
    if counted is not None:
        # "whats the first one" after "how many aspects does the reform have": one of those
        return counted, old
    if not is_follow_up(text, previous is not None):
        return text, own
    if previous is not None and not old:
        # "where?" after "when was the last big general strike in the us", whose subject is
        # no noun phrase: the question before with this question word
        swapped = _swap_question_word(text, previous.standalone)
        if swapped is not None:
            return swapped, own
    if previous is None or not old:
        # "And in euros?" with nothing before it names no amount: it needs the question first.
        # "How much in total?" asks the articles' whole: it stands alone.
        alone = _content_words(_CURRENCY.sub("", text)) or TOTAL.search(text)
        return (text, own) if alone else None
    person = _person_rewrite(text, previous)
    if person is not None and not (
        want.kind == "statement" and reading(previous).kind != want.kind
    ):
        # ("And what did she make ...?" after an amount still asks an amount: read below.)
        # "and how old is he now" -> "how old is Keith Cooper now": he, she, they (asked who)
        # stand for the name the question before was about; an "it" beside them for what it
        # was about ("who'd he share it with" -> "who'd Robert Engle share the Nobel with").
        if re.search(r"\bit\b", person, re.I) and old:
            person = _substitute_pronoun(person, old)
        return person, old
    shifted = _shift_time(text, previous.standalone)
    if shifted is not None:
        # "And late on Friday?", "What about a couple of weeks before that?": the same
        # question at another time.
        return shifted, old
    role = _ROLE.search(text)
    if role and len(_content_words(_ROLE_WORDS.sub("", text))) <= 1:
        # "And before?" / "What was the ratio before?": the same question at another time.
        return _retime(previous.standalone, role.group(1).lower()), old
    if want.currency and reading(previous).kind in _AMOUNTS:
        # "And in dollars?", "What's that in dollars?": the same amount in another currency
        # (after "deposit on the mug?" too, which names no kind).
        base = _CURRENCY.sub("", previous.standalone.rstrip("?"))
        return f"{base} in {CURRENCY_NAMES.get(want.currency, want.currency)}?", old
    unit = _IN_UNITS.fullmatch(text)
    if unit:
        # "in acres?", "What's that in miles?": the same measure in other units.
        return f"{_unasked(previous.standalone)} in {unit.group('unit').lower()}?", old
    if _DEMONSTRATIVE.search(text):
        # "Which sectors are those zones for?" -> "... are the new industrial zones for?"
        return _DEMONSTRATIVE.sub(old, text, count=1), old
    if _PRONOUN.search(text):
        # "Which institutions does it link up with?" -> "... does the harbour bridge project ..."
        return _substitute_pronoun(text, old), old
    phrased = _asked_by_phrase(text, previous.standalone)
    if phrased is not None:
        # "Over what period?" after "How many companies has the government seized?": "Over
        # what period companies has the government seized?" (searched by its words)
        return phrased, old
    if own and _asks_anew(text, want, reading(previous)):
        # "And what was turnout in the previous election?": a question of its own, asking
        # another kind of figure than the one before, about what it names itself.
        return text, own
    if own and _WHOLE_QUESTION.search(text) and len(_content_words(text)) >= 2:
        # "and how many seats do the Republicans have?": a question word, its verb and words
        # enough of its own make a whole question about the same story, not an ellipsis ("And
        # what does a Danish driver get?" is the question before, of a new subject).
        return text, own
    same_role = (
        _same_preposition(text, previous.standalone)
        or _same_pair(text, previous.standalone)
        or _with_condition(text, previous.standalone)
    )
    if same_role is not None:
        # "And from Yale College?" after "When did he graduate from Yale Law School?"
        return same_role, own or old
    if own and _LEAD_IN.match(text) and own.lower() != old.lower():
        # "And for the biotech zones?": the same question about a new subject.
        # An amount asked in other units before ("in pounds?") is not asked of the new subject.
        base = previous.standalone
        if not want.currency and not IN_UNIT.search(text):
            base = _unasked(_CURRENCY.sub("", base.rstrip("?"))) + "?"
        parallel = _parallel(base, own)
        if parallel is not None:
            # "and second home?" after "shanghai down payment for first home?": the phrase of
            # the same head noun is what the new one replaces
            return parallel, own
        name = _name_in(base) or _quoted_name(base, _last_quote(previous))[0]
        if name and name != old and (old.startswith(name) or own[:1].isupper()):
            # "and Vansteenburgh?" after "How long has Amy Walling been with the police?": the
            # name the question was about is what the new one replaces.
            return base.replace(name, own, 1), own
        return _swap_subject(base, old, own), own
    if want.delta and not reading(previous).delta and not _content_words(_CHANGE.sub("", text)):
        # "up by how much?" after a figure: how much that figure moved.
        bare = _LEAD_IN.sub("", text).rstrip("?").strip()
        return f"{previous.standalone.rstrip('?').rstrip()}, {bare}?", old
    recounted = _recount(text, want, previous)
    if recounted is not None:
        # "How many kids?" after "How many people had to spend the night in the shelters?"
        return recounted, old
    swapped = _swap_question_word(text, previous.standalone)
    if swapped is not None:
        # "where?" after "When did Eileen Chang die?": "Where did Eileen Chang die?"
        return swapped, old
    template = _TEMPLATES.get(want.kind)
    if template and not _content_words(TOTAL.sub("", text)):
        # "And when?", "how much in all?": the kind asked of the subject before; a follow-up
        # with words of its own ("how many homes?" after "when was amona built") keeps them
        asked = template.format(subject=old)
        if want.total and not TOTAL.search(asked):  # "how much in all?": the whole of it
            asked = asked.rstrip("?") + " in total?"
        return asked, old
    bare = _LEAD_IN.sub("", text).rstrip("?").strip()
    name = _answered_name(previous)
    if name:  # "what state?" after "who's the ranking member": of the person answered
        return f"{bare} for {name}?", old
    return f"{bare} for {old}?", old


# A bare question word of a circumstance ("where?", "and when?", "why"; a lead-in aside) and a
# question that opens on one or on "who" and its verb ("When did ...", "where does ..."), whose
# question word it takes. A question that asks how much or how many asks no circumstance of its
# verb to swap ("How much is going to ...": "When is going to ...").
_BARE_QUESTION_WORD = re.compile(r"\s*(where|when|why)\W*", re.I)
_OPENING = re.compile(
    r"\s*(?:when|where|why|who|whom)"
    r"\s+(?P<rest>(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\s+\w.*)",
    re.I,
)


def _swap_question_word(text: str, before: str) -> str | None:
    """The question before asked with the follow-up's bare question word in place of its own:
    "where?" after "When did Eileen Chang die?" -> "Where did Eileen Chang die?", "what from?"
    after "Where did Eileen Chang die?" -> "What did Eileen Chang die from?"; None when the
    follow-up is more than a question word (and its preposition) or the question before opens
    on none."""
    asked = _LEAD_IN.sub("", text, count=1)
    bare = _BARE_QUESTION_WORD.fullmatch(asked) or _WORD_AND_PREPOSITION.fullmatch(asked)
    opening = _OPENING.match(before)
    if bare is None or opening is None:
        return None
    preposition = f" {bare.group(2).lower()}" if bare.lastindex == 2 else ""
    return f"{bare.group(1).capitalize()} {opening.group('rest').rstrip('?').strip()}{preposition}?"


# A question word and the preposition it asks by: "what from?", "who with?", "where to?".
_WORD_AND_PREPOSITION = re.compile(
    r"\s*(what|who|whom|where)\s+(from|with|for|to|by|about|against)\W*", re.I
)


# A follow-up that is a preposition and its question words ("Over what period?", "in which
# cities?", "Starting on what date?"), and the question words a question opens on.
_PHRASE_ASKED = re.compile(
    r"\s*(?P<phrase>(?:starting\s+)?(?:over|on|in|at|from|between|by|for"
    r"|during|since|until|through|among|against|with|under|after|before)\s+(?:what|which|how"
    r"\s+(?:many|much|long))(?:\s+[\w'’-]+){0,2})\W*",
    re.I,
)
_ASKING = re.compile(
    r"\s*(?:(?:by|in|on|at|for|from|over)\s+)?"
    r"(?:how\s+(?:many|much|long|often)|what|which|who|whom|when|where)\s+",
    re.I,
)


def _asked_by_phrase(text: str, before: str) -> str | None:
    """The question before asked by the follow-up's phrase in place of its own question words:
    "Over what period?" after "How many companies has Turkey seized?" -> "Over what period
    companies has Turkey seized?" (read for its words, not its grammar); None otherwise."""
    found = _PHRASE_ASKED.fullmatch(_LEAD_IN.sub("", text, count=1))
    if found is None:
        return None
    before = before.rstrip(" ?")
    asking = _ASKING.match(before)
    rest = before[asking.end() :] if asking else before
    return f"{found.group('phrase')[:1].upper()}{found.group('phrase')[1:]} {rest}?"


def _unasked(question: str) -> str:
    """The question without its "?" and the units it asked in ("... destroyed in acres?")."""
    return IN_UNIT.sub("", question.rstrip("?")).rstrip(" ,")


# After a lead-in, a preposition and the phrase it takes: "And from Yale College?".
_PREPOSITION_ONLY = re.compile(
    r"(?P<prep>from|for|in|at|on|with|by|about|during|against)\s+(?P<new>[^?]+?)\s*\??\s*",
    re.I,
)


def _same_preposition(text: str, before: str) -> str | None:
    """The question before with the phrase after the follow-up's preposition replaced ("And
    from Yale College?": "... graduate from Yale College?"); None unless the follow-up
    is a lead-in, a preposition and a phrase, and the question before uses that preposition."""
    if not _LEAD_IN.match(text):
        return None
    match = _PREPOSITION_ONLY.fullmatch(_LEAD_IN.sub("", text).strip())
    if match is None:
        return None
    prep, new = match.group("prep").lower(), match.group("new")
    old = re.search(rf"\b{prep}\s+(.+?)(?=\s+(?:{_PREPOSITIONS})\b|[?,;.]|$)", before, re.I)
    if old is None:
        return None
    return before[: old.start(1)] + new + before[old.end(1) :]


# After a lead-in, a condition the question before did not set: "And without the AMT?".
_CONDITION = re.compile(
    r"(?P<prep>without|excluding|including|except|besides|apart from|not counting)"
    r"\s+[^?]+?\s*\??\s*",
    re.I,
)


def _with_condition(text: str, before: str) -> str | None:
    """The question before asked under the follow-up's condition ("And without the AMT?" after
    "What tax rate did he end up paying?" -> "What tax rate did he end up paying without the
    AMT?"); None unless the follow-up is a lead-in and such a condition the question before
    does not already set."""
    if not _LEAD_IN.match(text):
        return None
    condition = _LEAD_IN.sub("", text).strip()
    match = _CONDITION.fullmatch(condition)
    if match is None or re.search(rf"\b{match.group('prep')}\b", before, re.I):
        return None
    return f"{before.rstrip(' ?')} {condition.rstrip(' ?')}?"


_PREPOSITIONS = "from|for|in|at|on|with|by|about|during|against|to|of|since|after|before"
# Two names joined as a route or a match: "London to Edinburgh", "Chelsea against Arsenal".
_NAMES = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_PAIR = rf"(?P<a>{_NAMES})\s+(?P<join>to|and|against|versus|vs\.?)\s+(?P<b>{_NAMES})"


def _same_pair(text: str, before: str) -> str | None:
    """The question before with its pair of names replaced by the follow-up's ("And London to
    Edinburgh?" after "How far is it from Kunming to Shanghai?"); None unless the follow-up is
    a lead-in and such a pair, and the question before joins two names the same way."""
    if not _LEAD_IN.match(text):
        return None
    match = re.fullmatch(rf"{_PAIR}\s*\??\s*", _LEAD_IN.sub("", text).strip())
    if match is None:
        return None
    join = match.group("join")
    old = next((m for m in re.finditer(_PAIR, before) if m.group("join") == join), None)
    if old is None:
        return None
    return (
        before[: old.start()]
        + f"{match.group('a')} {join} {match.group('b')}"
        + before[old.end() :]
    )


# Words that say a figure moved, which a change follow-up may use besides its question word.
_CHANGE = re.compile(
    r"\b(up|down|rise|rose|risen|fall|fell|fallen|increase[sd]?|decrease[sd]?|drop(ped)?|"
    r"climb(ed)?|gain(ed)?|grow|grew|grown|change[sd]?|shift(ed)?)\b",
    re.I,
)
_HE_OR_SHE = "he|she|him|his|her"
_PERSON = re.compile(rf"\b({_HE_OR_SHE}|they|them|their)\b", re.I)
# A person spoken of by a pronoun alone ("they" may be a thing, and is a follow-up anyway).
_PERSON_ONLY = re.compile(rf"\b({_HE_OR_SHE})\b", re.I)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_CALENDAR = re.compile(rf"^(?:{_WEEKDAYS}|{_MONTHS})(?:['’]s)?$")
# A name in a question: capitalised words after its first, not a day or a month.
_NAME_RUN = re.compile(r"(?<=\s)[A-Z][\w.&’'-]*(?:\s+(?:[A-Z][\w.&’'-]*|of|de|van|von|al))*")
# When a question asks about: "in 2015", "late on Friday", "at the close on Monday, March 27,
# 2017", "in the first quarter".
_DATE = (
    rf"(?:(?:{_WEEKDAYS})(?:,\s*(?:{_MONTHS})\s+\d{{1,2}})?|(?:{_MONTHS})(?:\s+\d{{1,2}})?)"
    rf"(?:,?\s+\d{{4}})?|\d{{4}}"
    r"|(?:next|last|this|the\s+following|the\s+previous)\s+(?:year|month|week|quarter)"
)
_WHEN = re.compile(
    rf"(?:(?:early|late|earlier|later)\s+)?(?:(?:in|on|at|by|during)\s+)?"
    rf"(?:the\s+(?:close|end|start|beginning|middle)\s+(?:on|of)\s+)?(?:{_DATE})\b",
)
_SHIFT = re.compile(
    r"(?P<span>(?:(?:a|an|the|one|two|three|four|five|six|a few|a couple of|several|\d+)\s+)?"
    r"(?:\w+\s+)?(?:hours?|days?|weeks?|months?|quarters?|years?|decades?))\s+"
    r"(?P<dir>before|after|earlier|later)(?:\s+(?:that|then))?",
    re.I,
)


def _name_in(question: str) -> str:
    """The first name a question gives ("Where did Villanova fly to on Monday?" ->
    "Villanova"), not a day or a month; "" when it gives none."""
    for match in _NAME_RUN.finditer(question):
        name = re.sub(r"['’]s$", "", match.group(0))
        words = name.split()
        while words and (_CALENDAR.match(words[0]) or _bare(words[0]) in _FRAME | _AUXILIARIES):
            words = words[1:]
        while words and words[-1] in ("of", "de", "van", "von", "al"):
            words = words[:-1]
        if words:
            return " ".join(words)
    return ""


# "who", also as chat writes it: "whos", "who's", "who're".
_WHO = re.compile(r"\W*who(?:s|['’](?:s|re))?\b", re.IGNORECASE)


def _quoted_name(question: str, quote: str) -> tuple[str, str]:
    """The first run of the question's words (up to NAME_WORDS) that the quote writes as a name,
    capitalised and not opening a sentence, as (the question's words, the quote's): a chat
    question in lower case ("what did spicer call it") names what the quote calls "Spicer";
    ("", "") when there is none."""
    words = list(re.finditer(r"[\w’'.&-]+", question))
    for i in range(len(words)):
        for length in range(min(NAME_WORDS, len(words) - i), 0, -1):
            run = [w.group(0) for w in words[i : i + length]]
            if all(_bare(w) in _FRAME | _AUXILIARIES for w in run):
                continue
            spaced = r"\s+".join(re.escape(w) for w in run)
            ends = r"(?=['’]s\b|[^\w’'-]|$)"  # "Hong Kong's market" names Hong Kong
            for found in re.finditer(rf"(?<![\w’'-]){spaced}{ends}", quote, re.I):
                if _written_as_name(quote, found, run):
                    asked = question[words[i].start() : words[i + length - 1].end()]
                    return asked, found.group(0)
    return "", ""


def _written_as_name(quote: str, found: re.Match[str], run: list[str]) -> bool:
    """Whether the quote writes `found` (the question's words `run`) as a name: every word
    capitalised, not the end of a longer name ("Kong" of "Hong Kong"), and not only because a
    sentence or a quotation opens there, where two words make a name and one does not."""
    before = quote[: found.start()]
    opens = re.search(r"(?:^|[.!?:][\"”’]?)\s*[\"“]?\s*$", before)
    tail = re.search(r"[A-Z][\w’'.-]*\s+$", before)
    if tail and (
        _HONORIFIC.fullmatch(tail.group(0).strip()) or korean.TITLES & set(tokenize(tail.group(0)))
    ):
        tail = None  # "Mr Fillon", "President Mubarak": a title, not the rest of a name
    named = all(w[:1].isupper() for w in found.group(0).split())
    return named and not tail and (not opens or len(run) > 1 and _bare(run[0]) not in _FRAME)


_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Prof|Rev)\.?")


# The most words of a question read as one name found in a quote.
NAME_WORDS = 4


def _last_quote(previous: Turn) -> str:
    """The quote the last answer gave; "" for an abstention (its passage is only the closest)."""
    answer = previous.answer
    return answer.citations[0].quote if answer.citations and not answer.abstained else ""


def _answered_name(previous: Turn, person: bool = False) -> str:
    """The person a "who" question before ("whos" too) or another asking a name ("hamas
    spokesman name") was answered with: the full name its quote gives that the question did
    not ("Who was arrested ...?": "John Rayne Rivello"), of several the one nearest the
    question's words; "" otherwise (an abstention's passage names no answer). For a `person`
    ("he", "she") no institution's or place's name ("Nankai University") is one."""
    if not (_WHO.match(previous.standalone) or reading(previous).kind == "name"):
        return ""
    if not previous.answer.citations or previous.answer.abstained:
        return ""
    # the first quote that names someone: a pronoun's answer cites who it is second
    quotes = [c.quote for c in previous.answer.citations]
    quote = next((q for q in quotes if full_names(q, previous.standalone)), quotes[0])
    names = full_names(quote, previous.standalone)
    if person:
        names = [n for n in names if not _institution(n)]
    if len(names) < 2:
        return next(iter(names), "")
    # Of several, the one beside what the question asked ("came to Silicon Valley ... said Brad
    # Taylor, ... who founded Tech Stands Up" answers "who founded tech stands up").
    asked = set(tokenize(previous.standalone))
    words = re.finditer(r"[\w'’-]+", quote)
    said = [m.start() for m in words if set(tokenize(m.group(0))) & asked]
    if not said:
        return names[0]

    def apart(name: str) -> int:
        at = quote.find(name)
        return min(abs(at - s) if s < at else abs(s - at - len(name)) for s in said)

    return min(names, key=apart)


def _person_rewrite(text: str, previous: Turn) -> str | None:
    """The follow-up with he/she (or they, when it asks who) standing for the name the
    question before gives: "Who's their coach?" -> "Who's Villanova's coach?"; None when it
    has no such pronoun or the question before no name."""
    match = _PERSON.search(text)
    if match is None:
        return None
    word = match.group(1).lower()
    if word in ("they", "them", "their") and not re.search(r"\bwho", text, re.I):
        return None  # "they" is as often a thing: "When do they get set up?"
    person = word not in ("they", "them", "their")
    kept = ""
    asked_by_pronoun = _PERSON_ONLY.search(previous.question) is not None
    if person and asked_by_pronoun and previous.standalone != previous.question:
        # "where did he grow up" after "who does he work for now?": the same "he", not the
        # employer the answer named
        kept = _substituted(previous.question, previous.standalone)
    name = (
        kept
        or _answered_name(previous, person=person)
        or _name_in(previous.standalone)
        or _quoted_name(previous.standalone, _last_quote(previous))[1]
    )
    if not name:
        return None
    following = text[match.end() :]
    possessive = word in ("his", "their") or (word == "her" and re.match(r"\s+[a-z]", following))
    filler = f"{name}'s" if possessive else name
    rest = text[: match.start()] + filler + following
    if word == "they":  # "who do they play next" -> "who does Princeton play next"
        rest = re.sub(
            r"\b(do|are|have|were)\b(?=\s+" + re.escape(name) + ")",
            lambda m: {"do": "does", "are": "is", "have": "has", "were": "was"}[m.group(1)],
            rest,
            count=1,
        )
    return _LEAD_IN.sub("", rest).strip()


def _substituted(question: str, standalone: str) -> str:
    """The name a standalone form put where the question said he or she: "who does he work
    for now?" -> "who does Mahmoud Hussein work for now?" gives "Mahmoud Hussein"; "" when
    the two do not differ at one pronoun alone."""
    match = _PERSON_ONLY.search(question)
    if match is None:
        return ""
    head, tail = question[: match.start()], question[match.end() :]
    if not (standalone.startswith(head) and standalone.endswith(tail)):
        return ""
    put = standalone[len(head) : len(standalone) - len(tail)].strip()
    return re.sub(r"['’]s$", "", put) if put[:1].isupper() else ""


def _institution(name: str) -> bool:
    """Whether a name is an institution's or a place's, by its last word: "Nankai University",
    "Preston Crown Court"."""
    return bool(name) and name.split()[-1].lower().rstrip(".") in INSTITUTION_HEADS


def _shift_time(text: str, before: str) -> str | None:
    """The question before asked at the follow-up's time: "And late on Friday?" puts "late on
    Friday" in place of the question's own time, "What about a couple of weeks before that?"
    asks a couple of weeks before it; None unless the follow-up is only such a time."""
    rest = _LEAD_IN.sub("", text).strip().rstrip("?").strip()
    rest = re.sub(r"^(what|how) about\s+", "", rest, flags=re.I)
    year = re.fullmatch(r"(?:19|20)\d\d", rest)
    if year:
        rest = f"in {rest}"  # "2024?" after a question: that question in 2024
    own = list(_WHEN.finditer(before))
    if _WHEN.fullmatch(rest) and re.search(r"\D\d{4}\b|[A-Za-z]", rest):
        if not own:  # "And in 2024?" after a question of no time: that question, then
            return f"{before.rstrip().rstrip('?').rstrip()} {rest}?"
        if re.fullmatch(r"(?:in\s+)?\d{4}", rest) and not year:
            return None  # "And in 2015?": the preposition's own swap reads it
        last = own[-1]
        return f"{before[: last.start()]}{rest}{before[last.end() :]}"
    shift = _SHIFT.fullmatch(rest)
    if shift is None:
        return None
    span, direction = shift.group("span"), shift.group("dir").lower()
    direction = {"earlier": "before", "later": "after"}.get(direction, direction)
    if not own:
        return f"{before.rstrip('?').rstrip()} {span} {direction}?"
    last = own[-1]
    when = re.sub(r"^(in|on|at|by|during)\s+", "", last.group(0))
    return f"{before[: last.start()]}{span} {direction} {when}{before[last.end() :]}"


def _asks_anew(text: str, want: Want, before: Want) -> bool:
    """Whether a follow-up asks its own question: a question word, a figure kind other than
    the previous question's, and words enough to say of what."""
    return (
        bool(_QUESTION_WORD.search(text))
        and want.kind not in ("statement", before.kind)
        and len(_content_words(text)) >= 2
    )


def _recount(text: str, want: Want, previous: Turn) -> str | None:
    """The question before counting what the follow-up counts instead ("How many kids?" after
    "How many people had to stay ...?": "How many kids had to stay ...?"); None unless both
    ask how many of something and of different things."""
    before = reading(previous)
    own, counted = _counted_noun(text), _counted_noun(previous.standalone)
    if want.kind != "count" or before.kind != "count" or own is None or counted is None:
        return None
    if not want.asked or want.asked == before.asked:
        return None
    standalone = previous.standalone
    new = text.lower()[own[0] : own[1]]  # as the follow-up asks it, in lower case
    return standalone[: counted[0]] + new + standalone[counted[1] :]


def _counted_noun(question: str) -> tuple[int, int] | None:
    """Where a question says what it counts ("How many people had to stay ...?": "people"),
    by the alternative of ASKED that matched; None when it counts nothing."""
    found = ASKED.search(question.lower())
    return None if found is None else found.span(found.lastindex or 0)


# "the first one", "the most important one", "which one": one of the things counted before.
_ONE = re.compile(
    r"\b(?:the\s+(?:first|second|third|last|latest|next|other|main|biggest|largest|smallest"
    r"|most\s+\w+|\w+est)|which)\s+(one)\b",
    re.I,
)


def _one_of(text: str, previous: Turn) -> str | None:
    """A follow-up asking of one of the things the question before counted, asked of them:
    "whats the first one" after "how many aspects does the reform have" -> "whats the first
    aspect does the reform have" (searched by its words); None for any other question."""
    one = _ONE.search(text)
    counted = _counted_noun(previous.standalone)
    if one is None or counted is None or reading(previous).kind != "count":
        return None
    noun = _singular(previous.standalone[counted[0] : counted[1]])
    rest = previous.standalone[counted[1] :].rstrip("?").strip()
    asked = text[: one.start(1)] + noun + text[one.end(1) :].rstrip("?").rstrip()
    return f"{asked} {rest}?" if rest else f"{asked}?"


def _singular(noun: str) -> str:
    """A counted noun as one of it: "aspects" -> "aspect", "bank accounts" -> "bank account",
    "cities" -> "city"; "people", "children" and other irregular plurals as they are."""
    if re.search(r"[^aeiou]ies$", noun):
        return noun[:-3] + "y"
    if re.search(r"(?:s|x|ch|sh)es$", noun):
        return noun[:-2]
    if re.search(r"[^s]s$", noun):
        return noun[:-1]
    return noun


def _substitute_pronoun(text: str, subject: str) -> str:
    """Replace "it" (else the first other pronoun) with the subject; "its" becomes possessive."""
    match = re.search(r"\bit\b", text, re.I) or _PRONOUN.search(text)
    assert match is not None
    word = match.group(0).lower()
    filler = f"{subject}'s" if word in ("its", "their") else subject
    return text[: match.start()] + filler + text[match.end() :]


def _retime(standalone: str, cue: str) -> str:
    base = _ROLE_WORDS.sub("", standalone.rstrip("?")).strip()
    if cue in ("now", "currently", "after"):
        base = re.sub(r"\bwas\b", "is", re.sub(r"\bwere\b", "are", base))
        return f"{base} now?"
    return f"{base} before?"


def _parallel(standalone: str, own: str) -> str | None:
    """`standalone` with the phrase that ends in `own`'s last noun, and is as long, replaced by
    `own`: "second home" in "down payment for first home?" -> "down payment for second home?";
    None when no such phrase differs from `own` only in its other words."""
    words = own.split()
    head = words[-1]
    if len(words) < 2 or _bare(head) in _FRAME or not head.isalpha():
        return None
    found = re.search(
        rf"\b((?:[\w'’-]+\s+){{{len(words) - 1}}}){re.escape(head)}\b", standalone, re.I
    )
    if found is None or _words(found.group(0)) == _words(own):
        return None
    if any(
        _bare(w) in _AUXILIARIES or w.lower() in _QUESTION_WORDS for w in found.group(1).split()
    ):
        return None  # "is the dam" is no phrase of the question's to replace
    return standalone[: found.start()] + own + standalone[found.end() :]


_QUESTION_WORDS = frozenset("how what which who whom whose when where why much many".split())


def _swap_subject(standalone: str, old: str, new: str) -> str:
    if old in standalone:
        return standalone.replace(old, new, 1)
    return f"{standalone.rstrip('?')} for {new}?"


def _rewrite_korean(text: str, previous: Turn | None, want: Want | None) -> tuple[str, str] | None:
    """Korean follow-ups: "그럼 달러로는?" asks the previous amount in dollars, "이전에는?" the
    previous figure at another time, "해외 비율은요?" the previous question of a new topic;
    others ("그럼 언제?") are read with the previous question."""
    if not korean.is_korean_follow_up(text):
        return text, text
    if previous is None:
        # "어느 대학이 참여하나요?" opening a chat is asked as it stands.
        return None if korean.needs_context(text) else (text, text)
    base = korean.strip_follow_up(previous.standalone)
    want = want if want is not None else read_question(text)
    before = reading(previous)
    if want.currency and before.kind == "money":
        return f"{base} {korean.CURRENCY_NAMES[want.currency]}로는?", previous.subject
    if want.role:
        return f"{base} {'이전에는' if want.role == 'old' else '지금은'}?", previous.subject
    about = korean.ask_about(text, before.kind, before.change, before.role or before.currency)
    if about is not None:  # "해외 투자 비율은요?": the same question about a new topic
        return about, about
    return f"{base} {korean.FOLLOW_UP_MARK} {text}", previous.subject
