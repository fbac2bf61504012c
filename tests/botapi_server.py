"""A Bot API server for tests: real HTTP on 127.0.0.1, as strict as Telegram where it matters.

It parses HTML the way Telegram does and refuses what Telegram refuses (bad tags, bad nesting,
unescaped `& < >`, text past 4096 UTF-16 units, empty text, callback data over 64 bytes, an edit
that changes nothing, a callback query answered twice), records every request, and can be told
to fail the next calls of a method with 429 (`retry_after`), 502 or any other error. A test sends
messages, sends documents (served back through getFile and the file URL, as Telegram does) and
presses inline buttons (callback queries) as a user would.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456789:AAHtestTOKENnot-a-real-one_0123456789"
BOT = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Tally",
    "username": "tally_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_JSON_FIELDS = {"reply_parameters", "reply_markup", "commands", "allowed_updates", "entities",
                "link_preview_options", "scope"}  # fmt: skip
_ENTITY_TYPES = {
    **dict.fromkeys(["b", "strong"], "bold"),
    **dict.fromkeys(["i", "em"], "italic"),
    **dict.fromkeys(["u", "ins"], "underline"),
    **dict.fromkeys(["s", "strike", "del"], "strikethrough"),
    **dict.fromkeys(["tg-spoiler", "span"], "spoiler"),
    **{"a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote"},
}
_START_TAG = re.compile(
    r"<([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*>"
)
_ATTRIBUTE = re.compile(r"([\w-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_END_TAG = re.compile(r"</([a-zA-Z][\w-]*)\s*>")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
            "upload_voice", "upload_document", "choose_sticker", "find_location",
            "record_video_note", "upload_video_note"}  # fmt: skip


class ApiError(Exception):
    """An error response: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML parse mode: the plain text and its entities, or ApiError 400."""

    def fail(reason: str, at: int) -> ApiError:
        offset = len(text[:at].encode())
        return ApiError(400, f"Bad Request: can't parse entities: {reason} at byte offset {offset}")

    plain: list[str] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    units, i = 0, 0
    while i < len(text):
        char = text[i]
        if char == "<" and text.startswith("</", i):
            match = _END_TAG.match(text, i)
            if not match:
                raise fail("Can't parse end tag", i)
            name = match.group(1).lower()
            if not stack:
                raise fail(f'Unexpected end tag "{name}"', i)
            if stack[-1][0] != name:
                raise fail(f'Unmatched end tag, expected "</{stack[-1][0]}>", found "</{name}>"', i)
            tag, start, attrs = stack.pop()
            entities.append(_entity(tag, start, units - start, attrs))
            i = match.end()
        elif char == "<":
            match = _START_TAG.match(text, i)
            if not match:
                raise fail("Unclosed start tag" if ">" not in text[i:] else "Can't parse tag", i)
            name = match.group(1).lower()
            if name not in _ENTITY_TYPES:
                raise fail(f'Unsupported start tag "{name}"', i)
            attrs = {}
            for a in _ATTRIBUTE.finditer(match.group(2)):
                value = next((v for v in a.groups()[1:] if v is not None), "")
                attrs[a.group(1).lower()] = _unescape_attribute(value, fail, i)
            _check_tag(name, attrs, [s[0] for s in stack], fail, i)
            stack.append((name, units, attrs))
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if not match:
                raise fail("Unescaped &: use &amp;", i)
            decoded = _decode_entity(match.group(1))
            if decoded is None:
                raise fail("Invalid numeric entity", i)
            plain.append(decoded)
            units += _units(decoded)
            i = match.end()
        elif char == ">":
            raise fail("Unescaped >: use &gt;", i)
        else:
            plain.append(char)
            units += _units(char)
            i += 1
    if stack:
        raise ApiError(
            400, f'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start '
            f'tag "{stack[-1][0]}"',
        )  # fmt: skip
    return "".join(plain), sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def _decode_entity(name: str) -> str | None:
    """`amp` -> "&", `#x1F600` -> "😀"; None for a code point Telegram refuses."""
    if not name.startswith("#"):
        return {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name]
    point = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return None if point == 0 or 0xD800 <= point <= 0xDFFF or point > 0x10FFFF else chr(point)


def _unescape_attribute(value: str, fail: Any, at: int) -> str:
    if "<" in value or re.search(
        r"&(?!(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);)", value
    ):
        raise fail("Unescaped character in attribute value", at)
    return html.unescape(value)


def _check_tag(name: str, attrs: dict[str, str], open_tags: list[str], fail: Any, at: int) -> None:
    if name == "a" and not attrs.get("href"):
        raise fail('Tag "a" must have attribute "href"', at)
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise fail('Tag "span" must have class "tg-spoiler"', at)
    if any(t in ("code", "pre") for t in open_tags) and not (
        name == "code" and open_tags[-1:] == ["pre"]
    ):
        raise fail(f'Tag "{name}" can\'t be nested in pre or code', at)  # fmt: skip
    if name == "blockquote" and "blockquote" in open_tags:
        raise fail("Blockquotes can't be nested", at)
    if name == "a" and "a" in open_tags:
        raise fail("Links can't be nested", at)
    if name in ("pre", "code") and any(t in ("a",) for t in open_tags):
        raise fail(f'Tag "{name}" can\'t be nested in a link', at)


def _entity(tag: str, offset: int, length: int, attrs: dict[str, str]) -> dict[str, Any]:
    entity: dict[str, Any] = {"type": _ENTITY_TYPES[tag], "offset": offset, "length": length}
    if tag == "a":
        entity["url"] = attrs["href"]
    return entity


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    status: int
    at: float


@dataclass
class BotApiServer:
    """Start with `await server.start()`; point the bot at `server.base_url`."""

    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)  # messages accepted from the bot
    webhook: dict[str, Any] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._failures: dict[str, list[ApiError]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._queries: dict[str, bool] = {}  # callback query id -> answered
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.downloads: list[str] = []  # file paths fetched from the file URL
        self.commands: list[dict[str, Any]] | None = None  # the default menu
        self.commands_in: dict[str, Any] = {}  # language code -> that language's menu

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # What a test does -------------------------------------------------------------------------

    def fail(self, method: str, status: int, description: str = "", times: int = 1,
             **parameters: Any) -> None:  # fmt: skip
        """Make the next `times` calls of `method` fail with this status."""
        default = {429: "Too Many Requests: retry after {retry_after}", 502: "Bad Gateway"}
        text = description or default.get(status, "Error").format(**parameters)
        self._failures.setdefault(method, []).extend([ApiError(status, text, **parameters)] * times)

    def message(self, chat_id: int, text: str, *, chat_type: str = "private",
                user_id: int | None = None, entities: list[dict[str, Any]] | None = None,
                reply_to: int | None = None, edit_of: int | None = None, queue: bool = True,
                language_code: str | None = None, **content: Any) -> dict[str, Any]:  # fmt: skip
        """Queue a message (or an edit of message `edit_of`) from a user; return the update.

        With `queue=False` the update is only returned, e.g. to post it to a webhook.
        `language_code` is the sender's Telegram language ("ko"), sent as Telegram does.
        """
        user_id = user_id or abs(chat_id)
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "Ada"} if chat_type == "private" else {"title": "Analysts"})
        self._chats[chat_id] = chat
        message: dict[str, Any] = {
            "message_id": edit_of or next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": _user(user_id, language_code),
            **content,
        }
        if text:
            message["text"] = text
        if entities:
            message["entities"] = entities
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = self._messages[(chat_id, reply_to)]
        if edit_of:
            message["edit_date"] = int(time.time())
        self._messages[(chat_id, message["message_id"])] = message
        update = {"update_id": next(self._update_ids)}
        update["edited_message" if edit_of else "message"] = message
        if queue:
            self._queue(update)
        return update

    def document(self, chat_id: int, name: str, data: bytes, mime_type: str = "",
                 **options: Any) -> dict[str, Any]:  # fmt: skip
        """Queue a message carrying a file (a user's upload); return the update."""
        file_id = f"doc{len(self._files) + 1}"
        self._files[file_id] = (f"documents/file_{len(self._files)}{_suffix(name)}", data)
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                    "file_size": len(data)}  # fmt: skip
        if mime_type:
            document["mime_type"] = mime_type
        return self.message(chat_id, "", document=document, **options)

    def _queue(self, update: dict[str, Any]) -> None:
        self._updates.append(update)
        task = asyncio.get_running_loop().create_task(self._notify())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def press(self, chat_id: int, message_id: int, data: str, user_id: int | None = None,
              language_code: str | None = None) -> str:  # fmt: skip
        """Queue a press of the inline button with `data` under the bot's message; return the
        callback query's id."""
        message = self._messages[(chat_id, message_id)]
        buttons = [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", [])
                   for b in row]  # fmt: skip
        if data not in [b.get("callback_data") for b in buttons]:
            raise AssertionError(f"no button {data!r} under message {message_id}: {buttons}")
        query_id = str(next(self._update_ids) * 7919)
        self._queries[query_id] = False
        user = _user(user_id or abs(chat_id), language_code)
        shown = {k: v for k, v in message.items() if k not in ("parse_mode", "raw")}
        query = {"id": query_id, "from": user, "message": shown,
                 "chat_instance": str(chat_id), "data": data}  # fmt: skip
        self._queue({"update_id": next(self._update_ids), "callback_query": query})
        return query_id

    def answered(self, query_id: str) -> bool:
        """Whether the bot answered this callback query (the user's spinner stopped)."""
        return self._queries[query_id]

    def replies(self, chat_id: int) -> list[str]:
        """The text of every message accepted for this chat, in order."""
        return [m["text"] for m in self.sent if m["chat"]["id"] == chat_id]

    def calls_of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, condition: Any, timeout: float = 10.0) -> None:
        """Wait until `condition()` holds; fail the test if it does not within `timeout`."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(condition), timeout)

    async def settle(self, quiet: float = 0.3) -> None:
        """Wait until no request has arrived for `quiet` seconds."""
        count = -1
        while count != len(self.calls):
            count = len(self.calls)
            await asyncio.sleep(quiet)

    # The HTTP side ----------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            queued = self._failures.get(method)
            if queued:
                raise queued.pop(0)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status = error.status
            body = {"ok": False, "error_code": status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
        self.calls.append(Call(method, params, status, time.monotonic()))
        await self._notify()
        return web.json_response(body, status=status)

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self._updates and time.monotonic() < deadline:
            async with self._changed:
                remaining = deadline - time.monotonic()
                try:
                    await asyncio.wait_for(self._changed.wait(), max(remaining, 0.001))
                except TimeoutError:
                    break
        return self._updates[: int(params.get("limit") or 100)]

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        text, entities = _message_text(params)
        reply = params.get("reply_parameters") or {}
        if reply and (chat["id"], reply["message_id"]) not in self._messages:
            if not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": chat, "from": BOT, "text": text, "entities": entities,
                   "parse_mode": params.get("parse_mode"), "raw": params["text"]}  # fmt: skip
        if params.get("reply_markup"):
            message["reply_markup"] = _inline_keyboard(params["reply_markup"])
        self._messages[(chat["id"], message["message_id"])] = message
        self.sent.append(message)
        return {k: v for k, v in message.items() if k not in ("parse_mode", "raw")}

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params)
        message = self._messages.get((chat["id"], int(params.get("message_id", 0))))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != BOT["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        text, entities = _message_text(params)
        markup = _inline_keyboard(params["reply_markup"]) if params.get("reply_markup") else None
        if (text, entities, markup) == (message["text"], message["entities"],
                                        message.get("reply_markup")):  # fmt: skip
            raise ApiError(
                400, "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup of the "
                "message",
            )  # fmt: skip
        message.update(text=text, entities=entities, edit_date=int(time.time()), raw=params["text"])
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        return {k: v for k, v in message.items() if k not in ("parse_mode", "raw")}

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._chat(params)
        if params.get("action") not in _ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        for command in params.get("commands") or []:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        if params.get("language_code"):
            self.commands_in[params["language_code"]] = params.get("commands")
        else:
            self.commands = params.get("commands")
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        secret = params.get("secret_token", "")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = params
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        if self._queries.get(query_id, True):  # unknown, or answered already
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
            )  # fmt: skip
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._queries[query_id] = True
        return True

    async def _api_getFile(self, params: dict[str, Any]) -> Any:
        found = self._files.get(str(params.get("file_id") or ""))
        if found is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = found
        if len(data) > 20_000_000:  # the Bot API serves files up to 20 MB
            raise ApiError(400, "Bad Request: file is too big")
        file_id = str(params["file_id"])
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data),
                "file_path": path}  # fmt: skip

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        self.downloads.append(path)
        for known, data in self._files.values():
            if known == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.Response(status=404)

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._chats[int(params["chat_id"])]
        except (KeyError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None


def _user(user_id: int, language_code: str | None) -> dict[str, Any]:
    """A user as an update carries it; `language_code` only when the client sends one."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Ada"}
    if language_code:
        user["language_code"] = language_code
    return user


def _suffix(name: str) -> str:
    """The file name's suffix: "report.PDF" -> ".PDF"; "" when it has none."""
    return "." + name.rsplit(".", 1)[1] if "." in name else ""


def _inline_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    """An inline keyboard as Telegram checks it: rows of buttons with text and 1-64 bytes of
    callback data (the only kind of button Tally sends)."""
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, "Bad Request: can't parse inline keyboard button: object expected")
    for button in (b for row in rows for b in row):
        if not str(button.get("text") or "").strip():
            raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
        if not 1 <= len(str(button.get("callback_data") or "").encode()) <= 64:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return {"inline_keyboard": rows}


def _message_text(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    raw = params.get("text", "")
    mode = (params.get("parse_mode") or "").lower()
    if mode not in ("", "html"):
        raise ApiError(400, f"Bad Request: unsupported parse_mode {params['parse_mode']}")
    text, entities = parse_html(raw) if mode == "html" else (raw, [])
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if _units(text) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return text, entities


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    form = dict(await request.post()) if request.body_exists else {}
    form.update(request.query)
    return {k: json.loads(v) if k in _JSON_FIELDS else v for k, v in form.items()}
