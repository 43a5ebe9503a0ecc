"""Figures in a claim: counts written in digits, Arabic-Indic digits or number words, with what they count.

``figures("لا يقل عن خمسمئة قتيل")`` gives one ``Figure(500, "killed", "min")``. Compound Arabic number
words (ثلاثمئة وأربعة عشر), thousands (12 ألف, ١٢ ألفاً), English number words (three hundred and
fourteen), separators (12,000; 6.8; ١٢٫٥) and qualifiers (at least, about, أكثر من) are read. Two
figures are compared only when they count the same thing (``comparable``) and conflict only when
their ranges do not overlap (``conflict``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.terms import STOPWORDS
from bot.text import normalise, stem

DATA = Path(__file__).with_name("figures.toml")
ABOUT_MARGIN = 0.15  # "about 800" covers 680-920
YEAR_RANGE = (1900, 2100)  # a bare four-digit figure in this range is a year, not a count of things
QUALIFIER_WINDOW = 4  # words before a figure searched for "at least", "نحو"...
PEOPLE = "people"  # the family that a following role word refines ("people killed")
ROLES = frozenset(("killed", "wounded", "missing", "arrested", "displaced"))
ROLE_WINDOW = 3
DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_TOKEN = re.compile(
    rf"(?P<num>[{DIGITS}]+(?:[.,\u066b\u066c][{DIGITS}]+)*)"
    r"|(?P<word>(?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])+)"
    r"|(?P<pct>%)"
    r"|(?P<stop>[,،.;؛:])"
)
BOUNDARY = "|"  # a comma or a full stop in raw text: what follows counts nothing before it
_DIGIT_MAP = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
)

_AR_UNITS = {
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7,
    "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "أحد": 1, "إحدى": 1,
}  # fmt: skip
_AR_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40, "خمسون": 50,
    "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70, "ثمانون": 80, "ثمانين": 80,
    "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_EN_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "ألف": 1000, "ألفا": 1000, "آلاف": 1000, "الآف": 1000, "ألفان": 2000, "ألفين": 2000,
    "مليون": 10**6, "ملايين": 10**6, "مليونا": 10**6, "مليار": 10**9, "مليارات": 10**9,
    "thousand": 1000, "thousands": 1000, "million": 10**6, "millions": 10**6, "billion": 10**9,
}  # fmt: skip
_TEN_WORDS = frozenset(normalise(w) for w in ("عشر", "عشرة"))
_HUNDRED_WORDS = frozenset(normalise(w) for w in ("مئة", "مائة", "hundred"))
_JOINERS = frozenset(("و", "and"))
_ORDERS = {
    normalise(w): v
    for w, v in {
        "عشرات": 10, "العشرات": 10, "مئات": 100, "المئات": 100, "آلاف": 1000, "الآلاف": 1000,
        "dozens": 10, "tens": 10, "hundreds": 100, "thousands": 1000,
    }.items()
}  # fmt: skip
YEAR = "year"


@dataclass(frozen=True)
class Figure:
    """A count in a claim: its value, what it counts (a family or a stem) and how it is qualified."""

    value: float
    unit: str
    bound: str  # exact, min (at least), max (up to), about, order (tens, hundreds)
    known_unit: bool  # the unit is one of the families in figures.toml

    def span(self) -> tuple[float, float]:
        """The range of values the figure allows."""
        if self.bound == "min":
            return (self.value, float("inf"))
        if self.bound == "max":
            return (0.0, self.value)
        if self.bound == "order":  # "dozens", "العشرات": the order of magnitude
            return (self.value, self.value * 10 - 1)
        if self.bound == "about":
            return (self.value * (1 - ABOUT_MARGIN), self.value * (1 + ABOUT_MARGIN))
        return (self.value, self.value)

    def label(self) -> str:
        """How the figure reads as a side of a dispute: '500+', '~800', '314'."""
        text = f"{self.value:g}"
        marks = {"min": f"{text}+", "max": f"≤{text}", "about": f"~{text}", "order": f"{text}s"}
        return marks.get(self.bound, text)


@dataclass(frozen=True)
class _Lexicon:
    numbers: dict[str, float]  # word -> value (units, tens, hundreds)
    units: dict[str, str]  # stem -> family
    phrase_units: dict[tuple[str, ...], str]
    qualifiers: dict[tuple[str, ...], str]
    fillers: frozenset[str]


def _words(spec: str) -> list[tuple[str, ...]]:
    return [tuple(normalise(part) for part in item.split("_")) for item in spec.split()]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    numbers: dict[str, float] = {normalise(k): float(v) for k, v in {**_AR_UNITS, **_AR_TENS}.items()}
    numbers |= {k: float(v) for k, v in _EN_SMALL.items()}
    for word, value in list(_AR_UNITS.items()):
        if 3 <= value <= 9:
            for hundred in ("مئة", "مائة"):
                numbers[normalise(word.rstrip("ة") + hundred)] = float(value * 100)
    for form in ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مائتا"):
        numbers[normalise(form)] = 200.0
    units: dict[str, str] = {}
    phrase_units: dict[tuple[str, ...], str] = {}
    for family, spec in data["units"].items():
        for words in _words(spec):
            if len(words) == 1:
                units[stem(words[0]) if words[0] != "%" else "%"] = family
            else:
                phrase_units[words] = family
    found = [(words, bound) for bound, spec in data["qualifiers"].items() for words in _words(spec)]
    # The longest first: "لا يتجاوز" (at most) ends with "يتجاوز" (more than).
    qualifiers = dict(sorted(found, key=lambda item: -len(item[0])))
    fillers = frozenset(w[0] for w in _words(data["fillers"]["words"]))
    return _Lexicon(numbers, units, phrase_units, qualifiers, fillers)


def parse_digits(literal: str) -> float:
    """A digit literal as a number: '12,000' -> 12000, '6.8' -> 6.8, '١٢٫٥' -> 12.5."""
    text = literal.translate(_DIGIT_MAP).replace("\u066c", ",").replace("\u066b", ".")
    groups = re.split(r"[,]", text)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        text = "".join(groups)
    else:
        text = text.replace(",", ".")
    head, _, tail = text.partition(".")
    return float(f"{head}.{tail.replace('.', '')}") if tail else float(head)


def _tokens(text: str) -> list[str]:
    """Words (normalised), digit literals (prefixed '#') and '%' of raw text, in order."""
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        if match.group("num"):
            out.append("#" + match.group("num"))
        elif match.group("pct"):
            out.append("%")
        elif match.group("stop"):
            out.append(BOUNDARY)
        else:
            word = normalise(match.group("word")).replace(" ", "")
            if word:
                out.append(word)
    return out


def _number_word(word: str) -> str | None:
    """The bare number word in a token ('وأربعة' -> 'اربعه'), or None."""
    lex = _lexicon()
    for candidate in (word, word[1:] if word[:1] in "وف" and len(word) > 2 else ""):
        if candidate and (
            candidate in lex.numbers
            or candidate in _TEN_WORDS
            or candidate in _HUNDRED_WORDS
            or candidate in _SCALE_NORM
        ):
            return candidate
    return None


_SCALE_NORM = {normalise(k): v for k, v in _SCALES.items()}
_ELEVEN = frozenset(normalise(w) for w in ("أحد", "إحدى"))
_THOUSANDS_GROUP = re.compile(r"#\d{3}")
_WEAK = frozenset((0.0, 1.0))  # 'one of', 'واحد من': a pronoun more often than a count


def _read_number(tokens: list[str], i: int) -> tuple[float, int, bool] | None:
    """The number that starts at ``tokens[i]``: (value, index after it, whether written in digits)."""
    lex = _lexicon()
    total, current, seen, digits, j = 0.0, 0.0, False, False, i
    while j < len(tokens):
        tok = tokens[j]
        if tok.startswith("#"):
            if seen:
                break
            current, seen, digits, j = parse_digits(tok[1:]), True, True, j + 1
            while j < len(tokens) and _THOUSANDS_GROUP.fullmatch(tokens[j]) and current.is_integer():
                # "18 000": a space as the thousands separator, or a comma that normalising turned into one.
                current, j = current * 1000 + int(tokens[j][1:]), j + 1
            continue
        if tok in _JOINERS and seen and j + 1 < len(tokens) and _number_word(tokens[j + 1]):
            j += 1
            continue
        if tok in _ELEVEN and j + 1 < len(tokens) and tokens[j + 1] in _TEN_WORDS:
            current, seen, j = current + 11, True, j + 2
            continue
        word = _number_word(tok)
        if word is None:
            break
        if word in _SCALE_NORM:
            total, current = total + max(current, 1.0) * _SCALE_NORM[word], 0.0
        elif word in _HUNDRED_WORDS:
            current = max(current, 1.0) * 100
        elif word in _TEN_WORDS:
            current += 10
        else:
            current += lex.numbers[word]
        seen, j = True, j + 1
    return (total + current, j, digits) if seen else None


def _unit_after(tokens: list[str], j: int) -> tuple[str, bool]:
    """What the figure ending before ``tokens[j]`` counts: (family or stem, whether a known family)."""
    lex = _lexicon()
    while j < len(tokens) and tokens[j] in lex.fillers:
        j += 1
    for size in (3, 2):
        family = lex.phrase_units.get(tuple(tokens[j : j + size]))
        if family:
            return family, True
    if j >= len(tokens) or tokens[j].startswith("#") or tokens[j] in STOPWORDS or tokens[j] == BOUNDARY:
        return "", False
    if tokens[j].startswith("و") and len(tokens[j]) > 3 and _family(tokens[j][1:]) in ROLES:
        return "", False  # "إلى ٦١٢، والجرحى إلى ...": the next count's noun, not this one's
    family = _family(tokens[j])
    if family == PEOPLE:  # "300 people were killed": the people are counted as killed
        for later in tokens[j + 1 : j + 1 + ROLE_WINDOW]:
            role = _family(later)
            if role in ROLES:
                return role, True
    return (family, True) if family else (stem(tokens[j]), False)


def _family(word: str) -> str | None:
    """The unit family a word names ('قتيلا' -> 'killed'), or None."""
    lex = _lexicon()
    for form in (word, word[:-1] if len(word) > 3 and word.endswith("ا") else word):
        family = lex.units.get(stem(form)) or lex.units.get(form)
        if family:
            return family
    return None


def counted_family(word: str) -> str | None:
    """The family of things a word counts ("المفقودين" -> "missing", "dead" -> "killed"), or None."""
    return _family(normalise(word))


def _role_before(tokens: list[str], i: int, unit: str) -> str:
    """'killed at least 40 people': people counted by a role named just before the figure."""
    if unit != PEOPLE:
        return unit
    window = tokens[max(0, i - ROLE_WINDOW - 2) : i]
    return next((r for r in map(_family, window) if r in ROLES), unit)


# Words before a bare figure searched for what it counts ("the death toll ... has risen to 612").
COUNTED_BEFORE_WINDOW = 12


def _counted_before(tokens: list[str], i: int) -> str | None:
    """'ارتفع عدد القتلى إلى ٦١٢', 'the death toll has risen to 612': a bare figure counts the role
    named nearest before it."""
    window = tokens[max(0, i - COUNTED_BEFORE_WINDOW) : i]
    if BOUNDARY in window:
        window = window[len(window) - window[::-1].index(BOUNDARY) :]
    return next((r for r in map(_family, reversed(window)) if r in ROLES), None)


def _bound_before(tokens: list[str], i: int) -> str:
    """'min', 'max' or 'about' when a qualifier ends just before ``tokens[i]``, else 'exact'."""
    for words, bound in _lexicon().qualifiers.items():  # the longest first
        size = len(words)
        if size <= min(i, QUALIFIER_WINDOW) and tuple(tokens[i - size : i]) == words:
            return bound
    return "exact"


def figures(text: str) -> list[Figure]:
    """Every count in ``text`` (raw or normalised), with what it counts and its qualifier."""
    tokens = _tokens(text)
    found: list[Figure] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _ORDERS and (i == 0 or _read_number(tokens, i - 1) is None):
            unit, known = _unit_after(tokens, i + 1)
            unit = _role_before(tokens, i, unit)
            found.append(Figure(float(_ORDERS[tokens[i]]), unit, "order", known))
            i += 1
            continue
        read = _read_number(tokens, i)
        if read is None:
            i += 1
            continue
        value, j, digits = read
        unit, known = _unit_after(tokens, j)
        unit = _role_before(tokens, i, unit)
        if digits and not known and value.is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            unit, known = YEAR, True  # a bare four-digit figure in range is a year
        if not unit:
            counted = _counted_before(tokens, i)
            unit, known = (counted, True) if counted else (unit, known)
        if digits or value not in _WEAK or j - i > 1:
            found.append(Figure(value, unit, _bound_before(tokens, i), known))
        i = max(j, i + 1)
    return found


def comparable(a: Figure, b: Figure) -> bool:
    """Whether two figures count the same thing: the same family, or the same word outside families."""
    return a.unit == b.unit and (a.known_unit or bool(a.unit))


def conflict(a: Figure, b: Figure) -> bool:
    """Whether two comparable figures cannot both be right (their ranges do not overlap)."""
    lo_a, hi_a = a.span()
    lo_b, hi_b = b.span()
    return hi_a < lo_b or hi_b < lo_a
