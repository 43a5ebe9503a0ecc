"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real python-telegram-bot stack.

It speaks the Bot API's HTTP protocol (``POST /bot<token>/<method>``, form or JSON parameters, the
``{"ok": ..., "result": ...}`` envelope), records every call, serves queued updates through long-polling
``getUpdates``, checks HTML parse mode and the 4,096-character limit like Telegram does, and fails on
demand (429 with ``retry_after``, 403, 5xx, 400 with ``migrate_to_chat_id``, 409 Conflict, slow answers).

Use it from an async test (pytest-asyncio)::

    from fake_bot_api import FakeBotApi          # tests/ is on sys.path under pytest

    async with FakeBotApi(token="123:ABC") as api:
        settings = load_settings(telegram_token=api.token, telegram_api_url=api.base_url)
        ...                                      # start the bot against api.base_url
        api.queue_message("hello", chat_id=42)  # a user writes to the bot
        [call] = await api.wait_for("sendMessage")
        assert call.params["chat_id"] == 42 and "hello" in call.params["text"]

or from synchronous code (a subprocess test, a benchmark) with ``with FakeBotApi().in_thread() as api:``.

Failures and limits::

    api.fail("sendMessage", status=429, retry_after=2)             # the next sendMessage answers 429
    api.fail("sendMessage", status=403, chat_id=7, times=None)     # chat 7 blocked the bot, for ever
    api.fail("sendMessage", status=500, times=3)                   # three 500s, then success
    api.fail("sendMessage", status=400, chat_id=-5, migrate_to_chat_id=-1005)   # group upgraded
    api.fail("getUpdates", status=409)                             # another poller holds the token
    api.fail("sendMessage", delay=3.0)                             # answer normally, 3 s late
    api.enforce_limits(global_per_second=30, per_chat_per_second=1)  # Telegram's limits; see api.rate_limited

Inspect ``api.calls`` (every :class:`Call`, failed ones too, in arrival order), ``api.calls_to(method)``,
``api.sent_texts(chat_id)`` (texts Telegram accepted), ``api.sent_photos(chat_id)`` (the bytes of photos
uploaded with sendPhoto, as multipart files), ``api.rate_limited`` (429s caused by the limits).
"""

from __future__ import annotations

import asyncio
import contextlib
import html.parser
import itertools
import json
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Parameters that are plain strings even when they look like JSON ("123", "[1]", "true").
TEXT_PARAMS = frozenset(
    {
        "text",
        "caption",
        "data",
        "query",
        "description",
        "short_description",
        "name",
        "title",
        "url",
        "secret_token",
        "callback_query_id",
        "inline_message_id",
        "language_code",
        "parse_mode",
        "message_text",
    }
)
# Methods that post something into a chat: these count against Telegram's flood limits.
SENDING_PREFIXES = ("send", "edit", "copy", "forward")
# Tags Telegram accepts in HTML parse mode (https://core.telegram.org/bots/api#html-style).
HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
PHOTO_SIZES = (90, 320, 800, 1280)  # the widths Telegram keeps of an uploaded photo, at most
_BARE_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);)")
_BARE_LT = re.compile(r"<(?!/?[a-zA-Z][a-zA-Z-]*(?:\s[^<>]*)?>)")

DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Call:
    """One request the server received: method, decoded parameters, and how it was answered."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() on arrival
    status: int = 200
    result: Any = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")


@dataclass
class Failure:
    """A programmed failure: the next ``times`` matching calls get this answer (None = every call)."""

    method: str
    status: int | None = 429
    times: int | None = 1
    chat_id: int | str | None = None
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    description: str | None = None
    delay: float = 0.0

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method != method or self.times == 0:
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)


@dataclass
class _Limits:
    global_per_second: int
    per_chat_per_second: int
    global_window: deque[float] = field(default_factory=deque)
    chat_windows: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))


class _HTMLChecker(html.parser.HTMLParser):
    """Telegram's HTML rules: known tags only, properly nested and closed; counts the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.visible: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            self.error = self.error or f'unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'can\'t find end tag corresponding to start tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.visible.append(data)


def check_html(text: str) -> tuple[str | None, str]:
    """(error or None, the visible text) for a message sent with parse_mode HTML."""
    checker = _HTMLChecker()
    checker.feed(text)
    checker.close()
    if checker.error is None and checker.stack:
        checker.error = f'can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    # A bare '&' or '<' that is not part of an entity or a tag is an error on Telegram's side too.
    if checker.error is None and _BARE_AMP.search(text):
        checker.error = "unsupported HTML entity: a bare '&' must be written &amp;"
    if checker.error is None and _BARE_LT.search(text):
        checker.error = "unsupported start tag: a bare '<' must be written &lt;"
    return checker.error, "".join(checker.visible)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the way Telegram counts message length."""
    return len(text.encode("utf-16-le")) // 2


class FakeBotApi:
    """The fake server; see the module docstring for a tour."""

    def __init__(
        self,
        token: str = "123456789:TEST-token_for_the_fake_server",
        *,
        bot_id: int = 123456789,
        username: str = "briefing_test_bot",
        first_name: str = "Briefing",
    ) -> None:
        self.token = token
        self.bot_user = {"id": bot_id, "is_bot": True, "first_name": first_name, "username": username}
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.rate_limited = 0
        self.chat_admins: dict[int, set[int]] = {}  # getChatMember answers "administrator" for these
        self.port = 0
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._callback_ids = itertools.count(1)
        self._limits: _Limits | None = None
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False

    # --- lifecycle ---------------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What to pass as the Application's base_url (BRIEFING_TELEGRAM_API_URL); the token follows it."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # release pending long polls so shutdown does not wait for their timeout
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def in_thread(self) -> Iterator[FakeBotApi]:
        """Run the server on its own event loop in a daemon thread, for synchronous callers."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()

        thread = threading.Thread(target=serve, name="fake-bot-api", daemon=True)
        thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Bot API server did not start within 10 s")
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()

    # --- programming the server --------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        status: int | None = 429,
        times: int | None = 1,
        chat_id: int | str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        description: str | None = None,
        delay: float = 0.0,
    ) -> Failure:
        """Make the next ``times`` calls of ``method`` (for ``chat_id`` if given) fail; times=None: always.

        ``status=None`` with a ``delay`` answers normally but late (to provoke client timeouts).
        A 429 defaults to ``retry_after=1``; ``migrate_to_chat_id`` makes a 400 "group upgraded" answer.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        failure = Failure(method, status, times, chat_id, retry_after, migrate_to_chat_id, description, delay)
        self.failures.append(failure)
        return failure

    def clear_failures(self) -> None:
        self.failures.clear()

    def enforce_limits(self, *, global_per_second: int = 30, per_chat_per_second: int = 1) -> None:
        """Answer 429 (and count it in ``rate_limited``) when sends exceed these per-second limits."""
        self._limits = _Limits(global_per_second, per_chat_per_second)

    def queue_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (``update_id`` is added); returns the update id."""
        update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._notify()
        return int(update["update_id"])

    def queue_message(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "en",
        first_name: str = "Test",
        reply_to_bot: bool = False,
        reply_to_message_id: int | None = None,
    ) -> int:
        """Queue a user's text message; commands and @mentions get their entities as Telegram sends them."""
        user_id = user_id if user_id is not None else (chat_id if chat_id > 0 else 5001)
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "Test group"
        message: dict[str, Any] = {
            "message_id": next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to_bot or reply_to_message_id is not None:
            message["reply_to_message"] = {
                "message_id": reply_to_message_id or 1,
                "date": int(time.time()),
                "chat": chat,
                "from": self.bot_user,
                "text": "an earlier answer",
            }
        return self.queue_update({"message": message})

    def queue_callback(
        self,
        data: str,
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        message_id: int = 1,
        message_text: str = "an earlier answer",
        language_code: str | None = "en",
        chat_type: str = "private",
        reply_markup: dict[str, Any] | None = None,
    ) -> int:
        """Queue a press on an inline button with ``data`` under the bot's message ``message_id``
        (whose keyboard, as Telegram sends it back, is ``reply_markup``)."""
        user_id = user_id if user_id is not None else (chat_id if chat_id > 0 else 5001)
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Test"}
        if language_code:
            user["language_code"] = language_code
        query = {
            "id": str(next(self._callback_ids)),
            "from": user,
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": chat_type},
                "from": self.bot_user,
                "text": message_text,
                **({"reply_markup": reply_markup} if reply_markup else {}),
            },
        }
        return self.queue_update({"callback_query": query})

    # --- inspecting --------------------------------------------------------------------------------------

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Calls of ``method`` so far, optionally only the accepted (ok=True) or refused (ok=False) ones."""
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def sent_photos(self, chat_id: int | None = None) -> list[bytes]:
        """The files of photos Telegram accepted (sendPhoto uploads), oldest first."""
        return [
            c.params["photo"]
            for c in self.calls_to("sendPhoto", ok=True)
            if isinstance(c.params.get("photo"), bytes)
            and (chat_id is None or str(c.chat_id) == str(chat_id))
        ]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of messages Telegram accepted (sendMessage and editMessageText), oldest first."""
        return [
            str(c.params.get("text", ""))
            for c in self.calls
            if c.ok
            and c.method in ("sendMessage", "editMessageText")
            and (chat_id is None or str(c.chat_id) == str(chat_id))
        ]

    async def wait_for(
        self, method: str, count: int = 1, *, timeout: float = 10.0, ok: bool | None = True
    ) -> list[Call]:
        """Wait until ``count`` calls of ``method`` arrived (accepted ones by default); return them all."""
        assert self._changed is not None, "start the server first"
        deadline = time.monotonic() + timeout
        async with self._changed:
            while len(self.calls_to(method, ok=ok)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls]
                    raise TimeoutError(f"{count} x {method} not seen within {timeout} s; calls: {seen}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)
        return self.calls_to(method, ok=ok)

    def wait_for_sync(self, method: str, count: int = 1, *, timeout: float = 10.0) -> list[Call]:
        """``wait_for`` from another thread, when the server runs ``in_thread``."""
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(self.wait_for(method, count, timeout=timeout), self._loop)
        return future.result(timeout + 5)

    # --- serving -----------------------------------------------------------------------------------------

    def _notify(self) -> None:
        if self._loop is None or self._changed is None:
            return

        async def notify() -> None:
            assert self._changed is not None
            async with self._changed:
                self._changed.notify_all()

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            self._loop.create_task(notify())
        else:
            asyncio.run_coroutine_threadsafe(notify(), self._loop)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        call = Call(method, params, time.monotonic())
        self.calls.append(call)
        self._notify()  # a test may wait for the call to arrive (a long poll answers much later)
        try:
            if request.match_info["token"] != self.token:
                return self._error(call, 401, "Unauthorized")
            failure = next((f for f in self.failures if f.matches(method, params)), None)
            if failure is not None:
                if failure.times is not None:
                    failure.times -= 1
                if failure.delay:
                    await asyncio.sleep(failure.delay)
                if failure.status is not None:
                    return self._failure(call, failure)
            if self._limits is not None and method.startswith(SENDING_PREFIXES) and self._over_limit(params):
                self.rate_limited += 1
                return self._error(call, 429, DESCRIPTIONS[429].format(retry_after=1), {"retry_after": 1})
            if method == "getUpdates":
                return self._ok(call, await self._get_updates(params))
            return self._answer(call, method, params)
        finally:
            self._notify()

    def _over_limit(self, params: dict[str, Any]) -> bool:
        limits = self._limits
        assert limits is not None
        now = time.monotonic()
        chat = limits.chat_windows[str(params.get("chat_id"))]
        for window in (limits.global_window, chat):
            while window and now - window[0] >= 1.0:
                window.popleft()
        if len(limits.global_window) >= limits.global_per_second or len(chat) >= limits.per_chat_per_second:
            return True
        limits.global_window.append(now)
        chat.append(now)
        return False

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        assert self._changed is not None
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        # Updates below the offset are confirmed: Telegram forgets them.
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0:
            deadline = time.monotonic() + timeout
            async with self._changed:
                while not self._updates and not self._closing and time.monotonic() < deadline:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
        return self._updates[:limit]

    def _answer(self, call: Call, method: str, params: dict[str, Any]) -> web.Response:
        if method == "getMe":
            return self._ok(call, self.bot_user)
        if method in ("sendMessage", "editMessageText"):
            text = str(params.get("text", ""))
            visible = text
            if str(params.get("parse_mode", "")).upper() == "HTML":
                error, visible = check_html(text)
                if error:
                    return self._error(call, 400, f"Bad Request: can't parse entities: {error}")
            if not visible.strip():
                return self._error(call, 400, "Bad Request: message text is empty")
            if utf16_len(visible) > MAX_TEXT_UTF16:
                return self._error(call, 400, "Bad Request: message is too long")
            return self._ok(call, self._message(method, params))
        if method == "sendPhoto":
            photo = params.get("photo")
            if not isinstance(photo, bytes) or not photo:
                return self._error(call, 400, "Bad Request: there is no photo in the request")
            if utf16_len(str(params.get("caption", ""))) > MAX_CAPTION_UTF16:
                return self._error(call, 400, "Bad Request: message caption is too long")
            return self._ok(call, self._message(method, params))
        if method == "getChatMember":
            # Group administrators are whoever a test lists in ``chat_admins[chat_id]``.
            user_id = int(params.get("user_id", 0))
            admins = self.chat_admins.get(int(params.get("chat_id", 0)), set())
            status = "administrator" if user_id in admins else "member"
            member: dict[str, Any] = {
                "status": status,
                "user": {"id": user_id, "is_bot": False, "first_name": "T"},
            }
            if status == "administrator":
                member.update(
                    {
                        k: True
                        for k in (
                            "can_be_edited",
                            "is_anonymous",
                            "can_manage_chat",
                            "can_delete_messages",
                            "can_manage_video_chats",
                            "can_restrict_members",
                            "can_promote_members",
                            "can_change_info",
                            "can_invite_users",
                            "can_post_stories",
                            "can_edit_stories",
                            "can_delete_stories",
                        )
                    }
                )
            return self._ok(call, member)
        if method == "getWebhookInfo":
            return self._ok(call, {"url": "", "has_custom_certificate": False, "pending_update_count": 0})
        if method == "getMyCommands":
            return self._ok(call, [])
        # answerCallbackQuery, setMyCommands, deleteWebhook, setWebhook, sendChatAction, ...
        return self._ok(call, True)

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message_id = (
            int(params["message_id"]) if method == "editMessageText" else next(self._message_ids[chat_id])
        )
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": self.bot_user,
            "text": params.get("text", ""),
        }
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        if method == "sendPhoto":
            del message["text"]
            message["caption"] = params.get("caption", "")
            message["photo"] = [
                {
                    "file_id": f"photo-{chat_id}-{message_id}-{width}",
                    "file_unique_id": f"p{chat_id}{message_id}{width}",
                    "width": width,
                    "height": width,
                    "file_size": len(params["photo"]),
                }
                for width in PHOTO_SIZES
            ]
        return message

    def _failure(self, call: Call, failure: Failure) -> web.Response:
        status = failure.status
        assert status is not None
        parameters: dict[str, Any] = {}
        if failure.retry_after is not None:
            parameters["retry_after"] = failure.retry_after
        if failure.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = failure.migrate_to_chat_id
        description = failure.description
        if description is None:
            if failure.migrate_to_chat_id is not None:
                description = "Bad Request: group chat was upgraded to a supergroup chat"
            else:
                description = DESCRIPTIONS.get(status, f"Error {status}").format(
                    retry_after=failure.retry_after
                )
        return self._error(call, status, description, parameters or None)

    def _ok(self, call: Call, result: Any) -> web.Response:
        call.result = result
        return web.json_response({"ok": True, "result": result})

    def _error(
        self, call: Call, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        call.status = status
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        call.result = body
        return web.json_response(body, status=status)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """The call's parameters: JSON bodies as they are, form fields JSON-decoded except plain-text ones."""
    if request.content_type == "application/json":
        data = await request.json()
        return dict(data) if isinstance(data, dict) else {}
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, bytes] = {}
    if request.can_read_body:
        form = await request.post()
        raw.update({k: v for k, v in form.items() if isinstance(v, str)})
        # A multipart upload (sendPhoto, sendDocument): the file's bytes under its field's name.
        files = {k: v.file.read() for k, v in form.items() if isinstance(v, web.FileField)}
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in TEXT_PARAMS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except (TypeError, ValueError):
            params[key] = value
    for key, value in files.items():
        params[key] = value
    # PTB may name the upload with "attach://<field>" in the parameter and send the file in that field.
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            params[key] = files[value[9:]]
    return params


def _entities(text: str) -> list[dict[str, Any]]:
    """bot_command and mention entities, with offsets and lengths in UTF-16 units as Telegram sends them."""
    entities = []
    position = 0
    for word in text.split(" "):
        if word.startswith("/") and position == 0 and len(word) > 1:
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(word)})
        elif word.startswith("@") and len(word) > 1:
            mention = word.rstrip(".,!?:;،؟")
            offset = utf16_len(text[:position])
            entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention)})
        position += len(word) + 1
    return entities
