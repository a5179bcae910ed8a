"""Loopback receivers for the alert channels, so tests send real alerts without internet.

    with WebhookReceiver() as hook:          # hook.url, hook.port, hook.posts
    with TelegramApiReceiver() as api:       # api.url (as NEWS_ALERT_TELEGRAM_API), api.messages
    with SmtpReceiver(user="u", password="p") as smtp:   # smtp.port, smtp.messages

Each binds 127.0.0.1 on a free port, serves on a daemon thread and records what it got.
``status=500`` (settable at any time) makes the HTTP receivers answer that status, to test
failures. ``SmtpReceiver`` is written with socketserver (``smtpd`` is gone in Python 3.12 and
``aiosmtpd`` is not installed): EHLO/HELO, AUTH PLAIN/LOGIN checked against the expected user
and password, MAIL FROM, RCPT TO, DATA (dot-unstuffed), RSET, NOOP, QUIT; no STARTTLS.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import socketserver
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from crawler.replica.loopback import LoopbackServer


class _HttpReceiver(LoopbackServer):
    def __init__(self, status: int = 200):
        self.status = status
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        return self.base_url

    def answer(self, path: str, content_type: str, body: bytes) -> tuple[int, dict]:
        raise NotImplementedError

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = receiver.answer(self.path, self.headers.get("Content-Type", ""), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, fmt, *args):  # the path may hold a token: print nothing
                pass

        return Handler


class WebhookReceiver(_HttpReceiver):
    """Records each POST as ``{"path", "content_type", "json"}`` in ``.posts`` (also on failure)."""

    def __init__(self, status: int = 200):
        super().__init__(status)
        self.posts: list[dict] = []

    def answer(self, path, content_type, body):
        try:
            payload = json.loads(body.decode("utf-8"))
        except ValueError:
            payload = None
        with self.lock:
            self.posts.append({"path": path, "content_type": content_type, "json": payload})
        return self.status, {"ok": 200 <= self.status < 300}


class TelegramApiReceiver(_HttpReceiver):
    """Bot API ``/bot<token>/sendMessage`` (JSON or form body); ``.messages`` holds
    ``{"token", "chat_id", "text"}`` of every call; answers ``{"ok": true, ...}``, or
    ``{"ok": false, "error_code": status}`` with ``status`` != 200 or ``ok=False``."""

    def __init__(self, status: int = 200, ok: bool = True):
        super().__init__(status)
        self.ok = ok
        self.messages: list[dict] = []

    def answer(self, path, content_type, body):
        match = re.fullmatch(r"/bot([^/]+)/sendMessage", path.split("?")[0])
        if not match:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        if content_type.startswith("application/json"):
            params = json.loads(body.decode("utf-8"))
        else:
            params = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
        with self.lock:
            self.messages.append(
                {"token": match.group(1), "chat_id": str(params.get("chat_id")), "text": params.get("text")}
            )
            message_id = len(self.messages)
        if self.status != 200 or not self.ok:
            return self.status, {"ok": False, "error_code": self.status, "description": "test failure"}
        return 200, {
            "ok": True,
            "result": {"message_id": message_id, "chat": {"id": params.get("chat_id")}, "text": params.get("text")},
        }


class SmtpReceiver(LoopbackServer):
    """A minimal SMTP server. ``.messages``: ``{"mail_from", "rcpt_tos", "data" (raw bytes),
    "user"}`` per accepted message; ``.auth_attempts``: ``(mechanism, user, accepted)``.
    With ``user`` set, MAIL FROM needs a successful AUTH; ``auth`` is what EHLO advertises."""

    def __init__(self, user: str | None = None, password: str | None = None, auth: str = "PLAIN LOGIN"):
        self.user, self.password, self.auth = user, password, auth
        self.messages: list[dict] = []
        self.auth_attempts: list[tuple[str, str, bool]] = []
        super().__init__(self._handler(), server_class=socketserver.ThreadingTCPServer)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def check(self, mechanism: str, user: str, password: str) -> bool:
        ok = self.user is not None and (user, password) == (self.user, self.password)
        with self.lock:
            self.auth_attempts.append((mechanism, user, ok))
        return ok

    def _handler(self):
        receiver = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 10

            def reply(self, line: str) -> None:
                self.wfile.write(line.encode("ascii") + b"\r\n")

            def readline(self) -> bytes | None:
                line = self.rfile.readline(65536)
                return line.rstrip(b"\r\n") if line else None

            def b64line(self) -> str | None:
                line = self.readline()
                if line is None or line == b"*":
                    return None
                try:
                    return base64.b64decode(line, validate=True).decode("utf-8")
                except (binascii.Error, UnicodeDecodeError):
                    return None

            def auth(self, arg: str) -> str | None:
                """The user on success, None on failure (after replying)."""
                mechanism, _, initial = arg.partition(" ")
                mechanism = mechanism.upper()
                if mechanism not in receiver.auth.upper().split():
                    self.reply("504 5.5.4 Unrecognized authentication type")
                    return None
                if mechanism == "PLAIN":
                    if not initial:
                        self.reply("334 ")
                        decoded = self.b64line()
                    else:
                        try:
                            decoded = base64.b64decode(initial, validate=True).decode("utf-8")
                        except (binascii.Error, UnicodeDecodeError):
                            decoded = None
                    parts = decoded.split("\0") if decoded is not None else []
                    user, password = (parts[1], parts[2]) if len(parts) == 3 else ("", None)
                else:  # LOGIN
                    if initial:
                        try:
                            user = base64.b64decode(initial, validate=True).decode("utf-8")
                        except (binascii.Error, UnicodeDecodeError):
                            user = None
                    else:
                        self.reply("334 VXNlcm5hbWU6")  # "Username:"
                        user = self.b64line()
                    password = None
                    if user is not None:
                        self.reply("334 UGFzc3dvcmQ6")  # "Password:"
                        password = self.b64line()
                if password is None or not receiver.check(mechanism, user or "", password):
                    self.reply("535 5.7.8 Authentication credentials invalid")
                    return None
                self.reply("235 2.7.0 Authentication successful")
                return user

            def handle(self):
                with contextlib.suppress(OSError):  # client gone or timed out
                    self.session()

            def session(self):
                mail_from: str | None = None
                rcpt_tos: list[str] = []
                user: str | None = None
                self.reply("220 127.0.0.1 ESMTP test receiver")
                while (line := self.readline()) is not None:
                    verb, _, arg = line.decode("utf-8", "replace").partition(" ")
                    verb, arg = verb.upper(), arg.strip()
                    if verb == "EHLO":
                        self.reply("250-127.0.0.1")
                        self.reply("250-8BITMIME")
                        self.reply(f"250-AUTH {receiver.auth}")
                        self.reply("250 HELP")
                    elif verb == "HELO":
                        self.reply("250 127.0.0.1")
                    elif verb == "AUTH":
                        if user is not None:
                            self.reply("503 5.5.1 Already authenticated")
                        else:
                            user = self.auth(arg)
                    elif verb == "MAIL" and arg.upper().startswith("FROM:"):
                        if receiver.user is not None and user is None:
                            self.reply("530 5.7.0 Authentication required")
                            continue
                        found = re.search(r"<([^>]*)>", arg)
                        mail_from, rcpt_tos = (found.group(1) if found else arg[5:].strip()), []
                        self.reply("250 OK")
                    elif verb == "RCPT" and arg.upper().startswith("TO:"):
                        if mail_from is None:
                            self.reply("503 5.5.1 Need MAIL first")
                            continue
                        found = re.search(r"<([^>]*)>", arg)
                        rcpt_tos.append(found.group(1) if found else arg[3:].strip())
                        self.reply("250 OK")
                    elif verb == "DATA":
                        if not rcpt_tos:
                            self.reply("503 5.5.1 Need RCPT first")
                            continue
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (data := self.rfile.readline(65536)).rstrip(b"\r\n") != b".":
                            if not data:
                                return  # connection lost mid-message: nothing recorded
                            lines.append(data[1:] if data.startswith(b".") else data)
                        with receiver.lock:
                            receiver.messages.append(
                                {"mail_from": mail_from, "rcpt_tos": rcpt_tos, "data": b"".join(lines), "user": user}
                            )
                        mail_from, rcpt_tos = None, []
                        self.reply("250 OK queued")
                    elif verb == "RSET":
                        mail_from, rcpt_tos = None, []
                        self.reply("250 OK")
                    elif verb == "NOOP":
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 5.5.2 Command not implemented")

        return Handler
