"""A digest's words in the reader's language, as plain text, for every renderer to format (and escape)."""

from __future__ import annotations

from bot.digest.structure import Digest, Point
from bot.messages import text

_PERIOD_FORMAT = "%Y-%m-%d %H:%M"


def say(language: str, key: str, /, **values: object) -> str:
    """A digest message from the catalogue (``digest.KEY``), values as they are."""
    return text(language, f"digest.{key}", **values)


def period(digest: Digest) -> str:
    """The period the digest covers, in UTC."""
    start, end = digest.start.strftime(_PERIOD_FORMAT), digest.end.strftime(_PERIOD_FORMAT)
    return say(digest.language, "period", start=start, end=end)


def point_note(language: str, point: Point) -> str:
    """How many outlets carry a point, whether it is new or grew, and whether a source was corrected."""
    tag = say(language, "new") if point.new else say(language, "grown", n=point.grown)
    flag = f"; {say(language, 'corrected')}" if point.corrected else ""
    return f"{say(language, 'outlets', n=point.outlets)}; {tag}{flag}"


def side_lead(language: str, side: str) -> str:
    """What introduces one side of a dispute ("Says: ", "Denies: ", "Account «x»: "); "" when undisputed."""
    if not side:
        return ""
    if side in ("affirmed", "denied"):
        verb = text(language, f"stance.{side}")
        return f"{verb[:1].upper()}{verb[1:]}: "
    return f"{say(language, 'side')} «{side}»: "


def source_note(language: str, name: str, corrected: bool) -> str:
    """A cited source's name, flagged when its article was corrected."""
    return name + (f" ({say(language, 'corrected')})" if corrected else "")
