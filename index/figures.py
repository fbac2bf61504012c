"""Find the figures a sentence states: money, shares, counts, ages, durations, dates, ranks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "tln": 1e12,
}  # fmt: skip
CURRENCY_PREFIX = {
    "usd": "USD", "us$": "USD", "$": "USD", "krw": "KRW", "₩": "KRW", "eur": "EUR", "€": "EUR",
    "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "cny": "CNY", "rmb": "CNY",
    "inr": "INR", "rs": "INR", "rub": "RUB", "chf": "CHF", "hk$": "HKD", "a$": "AUD",
    "c$": "CAD", "s$": "SGD", "nz$": "NZD", "r$": "BRL",
}  # fmt: skip
CURRENCY_SUFFIX = {
    "won": "KRW", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "pound": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "rupee": "INR", "roubles": "RUB", "rubles": "RUB", "rouble": "RUB",
    "ruble": "RUB", "francs": "CHF", "franc": "CHF", "pesos": "MXN", "rand": "ZAR",
    "lira": "TRY", "riyals": "SAR", "dirhams": "AED", "reais": "BRL",
}  # fmt: skip
# How a reply names each currency: "The articles don't give this in euros".
CURRENCY_NAMES = {
    "USD": "dollars", "KRW": "won", "EUR": "euros", "GBP": "pounds", "JPY": "yen",
    "CNY": "yuan", "INR": "rupees", "RUB": "roubles", "CHF": "Swiss francs",
    "HKD": "Hong Kong dollars", "AUD": "Australian dollars", "CAD": "Canadian dollars",
    "SGD": "Singapore dollars", "NZD": "New Zealand dollars", "BRL": "reais",
    "MXN": "pesos", "ZAR": "rand", "TRY": "lira", "SAR": "riyals", "AED": "dirhams",
}  # fmt: skip
QUALIFIERS = (
    "approximately|about|around|roughly|nearly|almost|some|over|more than|less than|up to|"
    "at least|at most|close to|an estimated"
)

_NUM = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![.,]?\d)"
_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_SCALE = r"trillion|billion|million|thousand|tln|trn|tn|bn|mn|[kmb]\b"
_QUAL = rf"(?:(?P<qual>{QUALIFIERS})\s+)?"
_PREFIXES = r"US\$|HK\$|NZ\$|[ACSR]\$|USD|KRW|EUR|GBP|JPY|CNY|RMB|INR|RUB|CHF|Rs\.?|[$₩€£¥]"
_SUFFIXES = "|".join(sorted(CURRENCY_SUFFIX, key=len, reverse=True))
# A range's low end and its joint, before the high end: "$3-4 billion", "1.5-2%",
# "between 10 and 15 percent". "and" joins only after "between"; "from 3 to 4" is a change,
# and so is "rose $1.20 to $45": amounts join only by a dash or "between ... and".
_AND = r"(?({btw})and\b|(?!))"
# A currency sign lost in transcoding: "(?783.8m)", "about ?2,000" ("?" where "£" stood).
_LOST_SIGN = r"(?<![^\s(])\?(?=\d)"
# What an amount is per: "$1,255.70 an ounce", "2,000 per year per patient".
_PER = (
    r"(?P<per>(?:\s(?:per\s(?!cent\b)[a-z]+|(?:a|an|each)\s(?:year|month|week|day|hour|night"
    r"|head|person|share|ounce|barrel|gallon|litre|liter|tonne|ton|kilogram|unit|seat|ticket))"
    r"(?!\s(?:ago|earlier|before|later|after)\b)){1,2})?"
)
_MONEY = re.compile(
    rf"{_QUAL}(?:(?P<b1>between\s)?(?P<pre>(?<![A-Za-z])(?:{_PREFIXES})|{_LOST_SIGN})"
    rf"\s?(?:(?P<lo1>{_NUM})\s?(?:[-–]|{_AND.format(btw='b1')})\s?(?:{_PREFIXES})?)?"
    rf"(?P<n1>{_NUM})(?:[\s-]?(?P<s1>{_SCALE}))?"
    rf"|(?P<b2>between\s)?(?:(?P<lo2>{_NUM})\s?(?:[-–]|{_AND.format(btw='b2')})\s?)?"
    rf"(?P<n2>{_NUM})\s?(?P<s2>{_SCALE})?\s(?P<suf>{_SUFFIXES})\b){_PER}",
    re.IGNORECASE,
)
# Pence and cents, money below the currency's unit: "from 70p to ?88", "45 cents a share".
_SUBUNIT = re.compile(
    rf"{_QUAL}(?<![\w.,$€£¥₩?])(?P<n>\d+(?:\.\d+)?)(?:p\b(?!\.?m\b)|\s?(?P<u>pence|cents)\b)"
)
# Cents said as an adjective: "a 30-cent-a-gallon hike", "a 50-cent coin" (0.30, 0.50 USD),
# what they are a price of kept in the text.
_CENT_ADJ = re.compile(
    rf"{_QUAL}\b(?P<n>\d+(?:\.\d+)?|{_WORD})-cent(?:-(?:a|an|per)-[a-z]+)?\b",
    re.IGNORECASE,
)
# "30%", "3.4-percent", "1.5-2%", "between 10 and 15 percent"; "5% to 7%" stays two figures.
_PERCENT = re.compile(
    rf"{_QUAL}(?P<b>between\s)?(?:(?<!from\s)(?P<lo>{_NUM})"
    rf"(?:%?\s?[-–]|\s?to\b|%?\s?{_AND.format(btw='b')})\s?)?"
    rf"(?P<n>{_NUM}|{_WORD})[\s-]?(?P<u>%|percent(?:age points?)?|per cent)",
    re.IGNORECASE,
)
# "every three months" says how often, as a period: the answer to "how often?". A range, "two
# to four weeks", "3-5 years", is valued at its low end; "from 3 to 5 years" is a change.
_DURATION = re.compile(
    rf"(?:(?P<lead>(?:over|for|within|in) the (?:next|past|last|coming) |(?i:every) )|{_QUAL})"
    rf"(?:(?P<between>between\s)?(?<!from\s)(?P<lo>{_NUM}|{_WORD})"
    r"(?:\s?[-–]\s?|\s(?:to|or)\s|(?(between)\sand\s|(?!))))?"
    rf"(?P<n>{_NUM}|{_WORD})[\s-](?P<u>years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)\b"
    r"(?P<ago>\s+ago\b)?",
    re.IGNORECASE,
)
_UNITS = r"years?|months?|weeks?|days?|hours?|minutes?"
# One unit of time ago: "more than a year ago", "about a week ago" (a date, as "two years ago").
_A_UNIT_AGO = re.compile(
    rf"{_QUAL}\ban?\s(?P<u>year|month|week|day|hour|decade)\sago\b", re.IGNORECASE
)
# A duration in two units: "11 hours and 15 minutes", "two years and six months".
_COMPOUND = re.compile(
    rf"\b(?P<a>{_NUM}|{_WORD})[\s-](?P<u1>years?|weeks?|days?|hours?|minutes?)(?:,)?\s(?:and\s)?"
    rf"(?P<b>{_NUM}|{_WORD})[\s-](?P<u2>months?|days?|hours?|minutes?|seconds?)\b",
    re.IGNORECASE,
)
# A duration and a half: "an hour and a half", "two and a half years" (1.5 hours, 2.5 years).
_AND_A_HALF = re.compile(
    rf"{_QUAL}\b(?:(?P<a>an?|{_NUM}|{_WORD})\s(?P<u1>{_UNITS})\sand a half"
    rf"|(?P<b>{_NUM}|{_WORD}) and a half\s(?P<u2>{_UNITS}))\b",
    re.IGNORECASE,
)
_NESTED = {
    ("year", "month"): 12, ("week", "day"): 7, ("day", "hour"): 24, ("hour", "minute"): 60,
    ("minute", "second"): 60,
}  # fmt: skip
_RELATIVE = re.compile(
    r"(?:the )?(?:(?P<part>first|second|latter|former|early|late|end of|beginning of)"
    r"(?: half)?(?: of)? )?(?P<rel>this|next|last|the upcoming|the coming|the following) year\b",
    re.IGNORECASE,
)
# A year: 1500-2099 anywhere, or any 3-4 digit number after a preposition of time ("in 911"),
# a decade too ("in the 1050s").
_YEAR = re.compile(
    r"\b(?:(?P<prep>in|by|until|since|after|before|around|circa|to) )?"
    r"(?:(?P<the>[Tt]he) (?=\d{3,4}s\b))?(?<![\d.,])(?P<y>\d{3,4})(?P<s>s)?\b(?![,.]?\d)"
)
# A span of years: "between 1962 and 1968", "From 1073 to 1074", "2015-2017".
_YEARS = re.compile(
    r"\b(?:(?i:between) (?P<a>1\d{3}|20\d{2}) and"
    r"|(?i:from) (?P<b>1\d{3}|20\d{2}) (?:to|until|through)"
    r"|(?P<c>(?:19|20)\d{2})\s?[-–])\s?(?P<end>1\d{3}|20\d{2})\b"
)
_MODERN_YEAR = re.compile(r"(?:1[5-9]|20)\d{2}")
_CENTURY = re.compile(
    r"\b(?:the )?(?P<n>\d{1,2})(?:st|nd|rd|th)(?: and (?:the )?\d{1,2}(?:st|nd|rd|th))?"
    r"[ -]centur(?:y|ies)\b",
    re.IGNORECASE,
)
# What a count counts: a plural ("stores", "people"), after up to two words ("new SUV models").
# Words ending in "s" that count nothing ("911 as a fiefdom", "3 was") are not plurals.
_NOT_PLURAL = (
    "as|was|is|has|does|this|its|his|hers|ours|yours|theirs|us|thus|plus|less|unless|across"
    "|whereas|perhaps|always|sometimes|besides|towards|afterwards|yes"
)
# Plurals without an "s": "24 aircraft", "300 staff", "5,000 businessmen".
_IRREGULAR = (
    "people|children|[a-z]*men|aircraft|spacecraft|personnel|staff|police|cattle|livestock"
    "|sheep|deer|fish"
)
# An adjective in -ous is no plural ("48 famous men", "12 serious cases").
_PLURAL = rf"(?:(?!(?:{_NOT_PLURAL})\b|[\w-]*ous\b)[a-z][\w-]*s|{_IRREGULAR})"
# Up to two words before the plural, a pair joined by "or"/"and" one word: "3.8 million
# disposable paper or plastic cups"; an abbreviation is a word: "all 50 U.S. states".
_COUNTED = (
    rf"(?:(?:[a-z][\w-]*|(?:[A-Z]\.){{2,3}})\s(?:(?:or|and)\s[a-z][\w-]*\s)?){{0,2}}?"
    rf"[\"“]?{_PLURAL}"
)
_BIG = "million|billion|thousand"
_COUNT = re.compile(
    rf"\b(?:a\s(?=(?:dozen|hundred)\s))?(?P<n>{_NUM}|{_WORD})(?:\s(?P<scale>{_BIG}))?"
    rf"\s(?P<noun>{_COUNTED})\b",
    re.IGNORECASE,
)
# A rate said as a part of a number: "one in 68 children", "one in five adults" (its value the
# number, its text the whole).
_ONE_IN = re.compile(
    rf"\b(?:one|1)\sin\s(?:every\s)?(?P<n>{_NUM}|{_WORD})\b(?:\s(?P<noun>{_COUNTED})\b)?",
    re.IGNORECASE,
)
# A count only roughly known: "several hundred, maybe thousands" of soldiers, "a few thousand
# people" (its value the low reading: 300, 3,000), counting the noun after it if one follows.
_VAGUE = re.compile(
    r"\b(?P<q>several|a few)\s(?P<s>dozen|hundred|thousand|million|billion)\b"
    r"(?:,?\s(?:maybe|perhaps|possibly|if not|or even|or)\s"
    r"(?:dozens|hundreds|thousands|millions))?",
    re.IGNORECASE,
)
_VAGUE_NOUN = re.compile(
    rf"[\"”]?\s(?:of\s(?:the\s|[A-Z][\w'’]*['’]s\s)?)?(?P<noun>{_COUNTED})\b", re.IGNORECASE
)
_ROUGHLY = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# A round count said with "a": "a million views", "half a million" (500,000), "a quarter of a
# million residents" (250,000), "a billion sports tourism trips"; an amount of money ("a
# billion dollars", "a million-dollar home") is no count.
_A_SCALE = re.compile(
    r"\b(?:(?P<part>half|(?:a\s)?quarter\sof|(?:a\s)?third\sof)\s|(?<!of\s))"
    r"a\s(?P<s>thousand|million|billion)\b(?!-)"
    r"(?!\s(?:dollars|euros|pounds|yuan|won|yen|rupees|rubles|roubles)\b)",
    re.IGNORECASE,
)
# A population, its people unsaid: "a population of more than 100 million".
_POPULATION = re.compile(
    rf"\bpopulation of\s+{_QUAL}(?P<n>{_NUM})(?:\s(?P<scale>{_BIG}))?\b(?!\s*[%$])",
    re.IGNORECASE,
)
# People a blow left dead or hurt, the noun unsaid: "left eight dead", "at least 12 injured,".
_CASUALTIES = re.compile(
    rf"{_QUAL}\b(?P<n>{_NUM}|{_WORD})\s(?:people\s)?(?P<u>dead|injured|wounded|hurt)\b"
    r"(?=\s*(?:[^\w\s]|$)|\s(?:and|in|on|at|after|when|as|while|including|since|by)\b)",
    re.IGNORECASE,
)
# A count written as an adjective: "a six-page letter", "a 10-point plan" (6 pages, 10 points).
# Joints that make an idiom, not a unit ("a one-off payment", "a two-way race"), count nothing.
_NOT_UNIT = "off|on|in|out|up|to|of|and|or|by|way|sided|fold|plus|odd|all"
_COUNT_ADJ = re.compile(
    rf"\b(?P<n>{_NUM}|{_WORD})-(?!(?:{_NOT_UNIT})\b)(?P<u>[a-z]+)(?=\s[a-z])", re.IGNORECASE
)
# A count whose noun its clause has said already: "three families ..., and at least 10 more",
# "Four people were killed and 50 injured", "with 31 receiving treatment", "while three are
# still missing", "by 300 votes to 200", "308,000 awards for 2019 and 113,000 for 2018", and a
# part, "one of four", "18 of which" (1, 18 of what was said before).
_ELLIPTIC = re.compile(
    rf"(?P<joint>\b(?:and|with|while|but|to)[\s-])?{_QUAL}\b(?P<n>{_NUM}|{_WORD})"
    r"(?:(?P<more>\smore(?=\s*(?:[^\w\s]|$)|\s(?:to|in|on|at|for|from|are|were|will|would)\b))"
    r"|(?P<verb>\s(?:(?P<are>are|were|remain|remained)(?:\sstill)?(?:\s[a-z]+(?:ed|ing))?"
    r"|(?:still\s)?[a-z]+(?:ed|ing))\b)"
    rf"|(?P<of>\sof\s(?:(?:{_NUM}|{_WORD})\b(?![\w-]|\s(?:[\w-]+\s){{0,2}}?{_PLURAL}\b)"
    r"|(?:which|whom)\b))"
    r"|(?P<prep>(?=\s(?:for|in|on|at|during|from)\s))"
    r"|(?=[^\w%-]|$))",
    re.IGNORECASE,
)
_COUNTED_BEFORE = re.compile(rf"\b(?:{_NUM}|{_WORD})\s{_COUNTED}\s$", re.IGNORECASE)
# A range of a count: "between 500,000 and 1 million cubic yards" (its value: the low end).
_COUNT_RANGE = re.compile(
    rf"\bbetween (?P<lo>{_NUM}|{_WORD})(?:\s(?P<s1>{_BIG}))? and "
    rf"(?P<hi>{_NUM}|{_WORD})(?:\s(?P<s2>{_BIG}))?\s(?P<noun>{_COUNTED})\b",
    re.IGNORECASE,
)
# The same said with "to": "20 to 30 strikes a year" (not "from 20 to 30 members": a change).
_COUNT_TO = re.compile(
    rf"(?<!\bfrom\s)\b(?P<lo>{_NUM}|{_WORD})(?:\s(?P<s1>{_BIG}))? to "
    rf"(?P<hi>{_NUM}|{_WORD})(?:\s(?P<s2>{_BIG}))?\s(?P<noun>{_COUNTED})\b",
    re.IGNORECASE,
)
# A part of a counted whole: "Seven of the 11 people", "three of the five judges" (7 people),
# "three of the country's nine provinces" (3 provinces), "312 of the total 403 seats", "Four of 13
# board members" (4 members).
_PART_OF = re.compile(
    rf"\b(?P<n>{_NUM}|{_WORD}) (?:out )?of (?:the |its |their )?(?:[\w-]+['’]s )?"
    rf"(?:(?:total|overall|combined) )?(?:{_NUM}|{_WORD})\s"
    rf"(?:[a-z][\w-]*\s){{0,2}}?(?P<noun>{_PLURAL})\b",
    re.IGNORECASE,
)
# A part of a group its noun names after "the" or an owner: "eight of the accused were
# sentenced", "Two of Masood's victims", "none of the females", "163 of this year's nominees"
# (8 accused, 2 victims, 0 females, 163 nominees); "one of the biggest banks" says what a thing
# is, not how many.
_PART_OF_GROUP = re.compile(
    rf"\b(?!(?i:one)\b)(?P<n>(?i:{_NUM}|{_WORD}|none)) of "
    r"(?:(?i:the|its|their|his|her|this|these|those|last|next)(?: [A-Za-z][\w'’]*['’]s)?"
    r"|[A-Z][\w'’]*['’]s) "
    rf"(?:(?:[a-z]+\s)?{_NUM}\s)?(?P<noun>(?i:{_COUNTED}|[a-z]+ed))\b",
)
# A count whose noun the sentence said before, after a verb that wins or holds it: "winning 16
# seats, while the Socialist Party took 14 and the Labour Party took nine" (14 and 9 seats).
_HELD = re.compile(
    rf"\b(?:took|won|got|gained|secured|held|kept|claimed)\s{_QUAL}(?P<n>{_NUM}|{_WORD})"
    r"(?=\s*(?:[,;.)]|$)|\s(?:and|while|but|or)\b)",
    re.IGNORECASE,
)
# A group by its size: "the seven-member crew", "a 40-strong delegation".
_MEMBERS = re.compile(
    rf"\b(?P<n>{_NUM}|{_WORD})-(?:member|strong|person|man|woman|seat)\s(?P<noun>[a-z]+)\b",
    re.IGNORECASE,
)
# Measures written after a number: "230 metres", "9,317 feet", "12.5 gigawatts", "45.74 points".
_MEASURE = re.compile(
    rf"(?<![\w.,])(?P<n>{_NUM})[\s-]?(?P<u>feet|foot|ft|nautical miles?|knots?|km/h|km"
    r"|kilomet(?:re|er)s?|miles?|met(?:re|er)s?"
    r"|cm|mm|mg|kg|kilograms?|tonnes?|tons?|[kMG]W|gigawatts?|megawatts?|mph|barrels?"
    r"|points?|acres?|hectares?|square (?:miles|kilomet(?:re|er)s|feet|met(?:re|er)s)"
    r"|degrees?(?: Celsius| Fahrenheit)?)\b"
)
# A measure whose number is a word: "up to two feet of snow", "one foot" (2 feet, 1 foot). Only
# units of length, area and weight: "at one point" is no measure.
_WORD_MEASURE = re.compile(
    rf"\b(?P<n>(?i:{_WORD}))\s(?P<u>feet|foot|inch(?:es)?|yards?|miles?|met(?:re|er)s?"
    r"|kilomet(?:re|er)s?|acres?|hectares?|kilograms?|tonnes?|tons?)\b"
)
# Metres written "m" right after the number, where a length and not money is meant: a length
# named before it or a direction or extent after it, no currency sign ("at an altitude of 2,356m",
# "roughly 60m from the ground", "a 60m-long wall"; "$60m" is money). "3,700m high" stays
# unread: a height read there answered "How many of the tourists ...?".
_METRES = re.compile(
    r"(?P<before>\b(?:altitude|height|depth|length|distance|elevation|diameter|width|radius)"
    rf" of (?:(?:{QUALIFIERS})\s)?)?(?<![\w.,$€£¥₩?])(?P<n>{_NUM})m\b"
    r"(?P<after>(?=[\s-](?:long|deep|wide|high|tall|away|above|below|off|across|along"
    r"|under(?:ground|water)?|from the|in (?:height|length|depth|diameter|width))\b))?",
    re.IGNORECASE,
)
# An index's move in points, the unit left unsaid before the share it makes: "The Dow sank 45.74,
# or 0.2 percent, to 20,550.98" (45.74 points).
_POINTS = re.compile(
    r"\b(?:rose|fell|sank|gained|lost|dropped|climbed|slipped|added|shed|jumped|slid|tumbled"
    r"|declined|advanced|rallied|plunged|surged"
    r"|(?:edged|was|closed|ended) (?:up|down|higher|lower))"
    rf"\s(?P<n>{_NUM})(?=,?\sor\s(?:about\s)?{_NUM}\s?(?:%|percent|per cent))",
    re.IGNORECASE,
)
# A result of two numbers: a vote "50-50", "12-11", "94-to-0", "52-48 majority", a set "6-4".
_SCORE = re.compile(
    r"(?<![\w.,$€£¥₩-])(?P<a>\d{1,3})(?:\s?[-–]\s?|-to-)(?P<b>\d{1,3})(?![\w%-]|[.,]\d|\s?percent)"
)
# A vote said with "to": "passed by a vote of 60 to 52", "voted 12 to 3", "by 331 votes to
# 286" (a dash is _SCORE's).
_VOTE = re.compile(
    r"\b(?:(?:a vote of|voted)\s(?P<a>\d{1,3})|(?P<v>\d{1,3})\svotes)\sto\s(?P<b>\d{1,3})\b"
    r"(?!\s?percent|%)"
)
# Half a unit of time: "a half-hour video", "half an hour", "half a day" (0.5 hours, 0.5 days),
# a duration, not a share.
# How many times, said in a word: "has twice changed its name", "was shot twice" (not "twice
# the population", "twice as many", "twice a year": a ratio or a rate).
_TIMES_WORD = re.compile(
    r"\b(?P<n>twice|thrice)\b(?!\s+(?:the|as|that|a|an|its|their|his|her|our|my|your|more|than"
    r"|what|this|these|those|over|per)\b)",
    re.IGNORECASE,
)
TIMES_WORDS = {"twice": 2.0, "thrice": 3.0}  # each says its unit itself
_HALF_UNIT = re.compile(
    rf"{_QUAL}\b(?:an?\s)?half(?:-|\san?\s)(?P<u>year|month|week|day|hour|minute)s?\b",
    re.IGNORECASE,
)
# One unit of time said as an adjective: "a week-long trip", "a year-long inquiry".
_UNIT_LONG = re.compile(
    r"\ban?\s(?P<u>year|month|week|day|hour|minute|decade)-long\b", re.IGNORECASE
)
# Fractions as shares: "about a third", "two-thirds", "half of".
_FRACTION = re.compile(
    rf"{_QUAL}\b(?P<n>a|one|two|three)[\s-]"
    r"(?P<u>half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)s?\b",
    re.IGNORECASE,
)
_FRACTIONS = {
    "half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_NAMES = tuple(_MONTHS.split("|"))
# A month cut short, which names a date only with its day: "Nov 28", "Feb. 12", "3 Sept".
_SHORT_MONTHS = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
# A calendar date: "February 19", "19 February 2017", "May 2017", "in May", "Nov 28", "October
# last year" (the year as the article says it).
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s(?P<m1>{_MONTHS}|{_SHORT_MONTHS})|(?P<m2>{_MONTHS})"
    rf"(?:\s(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    rf"|(?P<m3>{_SHORT_MONTHS})\s(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\b)"
    rf"(?:,?\s(?:of\s)?(?P<y>1\d{{3}}|20\d{{2}})|\s(?P<rel>last|this|next)\syear)?\b"
)
# A day of the week that dates something, after the word that ties it to it: "issued a new
# policy on Tuesday", "a report, due on Friday", "scheduled for Tuesday". Not one a calendar date
# follows ("on Tuesday, March 7": the date says it).
_DAY_NAME = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:\s(?:morning|afternoon|evening|night))"
_NO_MONTH = rf"(?!,?\s(?:\d{{1,2}}(?:st|nd|rd|th)?\s)?(?:{_MONTHS}|{_SHORT_MONTHS}))"
# "on Friday", "until Sunday evening", "on Sundays" (a day each week).
_DAY_TIED = r"(?i:on|by|until|till|since|before|after|for|next|last|this|early|late)\s"
_WEEKDAY = re.compile(rf"(?P<d>\b{_DAY_TIED}{_DAY_NAME}s?{_PART_OF_DAY}?\b){_NO_MONTH}")
# A weekday news writes bare, after a verb: "serve the warrant Friday morning", "the holiday,
# which ends Saturday." The word before is in lower case (not "Black Friday"), and nothing
# it could name follows (not "Friday prayers"): a stop, or a word that opens a phrase.
_BARE_WEEKDAY = re.compile(
    rf"\b(?!{_DAY_TIED})[a-z][a-z'’]*\s(?P<d>{_DAY_NAME}{_PART_OF_DAY}?)(?!['’])\b{_NO_MONTH}"
    r"(?=\s*(?:[,.;:!?)\]]|$)|\s(?:in|at|to|after|before|when|and|as|with|for|from|by|amid"
    r"|while|that|until|night|the|a|an)\b)"
)
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)|" + "|".join(_ORDINALS)
# A time of day: "00:30 GMT", "8:45 a.m.", "3pm local time", "10.30pm".
_ZONES = r"GMT|UTC|BST|CET|CEST|EET|MSK|IST|JST|KST|HKT|SGT|AEST|AEDT|[ECMP][SD]T|ET|PT|local time"
_CLOCK = re.compile(
    r"(?<![\w.,:$€£¥₩])(?P<h>[01]?\d|2[0-3])(?:(?::(?P<m>[0-5]\d))(?![:\d])|[.:](?P<m2>[0-5]\d))?"
    r"(?:\s?(?P<ap>[ap]\.m\.?|[ap]m\b))?(?:\s(?P<tz>" + _ZONES + r")\b)?"
)
# An age as news writes it after a name: "PC Keith Palmer, 48, was killed", "Peng, then 21,",
# and at the end of a sentence: "..., says Engle, 75."
_NAMED_AGE = re.compile(
    r"\b(?:[A-Z][a-z'’]+\s)*(?P<who>[A-Z][a-z'’]+),\s(?:(?:then|now)\s)?(?P<a>\d{1,3})"
    r"(?:,\s|\.[\"”]?(?:\s|$)|$)"
)
# An age: "at the age of 34", "at age four", "aged 34", "a 34-year-old", "34 years old",
# "who turns 85 on", "his 70th birthday".
_AGE = re.compile(
    r"\b(?:(?:at )?the age of|at age|aged"
    rf"|turn(?:s|ed|ing)(?= \d{{1,3}}\s+(?:on|in|this|next|last)\b))"
    rf" (?P<n>\d{{1,3}}|{_WORD})\b"
    rf"|\b(?P<m>\d{{1,3}}|{_WORD})[\s-]years?[\s-]old\b"
    r"|\b(?P<b>\d{1,3})(?:st|nd|rd|th) birthday\b",
    re.IGNORECASE,
)
# An age said with "at" where the sentence says what came at it: "He died in 2013, at 88",
# "At 35, he became ...".
_AT_AGE = re.compile(
    r"\b(?:died|dies|death)\b[^.;:]{0,40}?\b(?P<at>at (?P<n>\d{1,3}))\b(?![.,]\d|\s?(?:%|[a-z]))"
    r"|(?:^|(?<=[.!?]\s))(?P<at2>At (?P<m>\d{1,2})),\s(?=(?:he|she)\b|[A-Z])"
)
# Children counted by a parent: "a married father of three", "a mother-of-two".
_PARENT_OF = re.compile(
    rf"\b(?:father|mother|parent)[\s-]of[\s-](?P<n>{_NUM}|{_WORD})\b(?![\s-](?:percent|%))",
    re.IGNORECASE,
)
# Part of a year or month: "late 2015", "mid-2017", "the end of 2015", "early March", "the
# spring of 2016", "the last week of March".
_PARTIAL = re.compile(
    r"\b(?P<part>(?i:(?:the )?(?:end|beginning|start|middle|turn|close|(?:first|second) half"
    r"|(?:first|second|third|fourth) quarter|spring|summer|autumn|fall|winter"
    r"|(?:first|second|third|fourth|last|final) (?:week|weekend|days|fortnight)) of "
    r"|early |late |mid-|mid ))"
    rf"(?:(?P<month>{_MONTHS})(?:,?\s(?P<my>(?:19|20)\d{{2}}))?|(?P<y>(?:1[5-9]|20)\d{{2}}))\b"
)
# A run of periods: "the 14th consecutive year", "three straight days", "5 years in a row".
_STREAK = re.compile(
    rf"\b(?P<n>{_ORDINAL}|{_NUM}|{_WORD})[\s-](?P<adj>(?:consecutive|straight|successive)[\s-])?"
    r"(?P<u>years?|months?|weeks?|days?)(?P<row>\sin a row)?\b",
    re.IGNORECASE,
)
# A place in an order: "17th", "ranked third", "top 10", "No. 1", "number one".
_RANK = re.compile(
    rf"\b(?:(?P<top>top)[\s-](?P<t>\d{{1,3}}|{_WORD})\b"
    rf"|(?:No\.|[Nn]umber)\s?(?P<no>\d{{1,3}}|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    rf"|(?P<o>\d{{1,3}})(?:st|nd|rd|th)\b(?!\s(?:of\s)?(?:{_MONTHS}))"
    r"|(?i:rank(?:ed|s|ing)?|finish(?:ed|es|ing)?|plac(?:ed|es|ing)|c[oa]me|comes)"
    rf"(?:\sin)?\s(?P<w>{'|'.join(_ORDINALS)})\b"
    # "Frankfurt are third in the table", "it sits fifth on the list": where it stands
    r"|(?i:is|are|was|were|sits?|lies?|stands?)"
    rf"\s(?P<s>{'|'.join(_ORDINALS)})(?=\s(?:in|on|among|overall|place)\b)"
    # "beaten into third place", "slipped to fourth place": a place named as one (not the
    # idiom "in the first place")
    rf"|(?<![Ii]n the )\b(?P<p>(?i:{'|'.join(_ORDINALS)}))\s(?:place|spot|position)\b)",
)
_RELATIVE_OFFSET = {
    "this": 0, "next": 1, "last": -1, "the upcoming": 1, "the coming": 1, "the following": 1,
}  # fmt: skip


@dataclass(frozen=True)
class Figure:
    """One figure as the source writes it, with its normalised value and where it stands."""

    text: str
    value: float | None
    unit: str
    kind: str
    start: int
    end: int
    qualifier: str = ""
    role: str = ""
    also: str = ""  # the same amount in another currency: "3.5 trillion won (USD 2.6 billion)"
    chunk_id: str = ""
    sentence: int = -1

    def to_dict(self) -> dict[str, object]:
        """A plain dict for figures.jsonl."""
        return asdict(self)


def parse_number(text: str) -> float | None:
    """The value of a number as written: "1,650" -> 1650.0, "eight" -> 8.0, "5,00" -> None."""
    token = text.strip().lower()
    if token in WORD_NUMBERS:
        return float(WORD_NUMBERS[token])
    if not re.fullmatch(_NUM, token):
        return None
    return float(token.replace(",", ""))


def extract_figures(text: str, published: dt.date | None = None) -> list[Figure]:
    """Figures in `text`, left to right: "3.5 trillion won" -> Figure(value=3.5e12, unit="KRW")."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], figure: Figure | None) -> None:
        if figure is None or any(s < figure.end and figure.start < e for s, e in taken):
            return
        taken.append((figure.start, figure.end))
        found.append(figure)

    for m in _MONEY.finditer(text):
        add(m, _money(m))
    for m in _SUBUNIT.finditer(text):
        add(m, _subunit(m))
    for m in _CENT_ADJ.finditer(text):
        add(m, _cents(m))
    for m in _PERCENT.finditer(text):
        add(m, _percent(m, text))
    for m in _CLOCK.finditer(text):
        add(m, _clock(m))
    for m in _AGE.finditer(text):
        value = parse_number(m.group("n") or m.group("m") or m.group("b"))
        add(m, Figure(m.group(0), value, "years old", "count", m.start(), m.end()))
    for m in _AT_AGE.finditer(text):
        group = "at" if m.group("at") else "at2"
        value = parse_number(m.group("n") or m.group("m"))
        start, end = m.span(group)
        add(m, Figure(text[start:end], value, "years old", "count", start, end))
    for m in _PARENT_OF.finditer(text):
        add(m, Figure(m.group(0), parse_number(m.group("n")), "children", "count", *m.span()))
    for m in _NAMED_AGE.finditer(text):
        if 0 < int(m.group("a")) < 120:  # a person's age, not "Revenue, 300,"
            start, end = m.start("who"), m.end("a")  # "Palmer, 48": who is that old
            age = Figure(text[start:end], float(m.group("a")), "years old", "count", start, end)
            add(m, age)
    for m in _PARTIAL.finditer(text):
        add(m, _partial(m))
    for m in _STREAK.finditer(text):
        add(m, _streak(m))
    for m in _AND_A_HALF.finditer(text):
        add(m, _and_a_half(m))
    for m in _COMPOUND.finditer(text):
        add(m, _compound(m))
    for m in _DURATION.finditer(text):
        add(m, _duration(m))
    for m in _A_UNIT_AGO.finditer(text):
        add(m, _one_unit(m, 1.0, "date", " ago"))
    for m in _UNIT_LONG.finditer(text):
        add(m, _one_unit(m, 1.0, "duration"))
    for m in _HALF_UNIT.finditer(text):
        add(m, _one_unit(m, 0.5, "duration"))
    for m in _FRACTION.finditer(text):
        add(m, _fraction(m))
    for m in _SCORE.finditer(text):
        add(m, _score(m))
    for m in _VOTE.finditer(text):
        side = "a" if m.group("a") else "v"
        start, end = m.start(side), m.end("b")
        add(m, Figure(text[start:end], float(m.group(side)), "score", "score", start, end))
    for m in _DATE.finditer(text):
        add(m, _date(m))
    for m in (*_WEEKDAY.finditer(text), *_BARE_WEEKDAY.finditer(text)):
        start, end = m.span("d")
        if any(f.kind == "clock" and 0 <= start - f.end <= 1 for f in found):
            continue  # "at 8:45 a.m. on Friday", "at 8 a.m. Friday": the time's own day
        add(m, Figure(m.group("d"), None, "weekday", "date", start, end))
    for m in _MEMBERS.finditer(text):
        value = parse_number(m.group("n"))
        add(m, Figure(m.group(0), value, m.group("noun").lower(), "count", m.start(), m.end()))
    for m in _POINTS.finditer(text):
        value, start, end = parse_number(m.group("n")), m.start("n"), m.end("n")
        add(m, Figure(m.group("n"), value, "points", "count", start, end))
    for m in _METRES.finditer(text):
        if m.group("before") is not None or m.group("after") is not None:
            value, start = parse_number(m.group("n")), m.start("n")
            add(m, Figure(text[start : m.end()], value, "metres", "count", start, m.end()))
    for m in _WORD_MEASURE.finditer(text):
        value = parse_number(m.group("n"))
        add(m, Figure(m.group(0), value, m.group("u"), "count", m.start(), m.end()))
    for m in _MEASURE.finditer(text):
        value = parse_number(m.group("n"))
        unit = m.group("u")
        add(m, Figure(m.group(0), value, unit, "count", m.start(), m.end()))
    # before relative dates: "163 of this year's nominees" counts nominees
    for m in _PART_OF.finditer(text):
        value = parse_number(m.group("n"))
        if value is not None:
            add(m, Figure(m.group(0), value, m.group("noun").lower(), "count", *m.span()))
    for m in _PART_OF_GROUP.finditer(text):
        value = 0.0 if m.group("n").lower() == "none" else parse_number(m.group("n"))
        if value is not None:
            noun = m.group("noun").lower().split()[-1]
            add(m, Figure(m.group(0), value, noun, "count", *m.span()))
    for m in _RELATIVE.finditer(text):
        add(m, _relative(m, published))
    for m in _YEARS.finditer(text):
        if _COUNT.match(text, m.start("end")):
            continue  # "between 1000 and 1500 people" counts people
        since = float(m.group("a") or m.group("b") or m.group("c"))
        add(m, Figure(m.group(0), since, "years", "date", m.start(), m.end()))
    counts = list(_COUNT.finditer(text))  # read once: years inside them, then the counts
    for m in _YEAR.finditer(text):
        if any(c.start() < m.start("y") and m.end("y") <= c.end() for c in counts):
            continue  # "the 250 pre-1996 staff" counts staff: the year is part of who
        modern = _MODERN_YEAR.fullmatch(m.group("y"))
        if not modern and _COUNT.match(text, m.start("y")):
            continue  # "in 886 missions" counts missions
        if not modern and m.group("prep") == "to" and _COUNTED_BEFORE.search(text, 0, m.start()):
            continue  # "by 300 votes to 200": the votes against
        decade = (  # "during the 1060s"; not "the 300s" nor "the 1050s models"
            m.group("the")
            and len(m.group("y")) == 4
            and not re.match(rf"\s{_PLURAL}\b", text[m.end() :])
        )
        if m.group("prep") or modern or decade:  # "in 911", "2016", "the 1060s"
            unit, start = ("decade" if m.group("s") else "year"), m.start("y")
            figure = Figure(
                text[start : m.end()], float(m.group("y")), unit, "date", start, m.end()
            )
            add(m, figure)
    for m in _CENTURY.finditer(text):
        add(m, Figure(m.group(0), float(m.group("n")), "century", "date", m.start(), m.end()))
    for m in _RANK.finditer(text):
        add(m, _rank(m))
    for m in _ONE_IN.finditer(text):  # before counts: "one in 68 children" is no 68 children
        noun = (m.group("noun") or "").lower().split()
        value = parse_number(m.group("n"))
        add(m, Figure(m.group(0), value, noun[-1] if noun else "", "count", *m.span()))
    for m in _COUNT_RANGE.finditer(text):
        add(m, _count_range(m))
    for m in _COUNT_TO.finditer(text):
        add(m, _count_range(m))
    for m in _TIMES_WORD.finditer(text):
        value = TIMES_WORDS[m.group("n").lower()]
        add(m, Figure(m.group(0), value, "times", "count", *m.span()))
    for m in counts:
        add(m, _count(m))
    for m in _POPULATION.finditer(text):  # after counts: "of 7.5 million people" says who
        add(m, _population(m))
    for m in _VAGUE.finditer(text):
        add(m, _vague(m))
    for m in _A_SCALE.finditer(text):
        add(m, _a_scale(m))
    for m in _COUNT_ADJ.finditer(text):
        add(m, _count_adjective(m))
    for m in _ELLIPTIC.finditer(text):
        add(m, _elliptic(m, sorted(found, key=lambda f: f.start)))
    for m in _CASUALTIES.finditer(text):
        add(m, _casualties(m))
    for m in _HELD.finditer(text):
        add(m, _held(m, sorted(found, key=lambda f: f.start)))
    found = [_qualified(f, text) for f in found]
    ordered = _date_spans(sorted(found, key=lambda f: f.start), text)
    for first, second in paired(ordered, text):
        i, j = ordered.index(first), ordered.index(second)
        ordered[i] = replace(first, also=second.text)
        ordered[j] = replace(second, also=first.text)
    return ordered


# Two dates that make one span: "between January 2013 and June 2016", "from May 3 to May 9",
# "November 2005 to November 2006" (a list "in May and June" is two dates).
_SPAN_JOIN = re.compile(r"\s+(?:to|until|through|and)\s+|\s?[-–]\s?")
_SPAN_OPEN = re.compile(r"\b(between|from)\s+$", re.IGNORECASE)


def _date_spans(figures: list[Figure], text: str) -> list[Figure]:
    """`figures` with each span of two calendar dates made one figure, valued at its start."""
    merged: list[Figure] = []
    for figure in figures:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.kind == figure.kind == "date"
            and last.unit == figure.unit
            and figure.unit in ("month", "day")
            and (join := _SPAN_JOIN.fullmatch(text[last.end : figure.start]))
        ):
            opened = _SPAN_OPEN.search(text[: last.start])
            word = join.group(0).strip()
            if word == "and" and not (opened and opened.group(1).lower() == "between"):
                merged.append(figure)
                continue
            start = opened.start() if opened else last.start
            unit = f"{figure.unit}s"  # a span, as "between 1962 and 1968" is "years"
            merged[-1] = Figure(
                text[start : figure.end], last.value, unit, "date", start, figure.end
            )
            continue
        merged.append(figure)
    return merged


_QUALIFIED = re.compile(rf"\b(?P<qual>{QUALIFIERS})\s+$", re.IGNORECASE)


def _qualified(figure: Figure, text: str) -> Figure:
    """A count with the qualifier written before it: "more than 290 members", "nearly 60
    feet" (money, shares and durations read theirs in their own patterns)."""
    if figure.kind != "count" or figure.qualifier:
        return figure
    found = _QUALIFIED.search(text, max(0, figure.start - 20), figure.start)
    return replace(figure, qualifier=found.group("qual").lower()) if found else figure


def _span(m: re.Match[str]) -> tuple[str, int, int, str]:
    qual = m.groupdict().get("qual") or ""
    start = m.start("qual") + len(qual) + 1 if qual else m.start()
    return m.string[start : m.end()], start, m.end(), qual.lower()


def _money(m: re.Match[str]) -> Figure | None:
    """ "$3-4 billion" -> 3e9 USD (a range by its low end); "?652m" -> 6.52e8 in a currency
    whose sign was lost (unit ""), its text "?652m" as the article writes it."""
    number = m.group("lo1") or m.group("n1") or m.group("lo2") or m.group("n2")
    value = parse_number(number)
    if value is None:
        return None
    scale = (m.group("s1") or m.group("s2") or "").lower()
    pre = m.group("pre")
    if pre:
        unit = CURRENCY_PREFIX.get(pre.lower().rstrip("."), "")
    else:
        unit = CURRENCY_SUFFIX[m.group("suf").lower()]
    text, start, end, qual = _span(m)
    return Figure(text, value * SCALES.get(scale, 1.0), unit, "money", start, end, qual)


def _subunit(m: re.Match[str]) -> Figure | None:
    """ "70p" -> 0.70 GBP, "45 cents" -> 0.45 USD."""
    value = parse_number(m.group("n"))
    if value is None:
        return None
    unit = "USD" if (m.group("u") or "").lower() == "cents" else "GBP"
    text, start, end, qual = _span(m)
    return Figure(text, value / 100, unit, "money", start, end, qual)


def _percent(m: re.Match[str], source: str) -> Figure | None:
    """ "30%" -> 30 %, "1.5-2%" -> 1.5 % (a range by its low end)."""
    value = parse_number(m.group("lo") or m.group("n"))
    if value is None:
        return None
    text, start, end, qual = _span(m)
    unit = "pp" if "point" in m.group("u").lower() else "%"
    before = source[max(0, start - 12) : start].lower()
    role = (
        "old"
        if re.search(r"\bfrom\s*$", before)
        else "new"
        if re.search(r"\bto\s*$", before)
        else ""
    )
    return Figure(text, value, unit, "percent", start, end, qual, role)


def _duration(m: re.Match[str]) -> Figure | None:
    value = parse_number(m.group("lo") or m.group("n"))
    if value is None:
        return None
    unit = m.group("u").lower().rstrip("s") + "s"
    text, start, end, qual = _span(m)
    if m.group("lead"):
        text, start = m.group(0), m.start()
    if m.group("ago"):  # "three years ago" says when, not how long
        return Figure(text, value, f"{unit} ago", "date", start, end, qual)
    return Figure(text, value, unit, "duration", start, end, qual)


def _clock(m: re.Match[str]) -> Figure | None:
    """ "00:30 GMT" -> 0.5 h GMT, "8:45 p.m." -> 20.75 h local; a bare "8.45" is no time."""
    ap = (m.group("ap") or "").lower()
    if not (m.group("m") or ap):
        return None
    hour = int(m.group("h"))
    if ap and not 1 <= hour <= 12:
        return None
    if ap:
        hour = hour % 12 + (12 if ap.startswith("p") else 0)
    minutes = int(m.group("m") or m.group("m2") or 0)
    zone = m.group("tz") or "local"
    unit = "local" if zone == "local time" else zone
    return Figure(m.group(0), hour + minutes / 60, unit, "clock", m.start(), m.end())


def _partial(m: re.Match[str]) -> Figure:
    """ "late 2015" -> 2015 (year), "early March 2017" -> 2017 (month)."""
    year = m.group("y") or m.group("my")
    unit = "year" if m.group("y") else "month"
    return Figure(m.group(0), float(year) if year else None, unit, "date", m.start(), m.end())


def _streak(m: re.Match[str]) -> Figure | None:
    """ "the 14th consecutive year" -> 14 years, "three straight days" -> 3 days."""
    if not (m.group("adj") or m.group("row")):
        return None
    word = m.group("n").lower()
    value = _ORDINALS.get(word) or parse_number(re.sub(r"(?<=\d)(st|nd|rd|th)$", "", word))
    unit = m.group("u").lower().rstrip("s") + "s"
    return Figure(m.group(0), value, unit, "duration", m.start(), m.end())


def _rank(m: re.Match[str]) -> Figure | None:
    """ "17th" -> 17, "ranked third" -> 3, "No. 1" -> 1, "top 10" -> 10 (unit "top"); "are
    third in" -> "third"."""
    if m.group("s"):
        place = float(_ORDINALS[m.group("s").lower()])
        return Figure(m.group("s"), place, "place", "rank", m.start("s"), m.end("s"))
    if m.group("w") or m.group("p"):
        value: float | None = float(_ORDINALS[(m.group("w") or m.group("p")).lower()])
    else:
        value = parse_number(m.group("t") or m.group("no") or m.group("o"))
    unit = "top" if m.group("top") else "place"
    return Figure(m.group(0), value, unit, "rank", m.start(), m.end())


def _count_range(m: re.Match[str]) -> Figure | None:
    """ "between 500,000 and 1 million cubic yards" -> 500,000 yards, "20 to 30 strikes" -> 20
    strikes: the low end, the range as written."""
    low = parse_number(m.group("lo"))
    noun = m.group("noun").lower()
    if low is None or re.match(r"(19|20)\d\d$", m.group("lo")):
        return None
    scale = (m.group("s1") or (m.group("s2") if low < 1000 else "") or "").lower()
    return Figure(m.group(0), low * SCALES.get(scale, 1.0), noun.split()[-1], "count", *m.span())


def _and_a_half(m: re.Match[str]) -> Figure | None:
    """ "an hour and a half" -> 1.5 hours, "two and a half years" -> 2.5 years."""
    number = (m.group("a") or m.group("b")).lower()
    whole = 1.0 if number in ("a", "an") else parse_number(number)
    if whole is None:
        return None
    unit = (m.group("u1") or m.group("u2")).lower().rstrip("s") + "s"
    text, start, end, qual = _span(m)
    return Figure(text, whole + 0.5, unit, "duration", start, end, qual)


def _one_unit(m: re.Match[str], value: float, kind: str, after: str = "") -> Figure:
    """A unit of time said once, whole or half: "a week-long" -> 1 week, "a half-hour" -> 0.5
    hours, "a year ago" -> 1 "years ago" (a date, `after` the unit)."""
    text, start, end, qual = _span(m)
    return Figure(text, value, f"{m.group('u').lower()}s{after}", kind, start, end, qual)


def _cents(m: re.Match[str]) -> Figure | None:
    """ "a 30-cent-a-gallon hike" -> 0.30 USD."""
    value = parse_number(m.group("n"))
    if value is None:
        return None
    text, start, end, qual = _span(m)
    return Figure(text, value / 100, "USD", "money", start, end, qual)


def _casualties(m: re.Match[str]) -> Figure | None:
    """ "left eight dead" -> 8 dead; a year is no count of people."""
    value = parse_number(m.group("n"))
    if value is None or _MODERN_YEAR.fullmatch(m.group("n")):
        return None
    text, start, end, qual = _span(m)
    return Figure(text, value, m.group("u").lower(), "count", start, end, qual)


def _compound(m: re.Match[str]) -> Figure | None:
    """ "11 hours and 15 minutes" -> 675 minutes; None for units that do not nest."""
    big, small = (m.group(g).lower().rstrip("s") for g in ("u1", "u2"))
    per = _NESTED.get((big, small))
    a, b = parse_number(m.group("a")), parse_number(m.group("b"))
    if per is None or a is None or b is None:
        return None
    return Figure(m.group(0), a * per + b, small + "s", "duration", m.start(), m.end())


def _relative(m: re.Match[str], published: dt.date | None) -> Figure:
    year = None
    if published is not None:
        year = float(published.year + _RELATIVE_OFFSET[m.group("rel").lower()])
    return Figure(m.group(0), year, "year", "date", m.start(), m.end(), role="relative")


def _count(m: re.Match[str]) -> Figure | None:
    value = parse_number(m.group("n"))
    noun = m.group("noun").lower()
    if value is None or noun.split()[0] in SCALES or re.match(r"(19|20)\d\d$", m.group("n")):
        return None
    value *= SCALES.get((m.group("scale") or "").lower(), 1.0)
    end = m.end()
    if re.search(r"[\"“]\w", noun) and m.string[end : end + 1] in ('"', "”"):
        end += 1  # 100 Israeli "outposts": the quote closes with the noun
    unit = noun.split()[-1].lstrip('"“')
    return Figure(m.string[m.start() : end], value, unit, "count", m.start(), end)


def _population(m: re.Match[str]) -> Figure | None:
    """ "a population of more than 100 million" -> 1e8 people, quoted "100 million"."""
    value = parse_number(m.group("n"))
    if value is None:
        return None
    value *= SCALES.get((m.group("scale") or "").lower(), 1.0)
    start, qual = m.start("n"), (m.group("qual") or "").lower()
    return Figure(m.string[start : m.end()], value, "people", "count", start, m.end(), qual)


def _vague(m: re.Match[str]) -> Figure:
    """ "several hundred, maybe thousands" of soldiers -> 300 soldiers, quoted "several
    hundred" (the reply names the soldiers after it, not after "thousands")."""
    unit = _noun_after(m)
    value = 3 * _ROUGHLY[m.group("s").lower()]
    start, end = m.start(), m.end("s")
    return Figure(m.string[start:end], value, unit, "count", start, end)


def _noun_after(m: re.Match[str]) -> str:
    """The plural a round count counts, when one follows it ("hundred, maybe thousands of
    soldiers" -> "soldiers"), else ""."""
    noun = _VAGUE_NOUN.match(m.string, m.end())
    return noun.group("noun").lower().split()[-1] if noun else ""


_PART_OF_A = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


def _a_scale(m: re.Match[str]) -> Figure:
    """ "a million views" -> 1,000,000 views, "half a million" -> 500,000, counting the noun
    after it if one follows."""
    unit = _noun_after(m)
    part = (m.group("part") or "").lower().split()
    value = _PART_OF_A.get(part[-2] if len(part) > 1 else "".join(part), 1.0)
    value *= _ROUGHLY[m.group("s").lower()]
    return Figure(m.group(0), value, unit, "count", m.start(), m.end())


def _elliptic(m: re.Match[str], found: list[Figure]) -> Figure | None:
    """ "and 50 injured" after "Four people" -> 50 people; "one of four" -> 1 (of the noun said
    before it, if any); None for a bare number no count before it names."""
    value = parse_number(m.group("n"))
    if value is None or re.match(r"(19|20)\d\d$", m.group("n")):
        return None
    said = [f for f in found if f.kind == "count" and f.unit != "years old"]
    said = [f for f in said if f.end <= m.start("n")]
    joint = (m.group("joint") or "").strip(" -").lower()
    if joint == "to":  # "300 votes to 200": the count stands right before "to"
        said = [f for f in said if f.end == m.start("joint") - 1]
        named = bool(said) and not m.group("qual")
    elif m.group("verb"):  # a plural verb makes the number its subject: "three are missing"
        opens = not m.string[: m.start()].strip() or m.string[: m.start()].rstrip()[-1] in ".!?"
        # "Twelve are still being treated in hospital": a sentence that opens on the number
        named = bool(joint or opens and m.group("are")) and bool(said or m.group("are"))
    elif m.group("prep") is not None:  # "308,000 awards ... for 2019 and 113,000 for 2018"
        named = joint == "and" and bool(said)
    else:
        named = bool(m.group("of") or m.group("more") and said)
    if not named:
        return None
    text, start, end, qual = _span(m)
    if not qual:
        start, text = m.start("n"), m.string[m.start("n") : end]
    unit = said[-1].unit if said else ""
    return Figure(text, value, unit, "count", start, end, qual)


def _held(m: re.Match[str], found: list[Figure]) -> Figure | None:
    """ "took 14" after "16 seats" -> 14 seats; None when no count before it names the noun."""
    value = parse_number(m.group("n"))
    said = [f for f in found if f.kind == "count" and f.unit and f.end <= m.start("n")]
    if value is None or not said or re.match(r"(19|20)\d\d$", m.group("n")):
        return None
    text, start, end, qual = _span(m)
    if not qual:
        start, text = m.start("n"), m.group("n")
    return Figure(text, value, said[-1].unit, "count", start, end, qual)


_NEXT_WORD = re.compile(r"\s[\w'’-]+")


def _count_adjective(m: re.Match[str]) -> Figure | None:
    """ "six-page" -> 6 pages, "10-storey" -> 10 storeys; a year ("a 2016-style") is no count."""
    value = parse_number(m.group("n"))
    if value is None or re.match(r"(19|20)\d\d$", m.group("n")):
        return None
    start, end = m.span()
    # "a five-time MP" says how many times, of whom: quoted with its noun
    if m.group("u").lower() == "time" and (word := _NEXT_WORD.match(m.string, end)):
        end = word.end()
    return Figure(m.string[start:end], value, _plural(m.group("u").lower()), "count", start, end)


def _plural(noun: str) -> str:
    """ "page" -> "pages", "inch" -> "inches", "party" -> "parties"."""
    if re.search(r"(?:s|x|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def _fraction(m: re.Match[str]) -> Figure:
    """ "about a third" -> 33.3 %, "two-thirds" -> 66.7 %."""
    word = m.group("n").lower()
    count = 1.0 if word in ("a", "one") else float(WORD_NUMBERS[word])
    value = round(100 * count / _FRACTIONS[m.group("u").lower()], 1)
    text, start, end, qual = _span(m)
    return Figure(text, value, "fraction", "percent", start, end, qual)


def _score(m: re.Match[str]) -> Figure | None:
    """ "51-50": a tally or result; years ("2016-17") and ranges of years are not scores."""
    a, b = m.group("a"), m.group("b")
    if len(a) > 2 and len(b) > 2:
        return None
    return Figure(m.group(0), float(a), "score", "score", m.start(), m.end())


def _date(m: re.Match[str]) -> Figure:
    year = m.group("y")
    unit = "day" if m.group("d1") or m.group("d2") or m.group("d3") else "month"
    value = float(year) if year else None
    return Figure(m.group(0), value, unit, "date", m.start(), m.end())


_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_money(value: float, unit: str) -> str:
    """A money value as the articles write it: (6.48e7, "USD") -> "USD 64.8 million"."""
    amount, scale = value, ""
    for size, word in _SCALE_WORDS:
        if abs(value) >= size:
            amount, scale = value / size, f" {word}"
            break
    number = f"{amount:,.2f}".rstrip("0").rstrip(".")
    if unit == "KRW":
        return f"{number}{scale} won"
    return f"{unit} {number}{scale}"


def paired(figures: list[Figure], text: str) -> list[tuple[Figure, Figure]]:
    """Amounts given in two currencies, "3.5 trillion won ( USD 2.6 billion)": (won, dollars).
    `text` is what the figures' offsets point into."""
    pairs = []
    for first, second in zip(figures, figures[1:], strict=False):
        between = text[first.end : second.start]
        if (
            first.kind == second.kind == "money"
            and first.unit != second.unit
            and re.fullmatch(rf"\s*\(\s*(?:(?:{QUALIFIERS})\s+)?\??", between, re.IGNORECASE)
        ):
            pairs.append((first, second))
    return pairs


_NUMBERISH = re.compile(r"(?<![\w.,])\d[\d.,]*\d(?![0-9A-Za-z_])|[$₩€£¥](?!\s?\d)")


def malformed_numbers(text: str) -> list[str]:
    """Number-like tokens no figure can be read from: "1.2.3", "5,00", a bare "$"."""
    bad = []
    for match in _NUMBERISH.finditer(text):
        token = match.group(0)
        if token[0] in "$₩€£¥" or parse_number(token.rstrip(".,")) is None:
            bad.append(token)
    return bad
