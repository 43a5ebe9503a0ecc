"""A server that drips its answer a byte at a time cannot hold an ingest past the fetch deadline."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def dripping_server() -> Iterator[str]:
    """An HTTP server on loopback that sends its headers, then one body byte every half second."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn: socket.socket) -> None:
        try:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
            while not stop.is_set():
                conn.sendall(b"<")
                time.sleep(0.5)
        except OSError:
            pass
        finally:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/story.html"
    stop.set()
    thread.join(2)
    listener.close()


@pytest.mark.parametrize("command", [["ingest"], ["feeds", "add"]], ids=["ingest", "feeds add"])
def test_a_dripping_page_stops_at_the_deadline(
    dripping_server: str, sqlite_url: str, command: list[str]
) -> None:
    env = dict(os.environ, BRIEFING_DATABASE_URL=sqlite_url, BRIEFING_FETCH_DEADLINE_SECONDS="2")
    if command[0] == "feeds":  # only ingest creates a database
        subprocess.run([sys.executable, "-c", "from bot.cli import main; main()", "db", "upgrade"], env=env)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *command, dripping_server],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr[-1000:]
    assert "took longer than 2s in all" in result.stderr
    assert elapsed < 30  # process start and the migration included; the fetch itself stops at 2 s
