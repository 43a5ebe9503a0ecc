"""No name from the shared evaluation stories is written into the product (bot/, handlers/, storage/).

The stories under ../shared/eval/stories measure how the bot copes with news it has never seen; a
person, outlet, body or invented place from them that turns up in a gazetteer, a lexicon or a rule
would make the score say more than the bot knows. The names come from the stories' own question files
(the ``entities`` alias lists), so nothing from the stories is repeated here. Only world knowledge is
let through: countries, capitals and cities, international bodies, and real national institutions
named by what they are (a finance ministry, a central bank), listed in ``WORLD_KNOWLEDGE`` below.
The repository's own hold-out stories (bench/stories) are checked the same way, always; the shared
ones are skipped where ../shared is not present.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
STORIES = SHARED / "eval" / "stories"
HOLD_OUT = REPO / "bench" / "stories"
PACKAGES = ("bot", "handlers", "storage")

needs_stories = pytest.mark.skipif(
    not STORIES.is_dir(), reason="../shared/eval/stories is not present on this machine"
)

# Aliases that are world knowledge, not something the stories taught: any bot may know them.
WORLD_KNOWLEDGE = {
    # countries, capitals and cities
    "الأردن", "Jordan", "العراق", "Iraq", "إيران", "Iran", "تونس", "Tunisia", "Tunis",
    "عمّان", "Amman", "بغداد", "Baghdad", "معان", "Maan", "جنيف", "Geneva",
    # international bodies and their acronyms
    "صندوق النقد الدولي", "صندوق النقد", "IMF", "International Monetary Fund",
    "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية", "أوتشا", "OCHA",
    "UN Office for the Coordination of Humanitarian Affairs", "UN humanitarian office",
    "المركز الأوروبي المتوسطي لرصد الزلازل", "European-Mediterranean Seismological Centre", "EMSC",
    # real national institutions, named by what they are
    "وزارة المالية", "finance ministry", "مديرية الأمن العام", "الأمن العام",
    "البنك المركزي الأردني", "Central Bank of Jordan", "وزارة الموارد المائية", "الموارد المائية",
    "Ministry of Water Resources", "الهيئة العامة للأنواء الجوية والرصد الزلزالي",
    "Iraq's seismological authority", "لجنة تسعير المشتقات النفطية", "لجنة التسعير",
    "الحماية المدنية", "civil protection service", "الديوانة", "customs",
    "الدفاع المدني", "civil defence",
}  # fmt: skip

# A single word shorter than this says nothing about a story (نبض, LWS): it is not checked.
MIN_SINGLE_WORD = 4

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_NOT_WORD = re.compile(r"[\W_]+")
# One Arabic proclitic may be glued to a name: و, ف, ب, ل, ك (والبرزنجي, لهيلان).
_PROCLITIC = "(?:[وفبلك])?"


def fold(text: str) -> str:
    """Light normalisation: no diacritics or tatweel, one alef, ى→ي, ة→ه, casefold, punctuation → space."""
    text = _DIACRITICS.sub("", text).translate(_LETTERS).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class StoryName:
    alias: str
    entity: str
    story: str


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    name: StoryName
    text: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.name.alias!r} ({self.name.story} entity {self.name.entity!r})"
            f" in: {self.text.strip()[:120]}"
        )


def story_names(stories: Path) -> dict[str, StoryName]:
    """Every checked alias of every story, by its folded form."""
    allowed = {fold(word) for word in WORLD_KNOWLEDGE}
    names: dict[str, StoryName] = {}
    for questions in sorted(stories.glob("*_questions.json")):
        story = questions.name.removesuffix("_questions.json")
        entities = json.loads(questions.read_text(encoding="utf-8")).get("entities", {})
        for entity, aliases in entities.items():
            for alias in aliases:
                key = fold(alias)
                if not key or key in allowed or (" " not in key and len(key) < MIN_SINGLE_WORD):
                    continue
                names.setdefault(key, StoryName(alias, entity, story))
    return names


def name_pattern(names: dict[str, StoryName]) -> re.Pattern[str]:
    """One pattern for all names, longest first, each a whole word or phrase of the folded text."""
    alternatives = []
    for key in sorted(names, key=len, reverse=True):
        phrase = re.escape(key).replace(r"\ ", " ")
        prefix = _PROCLITIC if re.match(r"[\u0600-\u06ff]", key) else ""
        alternatives.append(prefix + phrase)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def package_files(root: Path) -> list[Path]:
    """Every file of the product packages, code and data alike, without caches."""
    files = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}:
                files.append(path)
    return files


def offences(root: Path, names: dict[str, StoryName]) -> list[Offence]:
    pattern = name_pattern(names)
    found = []
    for path in package_files(root):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue  # not a text file
        for number, line in enumerate(lines, start=1):
            for match in pattern.finditer(fold(line)):
                matched = match.group(0)
                key = matched if matched in names else matched[1:]
                found.append(Offence(str(path.relative_to(root)), number, names[key], line))
    return found


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("إنغريد سولبرغ", "انغريد سولبرغ"),
        ("نوزادُ البرزنجيّ", "نوزاد البرزنجي"),
        ("الـمـحـافظة", "المحافظه"),
        ("Nawzad al-Barzanji", "nawzad al barzanji"),
        ("KANI_ZARD", "kani zard"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_names_match_whole_words_only() -> None:
    names = {fold(a): StoryName(a, "e", "s") for a in ["البرزنجي", "Kani Zard", "Hartmann"]}
    pattern = name_pattern(names)
    assert pattern.search(fold("قال والبرزنجي"))
    assert pattern.search(fold("KANI_ZARD = 1"))
    assert pattern.search(fold('"kani-zard"'))
    assert not pattern.search(fold("Hartmanns"))
    assert not pattern.search(fold("sokani zardo"))


@pytest.mark.parametrize(
    "stories",
    [pytest.param(STORIES, id="shared", marks=needs_stories), pytest.param(HOLD_OUT, id="hold-out")],
)
def test_no_story_name_in_the_product(stories: Path) -> None:
    names = story_names(stories)
    assert names, f"no entity aliases found under {stories}"
    found = offences(REPO, names)
    for offence in found:
        print(offence)
    assert not found, f"{len(found)} story names in the product:\n" + "\n".join(map(str, found))
