"""Telegram's sending limits: about 30 messages a second overall and one a second per chat."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable


class SendRateLimiter:
    """Spaces sends so no 1-second window holds more than ``per_second`` messages, nor a chat two."""

    def __init__(
        self,
        *,
        per_second: int = 28,
        per_chat_interval: float = 1.05,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # 28 rather than 30, and a little over a second per chat: requests leave a few ms apart from
        # the moment we stamp them, and Telegram counts arrivals, not our intentions.
        self.per_second = per_second
        self.per_chat_interval = per_chat_interval
        self._clock = clock
        self._recent: deque[float] = deque()
        self._global = asyncio.Lock()
        self._chat_next: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._paused_until = 0.0

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message to ``chat_id`` stays within both limits, and count it."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self._chat_next.get(chat_id, 0.0) - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
            async with self._global:
                while True:
                    now = self._clock()
                    if now < self._paused_until:
                        await asyncio.sleep(self._paused_until - now)
                        continue
                    while self._recent and now - self._recent[0] >= 1.0:
                        self._recent.popleft()
                    if len(self._recent) < self.per_second:
                        break
                    await asyncio.sleep(1.0 - (now - self._recent[0]) + 0.001)
                self._recent.append(now)
            self._chat_next[chat_id] = now + self.per_chat_interval
            if len(self._chat_next) > 50_000:
                self._forget_idle(now)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram said 429 for this chat: nothing more to it for ``seconds``."""
        until = self._clock() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)

    def hold_all(self, seconds: float) -> None:
        """A 429 with a long wait usually means the bot as a whole is over the limit: pause everything."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _forget_idle(self, now: float) -> None:
        for chat_id in [c for c, t in self._chat_next.items() if t < now]:
            self._chat_next.pop(chat_id, None)
            lock = self._chat_locks.get(chat_id)
            if lock is not None and not lock.locked():
                self._chat_locks.pop(chat_id, None)
