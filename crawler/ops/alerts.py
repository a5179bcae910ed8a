"""Tell a human when a run FAILED or is DEGRADED: webhook, e-mail and Telegram alerts.

These are Spidermon actions for the suite's ``monitors_failed_actions`` (``ALERT_ACTIONS``).
They read the verdict the suite's finishing action wrote into the LIVE stats
(``crawler.stats``: ``news/verdict``, ``news/alarms``, ``news/summary``), not
``data.stats``, which is a snapshot taken before the verdict existed. Verdict OK or
missing, or a channel not configured: the action is skipped, nothing is sent.

Channels, configured ONLY from the environment, read when the action runs:

- webhook (Slack-compatible incoming webhook): ``NEWS_ALERT_WEBHOOK`` = URL; POST of
  JSON ``{"text": ...}``; any 2xx answer is success.
- email: ``NEWS_ALERT_SMTP_HOST`` and ``NEWS_ALERT_EMAIL_TO`` (comma-separated) are required;
  ``NEWS_ALERT_SMTP_PORT`` (587; 465 with ``ssl``), ``NEWS_ALERT_SMTP_TLS`` (``starttls``
  default, ``ssl``, ``none``), ``NEWS_ALERT_SMTP_USER`` + ``NEWS_ALERT_SMTP_PASSWORD``
  (login only when a user is set), ``NEWS_ALERT_EMAIL_FROM`` (default: the user).
- telegram: ``NEWS_ALERT_TELEGRAM_TOKEN`` and ``NEWS_ALERT_TELEGRAM_CHAT_ID``;
  ``NEWS_ALERT_TELEGRAM_API`` (default ``https://api.telegram.org``) for a local Bot API.

Why not Spidermon's own Telegram/e-mail actions: they take secrets from the Scrapy settings
(which get dumped and logged) and put the bot token in a URL that a traceback can print.
Here secrets never leave ``os.environ`` and the request, and are never logged: a failed
send is caught (a raising action makes Spidermon log its traceback), retried once after
1 s, then logged as ONE warning with the exception class and only a safe code (HTTP
status, SMTP reply code, errno) — never the URL, token, user or password.
Stats: ``news/alerts/sent/<channel>``, ``news/alerts/failed/<channel>``.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
import socket
import ssl
import time
import urllib.error
import urllib.request
from email.message import EmailMessage

from spidermon.core.actions import Action
from spidermon.exceptions import SkipAction

logger = logging.getLogger(__name__)

ALERT_ACTIONS = [
    "crawler.ops.alerts.WebhookAlert",
    "crawler.ops.alerts.EmailAlert",
    "crawler.ops.alerts.TelegramAlert",
]
SUBJECT_PREFIX = "[syrian-news]"
MAX_URLS = 3
ALERT_VERDICTS = {"FAILED", "DEGRADED"}


def alert_text(outlet: str, mode: str, stats: dict) -> tuple[str, str]:
    """(subject, body) of the alert, plain text, from the verdict keys in ``stats``."""
    verdict = stats.get("news/verdict") or "?"
    alarms = [a for a in stats.get("news/alarms") or [] if isinstance(a, dict)]
    reasons = list(dict.fromkeys(str(a.get("reason") or "?") for a in alarms))
    subject = f"{SUBJECT_PREFIX} {outlet} {verdict}" + (f": {', '.join(reasons)}" if reasons else "")
    lines = [f"outlet: {outlet}", f"mode: {mode or '?'}", f"verdict: {verdict}", ""]
    for alarm in alarms:
        lines.append(f"{alarm.get('level') or '?'}: {alarm.get('message') or alarm.get('reason') or '?'}")
        lines += [f"  {url}" for url in list(alarm.get("urls") or [])[:MAX_URLS]]
    if stats.get("news/summary"):
        lines += ["", str(stats["news/summary"])]
    return " ".join(subject.split()), "\n".join(lines) + "\n"


class AlertRejected(Exception):
    """The channel answered, but said no (e.g. Telegram ``ok: false``); args[0] is a safe code."""


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _safe_reason(exc: Exception | None) -> str:
    """What may be logged about a failure: a code, never a message (it could quote a secret)."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"SMTP {exc.smtp_code}"
    if isinstance(exc, AlertRejected):
        return str(exc.args[0]) if exc.args else ""
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, OSError):
        exc = exc.reason
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        return f"errno {exc.errno}"
    return ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure (3xx), not a silent GET elsewhere that may carry the token along."""

    def redirect_request(self, *args, **kwargs):
        return None


def _post_json(url: str, payload: dict, timeout: float) -> bytes:
    """POST JSON; the answer's body on 2xx, HTTPError otherwise (opener built now: proxies from env)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        exc.close()
        raise


class AlertAction(Action):
    """Base: skip unless there is something to say and somewhere to say it; send; count; never raise."""

    channel = ""
    attempts = 2
    pause = 1.0  # seconds between attempts
    timeout = 10.0  # seconds per attempt

    def configured(self) -> bool:
        raise NotImplementedError

    def send(self, subject: str, body: str) -> None:
        raise NotImplementedError

    def run_action(self):
        crawler = self.data.get("crawler")
        stats = crawler.stats.get_stats() if crawler is not None else dict(self.data.get("stats") or {})
        verdict = stats.get("news/verdict")
        if verdict not in ALERT_VERDICTS:
            raise SkipAction(f"verdict {verdict or 'missing'}")
        if not self.configured():
            raise SkipAction("not configured")
        spider = self.data.get("spider")
        subject, body = alert_text(getattr(spider, "name", None) or "?", getattr(spider, "mode", ""), stats)
        error = None
        for attempt in range(self.attempts):
            try:
                self.send(subject, body)
                break
            except Exception as exc:
                error = exc
                if attempt + 1 < self.attempts:
                    time.sleep(self.pause)
        else:
            reason = _safe_reason(error)
            logger.warning(
                "alert via %s failed: %s%s", self.channel, type(error).__name__, f" ({reason})" if reason else ""
            )
            if crawler is not None:
                crawler.stats.inc_value(f"news/alerts/failed/{self.channel}")
            return
        logger.info("alert via %s sent: %s", self.channel, subject)
        if crawler is not None:
            crawler.stats.inc_value(f"news/alerts/sent/{self.channel}")


class WebhookAlert(AlertAction):
    """Slack-compatible incoming webhook: ``NEWS_ALERT_WEBHOOK``."""

    channel = "webhook"

    def configured(self) -> bool:
        return bool(_env("NEWS_ALERT_WEBHOOK"))

    def send(self, subject: str, body: str) -> None:
        _post_json(_env("NEWS_ALERT_WEBHOOK"), {"text": f"{subject}\n{body}"}, self.timeout)


class EmailAlert(AlertAction):
    """SMTP: ``NEWS_ALERT_SMTP_*``, ``NEWS_ALERT_EMAIL_FROM``, ``NEWS_ALERT_EMAIL_TO``."""

    channel = "email"

    @staticmethod
    def recipients() -> list[str]:
        return [a.strip() for a in _env("NEWS_ALERT_EMAIL_TO").split(",") if a.strip()]

    def configured(self) -> bool:
        return bool(_env("NEWS_ALERT_SMTP_HOST") and self.recipients())

    def send(self, subject: str, body: str) -> None:
        tls = _env("NEWS_ALERT_SMTP_TLS", "starttls").lower()
        if tls not in {"starttls", "ssl", "none"}:
            raise AlertRejected("NEWS_ALERT_SMTP_TLS must be starttls, ssl or none")
        host = _env("NEWS_ALERT_SMTP_HOST")
        port = int(_env("NEWS_ALERT_SMTP_PORT", "465" if tls == "ssl" else "587"))
        user, password = _env("NEWS_ALERT_SMTP_USER"), os.environ.get("NEWS_ALERT_SMTP_PASSWORD", "")
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = _env("NEWS_ALERT_EMAIL_FROM") or user or f"syrian-news@{socket.getfqdn()}"
        message["To"] = ", ".join(self.recipients())
        message.set_content(body, charset="utf-8", cte="base64")  # 7-bit safe on any server
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if tls == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=self.timeout)
        with smtp:
            if tls == "starttls":
                smtp.starttls(context=context)
            if user:
                smtp.login(user, password)
            smtp.send_message(message)


class TelegramAlert(AlertAction):
    """Telegram Bot API: ``NEWS_ALERT_TELEGRAM_TOKEN``, ``NEWS_ALERT_TELEGRAM_CHAT_ID``."""

    channel = "telegram"
    max_chars = 4096  # Telegram's limit for one message

    def configured(self) -> bool:
        return bool(_env("NEWS_ALERT_TELEGRAM_TOKEN") and _env("NEWS_ALERT_TELEGRAM_CHAT_ID"))

    def send(self, subject: str, body: str) -> None:
        api = _env("NEWS_ALERT_TELEGRAM_API", "https://api.telegram.org").rstrip("/")
        text = f"{subject}\n{body}"
        if len(text) > self.max_chars:
            text = text[: self.max_chars - 1] + "…"
        url = f"{api}/bot{_env('NEWS_ALERT_TELEGRAM_TOKEN')}/sendMessage"
        answer = _post_json(url, {"chat_id": _env("NEWS_ALERT_TELEGRAM_CHAT_ID"), "text": text}, self.timeout)
        try:
            result = json.loads(answer)
        except ValueError:
            raise AlertRejected("answer not JSON") from None
        if not (isinstance(result, dict) and result.get("ok") is True):
            code = result.get("error_code") if isinstance(result, dict) else None
            raise AlertRejected(f"ok=false error_code={code if isinstance(code, int) else '?'}")
