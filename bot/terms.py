"""Keys for the candidate index (the ``terms`` table): the same functions index and query."""

from __future__ import annotations

from bot.text import normalise, stem, strip_article
from bot.translit import consonant_key, name_keys

COMMON_SHARE = 0.05  # a key carried by more than this share of the indexed targets ranks them, never picks


def pick_ceiling(total: int, floor: int) -> float:
    """How many of ``total`` targets one key may be carried by and still pick candidates."""
    return max(floor, COMMON_SHARE * total)


# Function words that say nothing about what a claim is about (normalised forms).
STOPWORDS = frozenset(
    (
        "في من الي علي عن مع ان او ثم بل لا لم لن ما ماذا هل هذا هذه ذلك تلك التي الذي الذين "
        "هو هي هم كان كانت قد كما حيث بعد قبل عند منذ خلال بين ضد عبر حول الا اي كل بعض غير "
        "دون لدي له لها لهم به بها وقد وان فان انه انها و ف ب ل ك اذا لكن حتي ايضا اما وهو "
        "وهي وفي ومن والتي the a an of to in on at for by with from and or but is are was were "
        "be been has have had it its this that these those as not no what who whom which when "
        "where why how did does do about than into over after before says said according also "
        "there their they them he she his her "
        # more function words: particles, pronouns, quantifiers and prepositions that name no topic
        "out up off down would could should might must shall we us our you your me my if so such very "
        "just only then yet each every both either neither own same another here now still even ever inside "
        "already any some all more most other during within without through across among against under "
        "upon via amid despite because since until while although though whether "
        "بشكل الان حاليا لكل بالضبط تحديدا بالتحديد هناك هنا جدا فقط لقد اذ عندما بينما حين حينما كي لكي "
        "سوف تم يتم فيه فيها منه منها منهم عليه عليها عليهم اليه اليها عنه عنها عنهم لديه لديها لديهم "
        "مثل وفق وفقا بحسب حسب حوالي قرابه تقريبا "
    ).split()
)


def content_tokens(text: str) -> list[str]:
    """Normalised tokens that carry meaning (no stopwords, no one-letter tokens)."""
    return [t for t in normalise(text).split() if t not in STOPWORDS and len(t) > 1]


def text_terms(text: str) -> set[str]:
    """Index keys for a piece of text: the light stem of every content token."""
    return {stem(t) for t in content_tokens(text)}


def normalised_terms(normalised: str) -> frozenset[str]:
    """``text_terms`` for text that is already normalised (stored claims): no second normalising pass."""
    return frozenset(stem(t) for t in normalised.split() if t not in STOPWORDS and len(t) > 1)


def name_terms(name: str) -> set[str]:
    """Index keys for a name: each word without the article, and its consonant key ('k:' prefix)."""
    keys: set[str] = set()
    for token in normalise(name).split():
        bare = strip_article(token)
        if len(bare) > 1:
            keys.add(bare)
        skeleton = consonant_key(token)
        if len(skeleton) >= 2:
            keys.add("k:" + skeleton)
    # The words of the other spellings' keys too (Elkarimi -> krm, فضل الله -> fdl): what another
    # article's spelling in the other script will look up.
    keys |= {
        "k:" + word
        for variant in name_keys(name, shortened=True)[1:]
        for word in variant.split()
        if len(word) >= 2
    }
    return keys
