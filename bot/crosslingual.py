"""A foreign question's subject in English: the names and loanwords its Hangul spells, found in
the sentences retrieved or anywhere in the corpus, and the nouns its counter counts (no word
lists of any article's words)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from bot import korean
from index.lexical import STOPWORDS

# The English words are read from this many of the best sentences.
SENTENCES = 8
# Each sentence's words are remembered for this many sentences (a few answers' worth).
SENTENCE_WORDS = 1024
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")


def _english_words(sentences: Sequence[str]) -> list[str]:
    """Distinct content words, first spelling kept: "The Dam and the dam" -> ["Dam"]."""
    seen: dict[str, str] = {}
    for sentence in sentences:
        for key, word in _sentence_words(sentence):
            seen.setdefault(key, word)
    return list(seen.values())


@lru_cache(maxsize=SENTENCE_WORDS)
def _sentence_words(sentence: str) -> tuple[tuple[str, str], ...]:
    """A sentence's content words, each with its key (lower case, no "'s"); remembered for
    the sentences of the last few answers, which the next ones read again."""
    found = []
    for word in _ENGLISH_WORD.findall(sentence):
        key = word.lower().replace("’", "'").removesuffix("'s")
        if len(key) > 1 and key not in STOPWORDS:
            found.append((key, word))
    return tuple(found)


# Foreign names and loanwords keep their consonants in Hangul: 오로빌 and Oroville both read
# L-P-L once consonants are put in classes (b/p/f/v, k/c/g/q, t/d, s/z, l/r, ...). Initial
# jamo in the order Unicode lists them; "_" is the silent ieung.
_INITIAL = "K K N T T L M P P S S _ J J J K T P H".split()
# Final jamo (index 0: none); a final ㅅ in a loanword is a t, or marks a doubled consonant.
_FINAL = "- K K K N N N T L L L L L L L L M P P T T N T T K T P T".split()
_ENGLISH = (
    ("ck", "K"), ("ch", "J"), ("sh", "S"), ("th", "T"), ("ph", "P"), ("ng", "N"), ("tz", "J"),
    ("g(?=[eiy])", "J"), ("c(?=[eiy])", "S"), ("r(?![aeiouy])", ""), ("[bpfv]", "P"),
    ("[ckgq]", "K"), ("[dt]", "T"), ("[sz]", "S"), ("x", "KS"), ("j", "J"), ("[lr]", "L"),
    ("m", "M"), ("n", "N"), ("h", "H"), ("[aeiouwy'’-]", ""),
)  # fmt: skip
_ENGLISH_SOUND = re.compile("|".join(f"({pattern})" for pattern, _ in _ENGLISH))
# Shorter consonant skeletons match too much by chance: a lower-case word needs this many.
_SKELETON = 3
# A Korean answer looks for spelled words twice, in `bot.answer._spelled` and again in
# `bot.crosslingual_rank.refit`, in the same sentences when the first finds nothing new; with
# every English word's skeletons worked out afresh that was ~1 ms of the answer. So the last
# few readings are kept (enough for the answers being composed at once, not to remember
# questions) and each word's skeletons once per process.
READINGS = 16
ENGLISH_WORDS = 8192


@lru_cache(maxsize=ENGLISH_WORDS)
def hangul_skeletons(word: str) -> frozenset[str]:
    """A Hangul word's consonant classes, with and without a final ㅅ before a consonant
    (a t in 왓슨, Watson; a doubled consonant in 닛케이, Nikkei): "오로빌" -> {"LPL"}."""
    plain: list[str] = []
    doubled: list[str] = []
    syllables = [ord(c) - 0xAC00 for c in word if 0 <= ord(c) - 0xAC00 < 11172]
    for n, index in enumerate(syllables):
        initial, final = _INITIAL[index // 588], _FINAL[index % 28]
        for parts in (plain, doubled):
            if initial != "_":
                parts.append(initial)
        if final != "-":
            plain.append(final)
            following = syllables[n + 1] // 588 if n + 1 < len(syllables) else 11
            if not (final == "T" and index % 28 == 19 and following != 11):
                doubled.append(final)
    return frozenset((_collapse(plain), _collapse(doubled)))


@lru_cache(maxsize=ENGLISH_WORDS)
def english_skeletons(word: str) -> frozenset[str]:
    """An English word's consonant classes, as Hangul would write them, plural or not:
    "Oroville" -> {"LPL"}, "startups" -> {"STPS", "STP"}."""
    word = word.lower()
    found = {_collapse(_english_sounds(word))}
    if word.endswith("s"):
        found.add(_collapse(_english_sounds(word[:-1])))
    return frozenset(found)


def transliterated(words: Sequence[str], sentences: Sequence[str]) -> list[str]:
    """The English words of `sentences` that `words` spell in Hangul: ["터키", "공항"] in
    "... traveling to Turkey ..." -> ["Turkey"]."""
    return list(_transliterated(tuple(words), tuple(sentences)))


@lru_cache(maxsize=READINGS)
def _transliterated(words: tuple[str, ...], sentences: tuple[str, ...]) -> tuple[str, ...]:
    wanted = {s: w for w in words for s in hangul_skeletons(w) if len(s) >= 2}
    found = []
    for english in _english_words(sentences):
        for skeleton in english_skeletons(english):
            if skeleton in wanted and (len(skeleton) >= _SKELETON or english[0].isupper()):
                found.append(english)
                break
    return tuple(dict.fromkeys(found))


def counted_words(question: str, sentences: Sequence[str]) -> list[str]:
    """The nouns of `sentences` that the question's counter counts with (ko.json unit_words):
    "구조된 난민은 몇 명" in "... said 80 refugees were rescued ..." -> ["refugees"]."""
    nouns = set(korean.counted_nouns(question).lower().split())
    if not nouns:
        return []
    found = (w for s in sentences for w in _ENGLISH_WORD.findall(s) if w.lower() in nouns)
    return list(dict.fromkeys(w.lower() for w in found))


def _english_sounds(word: str) -> list[str]:
    return [c for m in _ENGLISH_SOUND.finditer(word) for c in _ENGLISH[(m.lastindex or 1) - 1][1]]


def _collapse(parts: list[str]) -> str:
    """Repeated classes once: ["K", "L", "L", "S"] -> "KLS"."""
    return "".join(p for n, p in enumerate(parts) if n == 0 or parts[n - 1] != p)


# A name found anywhere in the corpus must be spelled alike letter by letter too, not only by
# its consonants: 카우치 "kauji" / Cauchi "kauji" (1.0), 원내대표 / Initiative (0.20). Measured on
# the tune sets' Korean questions: names and loanwords 0.50-1.00, most above 0.75; native words
# whose consonants happen to match 0.18-0.80, most under 0.6.
SPELLED_ALIKE = 0.7
# Short words match many by chance: a two-syllable word must spell alike closely (한도 "hanto" /
# Hands "hants" 0.8; 하발 / Haval 1.0, 왓슨 / Watson 0.91), a two-consonant skeleton closer still.
TWO_SYLLABLES_ALIKE = 0.85
SHORT_ALIKE = 0.9
_PARTICLE_ENDINGS = frozenset("이가은는을를의와과도에")
_SOUNDED_R = re.compile(r"r(?![aeiouy])")
_LOWER_CASE = re.compile(r"\b[a-z][a-z]+\b")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'’]*(?:-[A-Za-z]+)*")
# Two capitalised words side by side, neither the first of a sentence's.
_PAIR = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+) ([A-Z][a-z]+)\b")
# Hangul letters as Latin ones, as English spells the sounds they write (ㄹ as l, ㅓ as o).
_ROMAN_INITIAL = "k k n t t l m p p s s _ j j j k t p h".split()
_ROMAN_VOWEL = "a e ya ye o e yo ye o wa we we yo u wo we wi yu _ i i".split()
_ROMAN_FINAL = "_ k k k n n n t l l l l l l l l m p p t t n t t k t p t".split()
_ENGLISH_LETTERS = (
    ("ph", "p"), ("ck", "k"), ("ch", "j"), ("th", "t"), ("sh", "s"), ("qu", "k"), ("q", "k"),
    ("x", "ks"), ("c(?=[eiy])", "s"), ("c", "k"), ("g(?=[eiy])", "j"), ("f", "p"), ("v", "b"),
    ("z", "s"), ("r", "l"), ("y", "i"), ("oo", "u"), ("ee", "i"), ("ng", "n"), ("b", "p"),
    ("d", "t"), ("g", "k"),
)  # fmt: skip


class NameSounds:
    """The capitalised words of a corpus by their consonant skeletons, so that a Korean
    question's names are found in any article, not only in the passages found for it."""

    def __init__(self, texts: Sequence[str]) -> None:
        found: dict[str, dict[str, None]] = {}
        # A word the corpus writes in lower case as often as not is a common one ("Station",
        # "Trade"), whatever a sentence's first letter makes of it; a name is mostly capitalised
        # (a link's "betsy-devos" aside).
        lower = Counter(w for text in texts for w in _LOWER_CASE.findall(text))
        capitalised = Counter(
            w.replace("’", "'").removesuffix("'s").rstrip("'")
            for text in texts
            for w in _CAPITALISED.findall(text)
        )
        self._common = {w for w, times in capitalised.items() if lower[w.lower()] >= times}
        for word in capitalised:
            if word in self._common:
                continue
            # a name glued to another ("Andreas-Gymnasium") is spelled apart in Hangul
            for part in dict.fromkeys((word, *word.split("-"))):
                for skeleton in _name_skeletons(part):
                    found.setdefault(skeleton, {})[part] = None
        # A name of two words that Korean writes as one ("Fort Lee", 포트리; "Hong Kong", 홍콩).
        for text in texts:
            for first, second in _PAIR.findall(text):
                if first in self._common or second in self._common:
                    continue
                for skeleton in _name_skeletons(first + second.lower()):
                    found.setdefault(skeleton, {})[f"{first} {second}"] = None
        self._words = {skeleton: tuple(words) for skeleton, words in found.items()}

    def proper(self, name: str) -> bool:
        """Whether every word of `name` is one the corpus capitalises more often than not and
        none is an acronym: a person's name ("Gerda Stuchlik"), not a body's ("Reform
        Commission", "Monaco FC")."""
        words = name.replace("’", "'").split()
        return bool(words) and not any(
            w.removesuffix("'s") in self._common or len(w) > 1 and w.isupper() for w in words
        )

    def spelled(self, words: Sequence[str]) -> list[str]:
        """The corpus's words that `words` spell in Hangul: ["카우치", "사람"] -> ["Cauchi"]."""
        found: list[str] = []
        for word in words:
            alike: dict[str, float] = {}
            for skeleton, spelling in _with_and_without_particle(word):
                floor = SPELLED_ALIKE if len(spelling) > 2 else TWO_SYLLABLES_ALIKE
                floor = floor if len(skeleton) >= _SKELETON else SHORT_ALIKE
                for english in self._words.get(skeleton, ()):
                    score = spelled_alike(spelling, english)
                    if score >= floor:
                        alike[english] = score
            if alike:
                best = max(alike.values())
                found.extend(w for w, score in alike.items() if score == best)
        return list(dict.fromkeys(found))


def _with_and_without_particle(word: str) -> list[tuple[str, str]]:
    """Each skeleton of `word` with the spelling it is of, and of `word` without a one-syllable
    particle it may end in (엥글이, Engle), which `korean.content_words` leaves on where it
    could be part of the word."""
    spellings = [word]
    if len(word) > 2 and word[-1] in _PARTICLE_ENDINGS:
        spellings.append(word[:-1])
    return [(skeleton, w) for w in spellings for skeleton in hangul_skeletons(w)]


def _name_skeletons(word: str) -> set[str]:
    """A name's skeletons as Hangul may write it: an r before a consonant sounded or not
    (스베르방크, Sberbank; 스토몬트, Stormont), and its other `_readings`."""
    spellings = {word, _SOUNDED_R.sub("ra", word)}
    return {s for w in spellings for c in _readings(w) for s in english_skeletons(c) if len(s) >= 2}


def _readings(word: str) -> set[str]:
    """`word` as Hangul may hear it: a "ch" as in Chicago or Christ, an "ng" with its g sounded
    (엥글, Engle), and as Korean loanwords write English sounds (`_HEARD`: 스미스, Smith;
    재즈, jazz; 슈미트, Schmidt; 부시, Bush; 매카시, McCarthy)."""
    lower = word.lower()
    heard = lower
    for pattern, letters in _HEARD:
        heard = re.sub(pattern, letters, heard)
    return {word, lower.replace("ch", "k"), lower.replace("ng", "ngg"), heard}


# English sounds as Korean loanwords write them: "th" as ㅅ, "z" as ㅈ, German "sch" as 슈/샤,
# a last "sh" as 시 (부시, Bush). (An r that no vowel follows, left unsaid as in 스파이서, was
# measured and left out: docs/evaluation.md "Session 12".)
_HEARD = (("sch", "sh"), (r"sh$", "shi"), ("th", "s"), ("z", "j"))


def spelled_alike(hangul: str, english: str) -> float:
    """How alike a Hangul word and an English word are spelled once both are in the same
    letters (0 to 1): "오로빌" "olopil" and "Oroville" "olopile" -> 0.92."""
    roman = _roman(hangul)
    return max(SequenceMatcher(None, roman, _plain_letters(w)).ratio() for w in _readings(english))


def _roman(word: str) -> str:
    letters = []
    for c in word:
        index = ord(c) - 0xAC00
        if 0 <= index < 11172:
            letters += [
                _ROMAN_INITIAL[index // 588],
                _ROMAN_VOWEL[index % 588 // 28],
                _ROMAN_FINAL[index % 28],
            ]
    return re.sub(r"(.)\1", r"\1", "".join(p for p in letters if p != "_"))  # 켈리 "keli"


@lru_cache(maxsize=ENGLISH_WORDS)
def _plain_letters(word: str) -> str:
    word = word.lower().replace("'", "")
    for pattern, letters in _ENGLISH_LETTERS:
        word = re.sub(pattern, letters, word)
    return re.sub(r"(.)\1", r"\1", word)
