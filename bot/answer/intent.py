"""What a question asks: its language, intent, focus words, and whether it refers back to the last answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.lexicon import lexicon
from bot.text import language_of, normalise

INTENTS = ("who_is", "what_said", "is_true", "what_happened", "how_many", "where", "when", "why", "disputed")

# Alternatives per intent, tried in order on the normalised question.
_ALTERNATIVES: list[tuple[str, str, list[str]]] = [
    # Who is to blame is where outlets and officials contradict each other most: both sides are wanted.
    ("disputed", "start", [r"who (is|was|are|were) (to blame|responsible)", "who blames", "whose fault",
                           r"من (المسوول|يتحمل المسووليه|يتحمل مسووليه)", "علي من تقع المسووليه",
                           r"(مين|منو|شكون) (المسوول|السبب)"]),
    ("disputed", "anywhere", [r"disput\w*", r"disagree\w*", r"contradict\w*", "conflicting", r"\w*خلاف\w*",
                              "متنازع", r"تناقض\w*", r"يختلف\w*", r"\w*مختلف\w*",
                              r"اختلاف\w*", r"اختلف\w*", r"تختلف\w*", "agree on", "differ"]),
    ("what_said", "anywhere", [r"what (did|does|has|have|do) .*\b(say|said|claim|state)\w*",
                               r"ماذا (قال|قالت|يقول|تقول|صرح|ذكر|اعلن)\w*", r"شو (قال|قالت|بيقول)\w*",
                               r"ما (قال|قالت|يقول)ه?"]),
    ("what_happened", "anywhere", ["what happened", "what is happening", "ماذا حدث", "ماذا يحدث", "شو صار",
                                   "شو عم يصير", "ما الذي حدث"]),
    ("how_many", "start", [r"how (many|much)", "كم", "ما عدد", "قديش", "اديش", "كديش", "قداش", "شحال", "كام",
                           "بكم", "بكام", "شكد", "اشكد", "چم", "جم"]),
    ("when", "start", ["when", r"(at )?what time", r"(في )?اي ساعه", "متي", "امتي", "في اي وقت", "وقتاش",
                       "امتا"]),
    ("where", "start", ["where", "اين", "وين", "فين"]),
    ("why", "start", ["why", "لماذا", "ليش", "ليه", "لم", "علاش", "لويش"]),
    ("who_is", "start", [r"who (is|are|was|were)", r"who (runs|leads|heads|manages|commands|governs|chairs)",
                         "who's", "what is", "what are", "tell me about",
                         "من (هو|هي|هم)", "مين", "منو", "ما (هو|هي)", "ماهي", "ماهو", "من"]),
    ("is_true", "start", ["is it true", "is", "are", "was", "were", "did", "does", "do", "has", "have", "هل",
                          "صحيح"]),
]  # fmt: skip

# "Who runs the locality?", "من يدير المحلية؟": the question asks for the holder of an office.
_LEADER_QUESTION = re.compile(
    r"^(who|whos)\b.*\b(runs?|leads?|heads?|manages?|commands?|governs?|in charge|chairs?)\b"
    r"|^(من|مين|منو)\s+(يقود|تقود|يدير|تدير|يراس|تراس|يتزعم|تتزعم|المسوول عن|يحكم|تحكم)\b"
)


def asks_for_leader(normalised: str) -> bool:
    """Whether a (normalised) question asks who runs, leads or heads something."""
    return bool(_LEADER_QUESTION.search(normalised))


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (intent, re.compile(("^" if where == "start" else r"\b") + "(" + "|".join(alts) + r")\b"))
    for intent, where, alts in _ALTERNATIVES
]

# Question words and filler, removed before matching (normalised forms).
FILLER = frozenset(
    (
        "who whom whose what which when where why how is are was were did does do has have had the a an "
        "tell me about please know you can could would should will it true that there any of its their"
        " many much some all more most been being here into than then so very just also only other in on"
        " at to for by with from and or but this these those say says said tell people persons number"
        " من مين منو ما ماذا شو ايش شنو هل كم اين وين فين متي امتي لماذا ليش ليه كيف هو هي هم"
        " الذي التي صحيح ان عن حول اخبرني قل لي يا بماذا لمن ممن عمن عما مما وماذا فماذا ولماذا عدد"
        # words that frame a question but never name its topic
        " out up off down get gets got getting make makes made making want wants take takes took"
        " still now currently exactly precisely specifically actually really may might must shall can"
        " will we us our i my your him if whether yet ever even already approximately roughly around"
        " nearly almost per each every both such like own same another kind sort thing things something"
        " anything anyone someone way let lets go going gone since until till ago whats"
        " news update updates information details happen happens happened happening"
        # Arabic and dialect: adverbs of time and manner, particles, dialect question words
        " بشكل بالضبط بالزبط تحديدا بالتحديد الان حاليا لكل هناك يوجد توجد فعلا حقا جدا فقط تقريبا حوالي"
        " هلق هلا هسه هسا اسه دلوقتي دلوقت الحين توا يعني بس شي شيء اشي ايه وش ويش شنهو شلون ازاي"
        " كيفاش علاش واش وقتاش اديش كديش قداش قديش شحال كام بكام بكم شكد اشكد چم"
        " اللي ده دي دا هاد هادا هيدا هيدي"
        " عم رح ماهو ماهي معلومات تفاصيل حدث يحدث صار يصير بصير حصل يحصل جرى يجري"
    ).split()
)

# Words that only frame a question of one intent ("at what time", "في اي ساعه"): never its topic.
_FRAME_WORDS = {
    "when": frozenset(normalise(w) for w in "time hour وقت ساعة الساعة".split()),
    "what_said": frozenset(normalise(w) for w in "قال قالت قالوا يقول تقول يقولون صرح صرحت ذكر ذكرت".split()),
}

# "The latest ...", "so far": the newest report answers. Arabic اخر is "latest" only before what it
# qualifies (اخر حصيله); after a noun it means "another" (سبب اخر), so only a leading one counts.
_LATEST_WORDS = frozenset(normalise(w) for w in "latest newest recent current آخر أحدث".split())
_LATEST_LEADING = frozenset(normalise(w) for w in "آخر أحدث".split())
_LATEST_PHRASE = re.compile(
    r"\b(so far|until now|up to now|to date|حتي الان|لحد الان|لغايه الان|حتي اللحظه)\b"
)

_FOLLOW_UP_EN = re.compile(r"\b(he|him|his|she|her|they|them|their|it|its)\b")
_FOLLOW_UP_AR = re.compile(r"(^|\s)(عنه|عنها|عنهم|هو|هي|هم|قاله|قالته|ايضا|كمان)(\s|$)")


@dataclass(frozen=True)
class ParsedQuestion:
    """A question, understood: language, intent, the words that matter, and a possible back-reference."""

    original: str
    normalised: str
    language: str
    intent: str
    focus: tuple[str, ...]  # normalised content words, question words removed
    refers_back: bool
    proper: frozenset[str] = frozenset()  # focus words written with a capital letter (Latin proper nouns)
    latest: bool = False  # asks for the newest account ("the latest toll", "آخر حصيلة", "so far")


def _join_phrasal(tokens: list[str]) -> list[str]:
    """English phrasal verbs as the one word they mean, before their particle is dropped as filler."""
    lex = lexicon()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        meaning = lex.phrasal_verb(tokens[i], tokens[i + 1]) if i + 1 < len(tokens) else None
        if meaning:
            out.append(meaning)
            i += 2
            continue
        # "lost their lives": a verb and its object with a possessive between them
        if i + 2 < len(tokens) and tokens[i + 1] in _POSSESSIVES:
            meaning = lex.phrasal_verb(tokens[i], tokens[i + 2])
        out.append(meaning or tokens[i])
        i += 3 if meaning else 1
    return out


_POSSESSIVES = frozenset("their his her its our my your".split())


def parse_question(question: str) -> ParsedQuestion:
    """Detect language and intent, strip question words and filler."""
    norm = normalise(question)
    intent = "general"
    for name, pattern in _PATTERNS:
        if pattern.search(norm):
            intent = name
            break
    frame = _FRAME_WORDS.get(intent, frozenset())
    words = _LATEST_PHRASE.sub(" ", norm).split()
    focus = tuple(t for t in _join_phrasal(words) if t not in FILLER and t not in frame)
    latest = _asks_latest(norm, focus)
    if latest:
        focus = tuple(t for t in focus if t not in _LATEST_WORDS and t != "most")
    pronoun = _FOLLOW_UP_EN.search(norm) or _FOLLOW_UP_AR.search(norm)
    refers_back = bool(pronoun) or (intent == "what_said" and len(focus) <= 2)
    capitalised = {normalise(w) for w in re.findall(r"\b[A-Z][a-zA-Z'-]+", question)}
    proper = frozenset(w for w in focus if w in capitalised)
    return ParsedQuestion(question, norm, language_of(question), intent, focus, refers_back, proper, latest)


def _asks_latest(norm: str, focus: tuple[str, ...]) -> bool:
    """Whether the question asks for the newest account of something."""
    if _LATEST_PHRASE.search(norm) or (focus and focus[0] in _LATEST_LEADING):
        return True
    return any(t in _LATEST_WORDS and t not in _LATEST_LEADING for t in focus)
