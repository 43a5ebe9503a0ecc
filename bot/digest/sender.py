"""The seam between the delivery engine and Telegram: a Sender and the typed outcomes of one send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.digest.structure import Digest


@dataclass(frozen=True)
class Sent:
    """Telegram accepted the message."""

    message_id: int


@dataclass(frozen=True)
class RetryAfter:
    """Flood control (429): wait ``seconds`` before sending to this chat again."""

    seconds: float


@dataclass(frozen=True)
class Blocked:
    """The bot was blocked, kicked, or the user is deactivated (403): stop writing to this chat."""

    reason: str


@dataclass(frozen=True)
class Migrated:
    """The group became a supergroup with a new chat id: send there instead."""

    new_chat_id: int


@dataclass(frozen=True)
class TransientError:
    """A timeout, a network error or a 5xx: worth retrying later."""

    reason: str


@dataclass(frozen=True)
class PermanentError:
    """A request Telegram will never accept as it is (400 other than migration): fail without retrying."""

    reason: str


SendOutcome = Sent | RetryAfter | Blocked | Migrated | TransientError | PermanentError


class Sender(Protocol):
    """Renders a digest into messages and sends them one by one; the Telegram layer implements it."""

    def render(self, digest: Digest) -> tuple[str, ...]:
        """The messages a chat receives for ``digest``, in the format ``send`` sends."""
        ...

    async def send(self, chat_id: int, html: str) -> SendOutcome:
        """Send ``html`` (Telegram HTML parse mode, link previews off) to ``chat_id``; never raise."""
        ...
