"""Telegram's sending limits: about 30 messages a second overall and one a second per chat."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Callable


class SendRateLimiter:
    """Admits a send only when no 1-second window can hold more than ``per_second`` of them, nor a chat two.

    Telegram counts arrivals, which fall somewhere between our request and its answer. So a send counts
    from the moment it starts until one second after its answer: if fewer than ``per_second`` sends are in
    flight or answered within the last second, a new one cannot overflow any window, however the network
    jitters. Per chat, the next message starts a second after the previous one was answered.

    Why that suffices: take any 1-second window and, of the sends arriving in it, the one started last.
    Every other one arrived in the window, so it was answered no earlier than the window's start, which
    is less than a second before that last start: each was in flight or recently answered then, so it
    was counted. Hence at most ``per_second`` arrivals in any window, whatever the latency.
    """

    def __init__(
        self,
        *,
        per_second: int = 30,
        per_chat_interval: float = 1.02,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval
        self._clock = clock
        self._answered: deque[float] = deque()
        self._in_flight = 0
        self._changed = asyncio.Condition()
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._paused_until = 0.0

    @contextlib.asynccontextmanager
    async def slot(self, chat_id: int) -> AsyncIterator[None]:
        """Hold one send to ``chat_id``: waits for both limits on entry, records the answer on exit."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self._chat_next.get(chat_id, 0.0) - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._enter()
            try:
                yield
            finally:
                now = self._clock()
                self._chat_next[chat_id] = max(
                    self._chat_next.get(chat_id, 0.0), now + self.per_chat_interval
                )
                async with self._changed:
                    self._in_flight -= 1
                    self._answered.append(now)
                    self._changed.notify_all()
        if len(self._chat_next) > 50_000:
            self._forget_idle(self._clock())

    async def _enter(self) -> None:
        async with self._changed:
            while True:
                now = self._clock()
                if now < self._paused_until:
                    await asyncio.sleep(self._paused_until - now)
                    continue
                while self._answered and now - self._answered[0] >= 1.0:
                    self._answered.popleft()
                if self._in_flight + len(self._answered) < self.per_second:
                    self._in_flight += 1
                    return
                timeout = 1.0 - (now - self._answered[0]) if self._answered else None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram said 429 for this chat: nothing more to it for ``seconds``."""
        until = self._clock() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)

    def hold_all(self, seconds: float) -> None:
        """Pause every send for ``seconds`` (a bot-wide flood wait)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _forget_idle(self, now: float) -> None:
        for chat_id in [c for c, t in self._chat_next.items() if t < now]:
            lock = self._chat_locks.get(chat_id)
            if lock is None or not lock.locked():
                self._chat_next.pop(chat_id, None)
                self._chat_locks.pop(chat_id, None)
