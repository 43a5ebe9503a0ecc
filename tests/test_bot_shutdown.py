"""`briefing run` exits within 5 s of SIGINT or SIGTERM whatever is in flight (real process, fake Bot API)."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fake_bot_api import FakeBotApi
from test_digest_stops import SEND_DELAY, _big_day, _rows_by_chat, _texts
from test_telegram_corpus import seed
from test_telegram_run import _start

from storage import open_database

STOP_WITHIN = 5.0  # what the issue asks
ADMIN = 1001  # the fake API's default private chat and user


class Drip:
    """An HTTP server on loopback that sends its headers, then one body byte every half second, forever."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.connected = threading.Event()
        self.stopped = threading.Event()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/story.html"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
            self.connected.set()
            while not self.stopped.is_set():
                conn.sendall(b"<")
                time.sleep(0.5)
        except OSError:
            pass
        finally:
            conn.close()


@pytest.fixture
def drip() -> Iterator[Drip]:
    server = Drip()
    yield server
    server.stopped.set()
    server.listener.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_the_bot_exits_within_5_s_of_a_signal_during_a_slow_ingest(
    sqlite_url: str, drip: Drip, sig: signal.Signals
) -> None:
    database = open_database(sqlite_url)
    seed(database)  # not empty: no sample corpus to load at start
    database.dispose()
    async with FakeBotApi() as api:
        # The fetch deadline stays at its default (60 s): the signal must not wait for it.
        process = await _start(api, sqlite_url, admin_ids=str(ADMIN))
        try:
            await api.wait_for("getUpdates", timeout=60)
            api.queue_message(f"/ingest {drip.url}", chat_id=ADMIN)
            await api.wait_for("sendMessage", timeout=30)  # "fetching ..."
            assert await asyncio.to_thread(drip.connected.wait, 30), "the bot never fetched the page"
            sent = time.monotonic()
            process.send_signal(sig)
            try:
                _, stderr = await asyncio.wait_for(process.communicate(), 30)
            except TimeoutError:
                process.kill()
                _, stderr = await process.communicate()
            took = time.monotonic() - sent
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    log = stderr.decode(errors="replace")
    assert took < STOP_WITHIN, f"{sig.name}: exited after {took:.1f} s\n{log[-2000:]}"
    assert process.returncode == 0, log[-2000:]
    assert "Traceback" not in log, log[-3000:]


async def test_the_bot_exits_within_5_s_of_sigterm_while_delivering_digests(sqlite_url: str) -> None:
    _big_day(sqlite_url)  # sixty chats due a digest of two messages
    async with FakeBotApi() as api:
        api.fail("sendMessage", status=None, delay=SEND_DELAY, times=None)
        process = await _start(api, sqlite_url)
        try:
            await api.wait_for("sendMessage", 10, timeout=60)  # the minute job is delivering
            sent = time.monotonic()
            process.send_signal(signal.SIGTERM)
            try:
                _, stderr = await asyncio.wait_for(process.communicate(), 30)
            except TimeoutError:
                process.kill()
                _, stderr = await process.communicate()
            took = time.monotonic() - sent
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        accepted = _texts(api)
    log = stderr.decode(errors="replace")
    assert took < STOP_WITHIN, f"exited after {took:.1f} s\n{log[-2000:]}"
    assert process.returncode == 0, log[-2000:]
    rows = _rows_by_chat(sqlite_url)
    assert {r.state for r in rows.values()} <= {"sent", "pending"}, "nothing is left 'sending'"
    assert any(r.state == "pending" for r in rows.values()), "the signal came while delivering"
    for chat, texts in accepted.items():
        assert rows[chat].parts_sent == len(texts), f"chat {chat}: every accepted message is recorded"
