"""The Telegram bot: python-telegram-bot 22 handlers around the answer core."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import logging
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import telegram_format as fmt
from bot.stock import commands, say, user_language
from bot.telegram_adding import (
    LINK,
    Library,
    render_adding,
    render_failure,
    render_outcome,
    render_removed,
)
from bot.telegram_articles import CALLBACK, read_page, render_page
from bot.telegram_flow import ChatOrder, PatientRateLimiter, typing
from bot.telegram_memory import Autosave, Conversations
from bot.telegram_policy import AllowList, addressed, question_text
from bot.telegram_setup import (
    BotSetupError,
    bot_token,
    check_token,
    file_base_url,
    redact_in_logs,
    startup_errors,
    webhook_secret,
)
from index.errors import TallyError

if TYPE_CHECKING:
    from bot.adding import Document
    from bot.answer import Answerer
    from bot.settings import Settings

log = logging.getLogger(__name__)

# The menu, by language: the default, and Korean for users whose Telegram is in Korean. /remove,
# for admins only, stays out of everyone's menu.
COMMANDS = [BotCommand(name, text) for name, text in commands("en").items()]
KOREAN_COMMANDS = [BotCommand(name, text) for name, text in commands("ko").items()]
UPDATES = ["message", "edited_message", "callback_query"]
NOT_TEXT = filters.UpdateType.MESSAGES & (
    filters.PHOTO | filters.Sticker.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO
    | filters.VIDEO_NOTE | filters.ANIMATION | filters.Document.ALL | filters.LOCATION
    | filters.VENUE | filters.CONTACT | filters.POLL | filters.Dice.ALL
)  # fmt: skip


class TallyBot:
    """The Application with Tally's handlers; `serve()` runs it, `start()`/`stop()` for tests."""

    def __init__(
        self,
        settings: Settings,
        chats: Conversations,
        titles: Sequence[str],
        examples: Sequence[str] = (),
        rate_limiter: BaseRateLimiter[Any] | None = None,
        library: Library | None = None,
    ) -> None:
        """`library` lets the admins add and remove articles (None: they cannot)."""
        token = bot_token(settings)
        self.webhook_secret = webhook_secret(settings)
        redact_in_logs(token, self.webhook_secret)
        self.settings, self.chats, self.titles, self.examples = settings, chats, titles, examples
        self.library = library
        self._changes: set[asyncio.Task[None]] = set()  # additions and removals under way
        self.application = (
            Application.builder()
            .token(token)
            .base_url(settings.telegram_api_base_url)
            .base_file_url(file_base_url(settings.telegram_api_base_url))
            .rate_limiter(rate_limiter or PatientRateLimiter())
            .concurrent_updates(ChatOrder())
            .job_queue(None)
            .build()
        )
        self.allow_list = AllowList(settings.telegram_allowed_ids)
        self.autosave = Autosave(chats.save)
        self._add_handlers()

    def _add_handlers(self) -> None:
        app = self.application
        app.add_handler(TypeHandler(Update, self._gate), group=-1)
        for command, callback in [("start", self._start), ("articles", self._articles),
                                  ("help", self._help), ("sources", self._sources),
                                  ("reset", self._reset), ("about", self._about),
                                  ("remove", self._remove)]:  # fmt: skip
            app.add_handler(CommandHandler(command, callback))
        app.add_handler(CallbackQueryHandler(self._turn_page, pattern=CALLBACK))
        app.add_handler(MessageHandler(filters.UpdateType.MESSAGES & filters.COMMAND, self._other))
        text = filters.UpdateType.MESSAGES & filters.TEXT & ~filters.COMMAND
        app.add_handler(MessageHandler(text & filters.Regex(LINK), self._add_link))
        app.add_handler(MessageHandler(text, self._question))
        document = filters.UpdateType.MESSAGE & filters.Document.ALL
        app.add_handler(MessageHandler(document, self._add_document))
        app.add_handler(MessageHandler(NOT_TEXT, self._not_text))
        app.add_error_handler(self._on_error)

    # Running ----------------------------------------------------------------------------------

    async def start(self, webhook: bool = False, poll_timeout: float = 30.0) -> None:
        """Check the token (getMe), register the commands and start fetching updates."""
        app = self.application
        if webhook and not self.settings.telegram_webhook_url:
            raise BotSetupError("Webhook mode needs TELEGRAM_WEBHOOK_URL, the public HTTPS URL.")
        async with startup_errors(app.bot, self.settings.telegram_api_base_url):
            await app.initialize()
            await app.bot.set_my_commands(COMMANDS)
            await app.bot.set_my_commands(KOREAN_COMMANDS, language_code="ko")
        await app.start()
        assert app.updater is not None
        if not webhook:
            timeout = dtm.timedelta(seconds=poll_timeout)
            await app.updater.start_polling(timeout=timeout, allowed_updates=UPDATES)
            return
        url = self.settings.telegram_webhook_url
        try:
            await app.updater.start_webhook(
                listen=self.settings.telegram_webhook_listen,
                port=self.settings.telegram_webhook_port,
                url_path=urlsplit(url).path.lstrip("/"),
                webhook_url=url,
                secret_token=self.webhook_secret,
                allowed_updates=UPDATES,
            )
        except RuntimeError as exc:  # PTB's way of saying tornado is not installed
            raise BotSetupError(f"Webhook mode is unavailable: {exc}") from None

    async def stop(self) -> None:
        """Stop fetching, finish the updates in hand, save the chats' memory."""
        app = self.application
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if self._changes:  # a build under way finishes, so corpus and index agree
            await asyncio.wait(self._changes)
        await self.autosave.flush()

    async def serve(self, webhook: bool = False) -> None:
        """Run until SIGINT or SIGTERM."""
        done = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        try:
            await self.start(webhook)
            mode = "a webhook" if webhook else "long polling"
            name = self.application.bot.username
            print(f"@{name} is running on {mode}; Ctrl-C stops it.", file=sys.stderr)
            await done.wait()
        finally:
            await self.stop()

    # Who gets an answer -----------------------------------------------------------------------

    async def _gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop updates not meant for Tally; refuse, once, chats not on the allow-list."""
        if update.callback_query is not None:
            await self._gate_button(update.callback_query)
            return
        message = update.effective_message
        me = self.application.bot.bot
        if message is None or not addressed(message, me, self.settings.telegram_group_mode):
            raise ApplicationHandlerStop
        if message.from_user is None or message.from_user.is_bot:
            raise ApplicationHandlerStop
        if not self.allow_list.allows(message):
            if self.allow_list.first_refusal(message.chat_id):
                await self._send(message, say("refusal", _speaks(message.from_user)))
            raise ApplicationHandlerStop

    async def _gate_button(self, query: CallbackQuery) -> None:
        """Let through a button press from someone the allow-list lets in."""
        chat = query.message.chat.id if query.message else None
        ids = self.allow_list.ids
        if ids and chat not in ids and query.from_user.id not in ids:
            await query.answer(say("refusal", _speaks(query.from_user)))
            raise ApplicationHandlerStop

    # Replies ----------------------------------------------------------------------------------

    async def _question(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        text = question_text(message.text, self.application.bot.username)
        if not text:  # Tally's @name alone: a hint in the user's language
            language = _speaks(message.from_user)
            example = self.examples[0] if self.examples else ""
            hint = say("ask_hint", language, example=example) if example else ""
            await self._send(message, fmt.escape(say("ask_something", language, hint=hint)))
            return
        async with typing(self.application.bot, message.chat_id):
            answer = await asyncio.to_thread(self.chats.answer, message.chat_id, text)
        self.autosave.changed()
        await self._send(message, fmt.render_answer(answer))

    async def _start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        start = fmt.render_start(self.titles, self.examples, _speaks(update.effective_user))
        await self._send(update.effective_message, start)

    async def _articles(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/articles [page]`: a page of titles, with buttons to the pages around it."""
        asked = read_page(context.args or [])
        language = _speaks(update.effective_user)
        if asked is None:
            await self._send(update.effective_message, say("articles_usage", language))
            return
        page = render_page(self.titles, asked, language)
        await self._send(update.effective_message, page.text, page.keyboard)

    async def _turn_page(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A Previous or Next button: the same message shows the page it names."""
        query = update.callback_query
        assert query is not None and query.data is not None
        match = CALLBACK.match(query.data)
        assert match is not None  # the handler's pattern
        language = _speaks(query.from_user)
        page = render_page(self.titles, int(match.group(1)), language)
        try:
            await query.edit_message_text(page.text, parse_mode=ParseMode.HTML,
                                          reply_markup=page.keyboard)  # fmt: skip
        except BadRequest as exc:
            if "not modified" not in exc.message.lower():  # a double tap changes nothing
                log.warning("Could not show page %s of the articles: %s", match.group(1), exc)
                await query.answer(say("articles_stale", language))
                return
        await query.answer()

    async def _help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, say("help", _speaks(update.effective_user)))

    async def _about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, say("about", _speaks(update.effective_user)))

    async def _sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        last = await asyncio.to_thread(self.chats.last, update.effective_chat.id)
        language = _speaks(update.effective_user)
        await self._send(update.effective_message, fmt.render_sources(last, language))

    async def _reset(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await asyncio.to_thread(self.chats.reset, update.effective_chat.id)
        self.autosave.changed()
        await self._send(update.effective_message, say("reset", _speaks(update.effective_user)))

    # Adding and removing articles (admins) ----------------------------------------------------

    async def _add_link(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        match = LINK.match(message.text)
        assert match is not None  # the handler's filter
        if await self._admin(message):
            self._change(message, match["url"], [match["url"]])

    async def _add_document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file sent by an admin: fetched through getFile, then added like `tally add`."""
        from bot.adding import Document
        from index.corpus import MAX_FILE_BYTES
        from index.sources import SourceError
        from index.sources.documents import kind_of

        message = update.effective_message
        assert message is not None and message.document is not None
        if not await self._admin(message):
            return
        name = message.document.file_name or "document"
        try:
            kind_of(name)
            if (message.document.file_size or 0) > MAX_FILE_BYTES:
                raise SourceError(f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
            file = await message.document.get_file()
            data = bytes(await file.download_as_bytearray())
        except (SourceError, TelegramError) as exc:
            language = _speaks(message.from_user)
            await self._send(message, render_failure(f"{name}: {exc}", language))
            return
        self._change(message, name, [Document(name, data)])

    async def _remove(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/remove N` (or a file name): an admin takes an article out."""
        message = update.effective_message
        assert message is not None
        if not await self._admin(message):
            return
        if len(context.args or []) != 1:
            await self._send(message, say("remove_usage", _speaks(message.from_user)))
            return
        await self._run_change(message, "", (context.args or [""])[0])  # no embedding: quick

    async def _admin(self, message: Message) -> bool:
        """Whether the sender may change the articles; if not, they are told so."""
        user = message.from_user.id if message.from_user else None
        if self.library is None:
            await self._send(message, say("unavailable", _speaks(message.from_user)))
            return False
        if user not in self.settings.telegram_admin_ids:
            await self._send(message, say("not_admin", _speaks(message.from_user)))
            return False
        return True

    def _change(self, message: Message, label: str, what: str | list[str | Document]) -> None:
        """Run an addition (a list of sources) or a removal (an article) in the background, so
        that the chat's questions are answered, from the old index, while it builds."""
        task = asyncio.create_task(self._run_change(message, label, what))
        self._changes.add(task)
        task.add_done_callback(self._changes.discard)

    async def _run_change(
        self, message: Message, label: str, what: str | list[str | Document]
    ) -> None:
        assert self.library is not None
        language = _speaks(message.from_user)
        try:
            if isinstance(what, str):
                title = await asyncio.to_thread(self.library.remove, what)
                reply = render_removed(title, language)
            else:
                await self._send(message, render_adding(label, language))
                async with typing(self.application.bot, message.chat_id):
                    added, refused = await asyncio.to_thread(self.library.add, what)
                if len(added) == 1:  # "who wrote this?" next is of the article just added
                    await asyncio.to_thread(self.chats.about, message.chat_id, added[0].id)
                reply = render_outcome(added, refused, language)
            self.titles = await asyncio.to_thread(self.library.titles)
            self.examples = await asyncio.to_thread(self.library.examples)
        except TallyError as exc:
            reply = render_failure(str(exc), language)
        except Exception:
            log.exception("Changing the articles failed (%s)", label or what)
            reply = say("apology", language)
        try:
            await self._send(message, reply)
        except TelegramError as exc:
            log.warning("Could not report a change of the articles to chat %s: %s",
                        message.chat_id, exc)  # fmt: skip

    async def _other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An unknown command: named back in private chats and when addressed to Tally."""
        message = update.effective_message
        assert message is not None and message.text is not None
        command = message.text.split()[0]
        if message.chat.type == ChatType.PRIVATE or "@" in command:
            await self._send(message, fmt.render_unknown(command, _speaks(message.from_user)))

    async def _not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, say("not_text", _speaks(update.effective_user)))

    async def _send(
        self, message: Message | None, markup: str, keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        """Send HTML in parts Telegram accepts; in groups and for edits, as a reply; `keyboard`
        under the last part."""
        assert message is not None
        bot = self.application.bot
        quote = message.chat.type != ChatType.PRIVATE or message.edit_date is not None
        parts = fmt.split_html(markup)
        for n, part in enumerate(parts):
            reply = ReplyParameters(message.message_id, allow_sending_without_reply=True)
            options: dict[str, Any] = {"reply_parameters": reply if quote and n == 0 else None}
            options["reply_markup"] = keyboard if n == len(parts) - 1 else None
            try:
                await bot.send_message(message.chat_id, part, parse_mode=ParseMode.HTML,
                                       link_preview_options=LinkPreviewOptions(is_disabled=True),
                                       **options)  # fmt: skip
            except BadRequest as exc:
                if "can't parse entities" not in exc.message.lower():
                    raise
                log.error("Telegram refused our HTML (%s); sending plain text: %r", exc, part)
                await bot.send_message(message.chat_id, fmt.html_to_text(part), **options)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its update; apologise to the chat without any detail."""
        data = (
            json.dumps(update.to_dict(), ensure_ascii=False) if isinstance(update, Update) else ""
        )
        log.error("Failed to handle update %s", data, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat:
            apology = say("apology", _speaks(update.effective_user))
            try:
                await self.application.bot.send_message(update.effective_chat.id, apology)
            except TelegramError as exc:
                log.warning("Could not apologise to chat %s: %s", update.effective_chat.id, exc)


def run_bot(settings: Settings, webhook: bool = False) -> int:
    """`tally telegram`: check the token, load the answer core, serve until stopped."""
    from bot.app import open_app
    from bot.telegram_memory import ChatMemory

    token = bot_token(settings)
    redact_in_logs(token)
    # Before the model loads, so that a bad token fails fast.
    asyncio.run(check_token(token, settings.telegram_api_base_url))
    from bot.live import Library, LiveAnswerer

    app = open_app(settings)
    live = LiveAnswerer(app.answerer)  # swapped for the new index's when articles change
    library = Library(app, live)
    chats = ChatMemory(cast("Answerer", live), settings.telegram_state_file)
    examples = app.answerer.examples.english
    bot = TallyBot(settings, chats, library.titles(), examples, library=library)
    asyncio.run(bot.serve(webhook))
    return 0


def _speaks(user: User | None) -> str:
    """The language of a user's Telegram: "ko" when it is Korean, else "en"."""
    return user_language(user.language_code if user else None)


def article_titles(answerer: Answerer) -> list[str]:
    """Titles of the indexed articles, in corpus order."""
    return list(dict.fromkeys(c.title for c in answerer.retriever.store.chunks))
