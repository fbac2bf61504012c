"""Korean questions: what they ask for, won amounts written the Korean way, and reply words."""

from __future__ import annotations

import re
import unicodedata

# Hangul syllables, jamo and compatibility jamo: any of them makes a question Korean.
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Checked in order; the first kind whose pattern matches wins.
_KINDS = (
    ("time", r"언제|몇\s*년도|어느\s*(해|연도|시기)|시기|날짜|일정"),
    ("duration", r"얼마\s*동안|몇\s*(년|개월|달)\s*(간|동안)?|기간"),
    ("share", r"퍼센트|%|비율|비중|한도|상한|몇\s*프로"),
    ("count", r"몇\s*(개|가지|명|곳|건|종)|몇"),
    ("money", r"얼마|예산|금액|비용|자금|투자액|규모|달러|원화|원으로"),
    ("place", r"어디(?!에\s*(쓰|사용))|어느\s*(도시|지역|나라|곳)"),
    ("name", r"누구|누가|어느\s*(기관|회사|기업|대학|대학교)|무슨\s*(기관|회사|대학)|이름"),
)  # fmt: skip
_OLD = re.compile(r"이전|전에는|전에|예전|원래|기존|종전")
_NEW = re.compile(
    r"지금|이제|새로|새\s|앞으로|변경\s*후|바뀐\s*후|현재|(으로|로)\s*(늘어|확대|오르|올라|인상|상향)"
)
_CHANGE = re.compile(r"변화|바뀌|변경|얼마나\s*(늘|오르|올라)|인상|상향")
_ENDING = re.compile(r"끝나|종료|완료|마무리|마치")
_USD = re.compile(r"달러|불\b|usd|\$", re.I)
_KRW = re.compile(r"원화|(?<![가-힣])원(?=으로|$|[\s?.,)])|\d\s*원")
# Korean words of this domain and the English words the articles use for them: they let the
# figure matcher find the subject in an English sentence ("보스턴" -> "Boston").
GLOSSARY = {
    "보스턴": "Boston", "코리아": "Korea", "한국": "Korea", "프로젝트": "project",
    "반도체": "semiconductor", "디스플레이": "display", "배터리": "battery",
    "이차전지": "battery", "바이오": "biotech", "제약": "pharmaceutical",
    "클러스터": "cluster", "산업단지": "industrial zones", "특화단지": "specialized zones",
    "해외": "overseas", "공동": "joint", "연구": "research", "하버드": "Harvard",
    "벤처": "venture", "외부": "external", "자산": "assets", "펀드": "fund",
    "지주회사": "holding companies", "세제": "tax", "기술": "technologies", "양자": "quantum",
    "원자력": "nuclear", "우주": "space", "스타트업": "startups", "대기업": "corporations",
    "타당성": "feasibility", "서울": "Seoul", "항체": "antibody", "인공지능": "intelligence",
    "전략": "strategic", "의료": "medical", "첨단": "advanced", "신청": "applications",
}  # fmt: skip
_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
# A number written with Korean units: "864억", "2조 2천억", "1.8조", "123만 4567".
_AMOUNT = re.compile(r"\d[\d.,]*(?:\s?[천백십조억만]+(?:\s?\d[\d.,]*)?)+(?:\s?원)?|\d[\d.,]*\s?원")
_PART = re.compile(r"(\d[\d.,]*)?\s?([천백십조억만]|원)?")


def normalise(text: str) -> str:
    """Full-width digits and punctuation made plain: "１．８조" -> "1.8조"."""
    return unicodedata.normalize("NFKC", text)


def is_korean(text: str) -> bool:
    """Whether `text` has any Hangul in it (syllables or stray jamo)."""
    return bool(_HANGUL.search(text))


def strip_particle(word: str) -> str:
    """A Latin-script word without the Korean particle written onto it: "CVC가" -> "CVC"."""
    return _HANGUL.split(word, maxsplit=1)[0]


def korean_kind(text: str) -> str | None:
    """The kind of figure a Korean question asks for: "예산은 얼마입니까?" -> "money"."""
    return next((kind for kind, pattern in _KINDS if re.search(pattern, text)), None)


def korean_role(text: str) -> str:
    """ "old" for 이전/전에, "new" for 지금/이제/새, else ""."""
    return "old" if _OLD.search(text) else "new" if _NEW.search(text) else ""


def korean_currency(text: str) -> str:
    """ "USD" for 달러, "KRW" for 원 as a currency (not the 원 inside 지원 or 연구원)."""
    return "USD" if _USD.search(text) else "KRW" if _KRW.search(text) else ""


def korean_change(text: str) -> bool:
    """Whether a Korean question asks how a figure changes."""
    return bool(_CHANGE.search(text))


def korean_ending(text: str) -> bool:
    """Whether a Korean question asks when something ends."""
    return bool(_ENDING.search(text))


def english_subject(text: str) -> str:
    """English words for the Korean words of this domain in `text`: "보스턴 예산" -> "Boston"."""
    return " ".join(english for korean, english in GLOSSARY.items() if korean in text)


def korean_amounts(text: str) -> list[tuple[str, float | None]]:
    """Numbers written with Korean units, as found and as values: "864억 원" -> 8.64e10;
    a value is None when the amount cannot be read ("1.2.3억")."""
    found = []
    for match in _AMOUNT.finditer(normalise(text)):
        written = match.group(0).strip()
        if any(unit in written for unit in (*_UNITS, *_SMALL, "원")):
            found.append((written, parse_korean_number(written)))
    return found


def parse_korean_number(text: str) -> float | None:
    """ "2조 2천억 원" -> 2.2e12, "1.8조" -> 1.8e12, "123만 4567" -> 1234567; None if unreadable."""
    total = group = 0.0
    pending: float | None = None
    for digits, unit in _PART.findall(normalise(text).replace(" ", "")):
        if digits:
            if pending is not None:
                return None  # two numbers in a row
            try:
                pending = float(digits.replace(",", ""))
            except ValueError:
                return None
        if unit in _SMALL:
            group += (1.0 if pending is None else pending) * _SMALL[unit]
            pending = None
        elif unit in _UNITS:
            group += pending or 0.0
            if not group:
                return None
            total += group * _UNITS[unit]
            group, pending = 0.0, None
    return total + group + (pending or 0.0)


def format_korean_won(value: float) -> str | None:
    """A won amount written the Korean way: 8.64e10 -> "864억 원", 2.2e12 -> "2조 2천억 원";
    None for amounts that are not a positive whole number of won."""
    amount = round(value)
    if amount <= 0 or abs(amount - value) > 1e-6 * value:
        return None
    parts = []
    for unit, size in (*_UNITS.items(), ("", 1)):
        group, amount = divmod(amount, size)
        if group:
            parts.append(_group(group) + unit)
    return " ".join(parts) + " 원"


def _group(n: int) -> str:
    """One four-digit group: 2000 -> "2천", 864 -> "864", 2500 -> "2500"."""
    return f"{n // 1000}천" if n % 1000 == 0 else str(n)


# A follow-up leans on the turn before: a lead-in ("그럼"), a pronoun ("그것", "거기"), or
# hardly any words of its own ("달러로는?", "이전에는?").
_FOLLOW_UP = re.compile(
    r"^\s*(그럼|그러면|그리고|그건|그거|그것|또|또한|이건|거기|그\s)|그것|그거|거기"
)
_ROLE_TAIL = re.compile(r"\s*(이전에는|지금은|달러로는|원화로는)\?*$")
FOLLOW_UP_MARK = "—"


def is_korean_follow_up(text: str) -> bool:
    """ "그럼 달러로는?", "이전에는?", "그건 언제인가요?": a question that needs the one before."""
    return bool(_FOLLOW_UP.search(text)) or len(re.findall(r"[\w%$]+", text)) <= 1


def strip_follow_up(standalone: str) -> str:
    """A rewritten question without the follow-up added to it, ready for another."""
    base = standalone.split(f" {FOLLOW_UP_MARK} ")[0]
    return _ROLE_TAIL.sub("", base).rstrip("?").strip()


ABSTAIN = "기사에는 나와 있지 않습니다."
CLOSEST = "가장 가까운 구절은 [1]이지만, 이 질문에 대한 답은 아닙니다."
CURRENCY_NAMES = {"USD": "달러", "KRW": "원화"}
