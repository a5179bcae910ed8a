"""Alert actions, run the way Spidermon runs them at the close of a crawl, against loopback receivers.

The verdict is written into the live stats by a ``monitors_finished_actions`` action (as the
run's suite does), so an action reading the ``data.stats`` snapshot would see no verdict.
"""

from __future__ import annotations

import email
import email.policy
import logging
import os
import time
from typing import ClassVar

import pytest
import scrapy
from scrapy.utils.test import get_crawler
from spidermon import Monitor, MonitorSuite
from spidermon.core.actions import Action

from crawler.ops import alerts
from crawler.ops.alerts import ALERT_ACTIONS, EmailAlert, TelegramAlert, WebhookAlert, alert_text
from crawler.ops.monitors import NewsMonitorRunner
from tests.receivers import SmtpReceiver, TelegramApiReceiver, WebhookReceiver

ARABIC_URL = (
    "https://orient-news.net/ar/news_show/%D8%A7%D9%84%D8%AD%D8%B1%D8%A8-%D9%81%D9%8A-%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"
)
ALARMS = [
    {
        "level": "FAILED",
        "monitor": "TemplateMonitor",
        "reason": "unmatched_template",
        "message": "orient_news/current: published_at 0/4",
        "urls": [
            ARABIC_URL,
            "https://orient-news.net/ar/a/2",
            "https://orient-news.net/ar/a/3",
            "https://orient-news.net/ar/a/4-not-shown",
        ],
    },
    {
        "level": "DEGRADED",
        "monitor": "CoverageMonitor",
        "reason": "coverage_floor",
        "message": "stored 2 < floor 10 (أخبار سوريا)",
        "urls": [],
    },
]
SUMMARY = "SUMMARY orient_news: stored=2 dropped=5 — FAILED (unmatched_template)"
FAILED = {"news/verdict": "FAILED", "news/alarms": ALARMS, "news/summary": SUMMARY}
HOOK_PATH = "/hooks/T000/SECRET-TOKEN-123"
TOKEN = "123456:SECRET-BOT-TOKEN"
PASSWORD = "s3cret-PASSWORD-xyz"


class OrientNews(scrapy.Spider):
    name = "orient_news"
    mode = "cron"


class FailingMonitor(Monitor):
    __test__ = False  # a Spidermon monitor, not a pytest test

    def test_fails(self):
        self.fail("published_at 0/4")


def run_suite(failed_actions, verdict: dict) -> tuple:
    """Run a one-monitor failing suite; ``verdict`` goes into the live stats after the monitors ran."""
    crawler = get_crawler(OrientNews)
    spider = OrientNews.from_crawler(crawler)

    class WriteVerdict(Action):
        def run_action(self):
            for key, value in verdict.items():
                self.data.crawler.stats.set_value(key, value)

    class Suite(MonitorSuite):
        monitors: ClassVar[list] = [FailingMonitor]
        monitors_finished_actions: ClassVar[list] = [WriteVerdict]
        monitors_failed_actions: ClassVar[list] = failed_actions

    result = NewsMonitorRunner(spider=spider).run(
        Suite(crawler=crawler), stats=crawler.stats.get_stats(), crawler=crawler, spider=spider, job=None
    )
    actions = {r.item.name: r.status for r in result.monitors_failed_action_results}
    return crawler.stats, actions


def assert_not_logged(caplog, *secrets):
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + str(record.exc_info) + str(record.exc_text)
        for secret in secrets:
            assert secret not in text, record
    for secret in secrets:
        assert secret not in caplog.text


def alert_warnings(caplog, channel):
    return [r for r in caplog.records if r.levelno == logging.WARNING and f"alert via {channel}" in r.getMessage()]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, caplog):
    for name in list(os.environ):
        if name.startswith("NEWS_ALERT_") or name.lower() in {"http_proxy", "https_proxy", "all_proxy"}:
            monkeypatch.delenv(name)
    caplog.set_level(logging.DEBUG)


def test_alert_text():
    subject, body = alert_text("orient_news", "cron", FAILED)
    assert subject == "[syrian-news] orient_news FAILED: unmatched_template, coverage_floor"
    assert body.splitlines()[:3] == ["outlet: orient_news", "mode: cron", "verdict: FAILED"]
    assert "FAILED: orient_news/current: published_at 0/4" in body
    assert "DEGRADED: stored 2 < floor 10 (أخبار سوريا)" in body
    assert ARABIC_URL in body and "4-not-shown" not in body
    assert body.rstrip().endswith(SUMMARY)
    assert alert_text("x", "full", {"news/verdict": "DEGRADED"})[0] == "[syrian-news] x DEGRADED"


def test_alert_actions_list():
    assert ALERT_ACTIONS == [
        "crawler.ops.alerts.WebhookAlert",
        "crawler.ops.alerts.EmailAlert",
        "crawler.ops.alerts.TelegramAlert",
    ]


def test_webhook(monkeypatch):
    with WebhookReceiver() as hook:
        monkeypatch.setenv("NEWS_ALERT_WEBHOOK", hook.url + HOOK_PATH)
        stats, actions = run_suite([WebhookAlert, EmailAlert, TelegramAlert], FAILED)
    assert actions == {"WebhookAlert": "OK", "EmailAlert": "SKIPPED", "TelegramAlert": "SKIPPED"}
    assert len(hook.posts) == 1
    post = hook.posts[0]
    assert post["path"] == HOOK_PATH and post["content_type"].startswith("application/json")
    text = post["json"]["text"]
    assert "orient_news" in text and "FAILED" in text and SUMMARY in text
    for alarm in ALARMS:
        assert alarm["message"] in text
    assert ARABIC_URL in text and "https://orient-news.net/ar/a/3" in text
    assert stats.get_value("news/alerts/sent/webhook") == 1
    assert stats.get_value("news/alerts/failed/webhook") is None


def test_no_alert_when_verdict_ok(monkeypatch):
    with WebhookReceiver() as hook:
        monkeypatch.setenv("NEWS_ALERT_WEBHOOK", hook.url + HOOK_PATH)
        stats, actions = run_suite([WebhookAlert], {"news/verdict": "OK", "news/alarms": []})
        _, missing = run_suite([WebhookAlert], {})
    assert actions == missing == {"WebhookAlert": "SKIPPED"}
    assert hook.posts == []
    assert stats.get_value("news/alerts/sent/webhook") is None


def test_no_alert_when_nothing_configured(caplog):
    stats, actions = run_suite([WebhookAlert, EmailAlert, TelegramAlert], FAILED)
    assert actions == {"WebhookAlert": "SKIPPED", "EmailAlert": "SKIPPED", "TelegramAlert": "SKIPPED"}
    assert not any(k.startswith("news/alerts/") for k in stats.get_stats())
    assert not [r for r in caplog.records if r.name == alerts.logger.name]


def test_webhook_failure_retried_counted_and_url_never_logged(monkeypatch, caplog):
    with WebhookReceiver(status=500) as hook:
        monkeypatch.setenv("NEWS_ALERT_WEBHOOK", hook.url + HOOK_PATH)
        started = time.monotonic()
        stats, actions = run_suite([WebhookAlert], FAILED)
        elapsed = time.monotonic() - started
    assert len(hook.posts) == 2 and elapsed >= 1.0
    assert actions == {"WebhookAlert": "OK"}  # handled: Spidermon logs no traceback
    assert stats.get_value("news/alerts/failed/webhook") == 1
    assert stats.get_value("news/alerts/sent/webhook") is None
    [warning] = alert_warnings(caplog, "webhook")
    assert warning.getMessage() == "alert via webhook failed: HTTPError (HTTP 500)"
    assert_not_logged(caplog, "SECRET-TOKEN-123", "/hooks/T000", hook.url)


def test_webhook_unreachable(monkeypatch, caplog):
    monkeypatch.setattr(alerts.AlertAction, "pause", 0.01)
    with WebhookReceiver() as hook:
        url = hook.url + HOOK_PATH
    monkeypatch.setenv("NEWS_ALERT_WEBHOOK", url)  # the receiver is closed: connection refused
    stats, _ = run_suite([WebhookAlert], FAILED)
    assert stats.get_value("news/alerts/failed/webhook") == 1
    [warning] = alert_warnings(caplog, "webhook")
    assert warning.getMessage().startswith("alert via webhook failed: URLError")
    assert_not_logged(caplog, "SECRET-TOKEN-123")


def smtp_env(monkeypatch, smtp, password=PASSWORD, tls="none"):
    monkeypatch.setenv("NEWS_ALERT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("NEWS_ALERT_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("NEWS_ALERT_SMTP_USER", "alerts@example.org")
    monkeypatch.setenv("NEWS_ALERT_SMTP_PASSWORD", password)
    monkeypatch.setenv("NEWS_ALERT_SMTP_TLS", tls)
    monkeypatch.setenv("NEWS_ALERT_EMAIL_FROM", "crawler@example.org")
    monkeypatch.setenv("NEWS_ALERT_EMAIL_TO", "ops@example.org, editor@example.org")


@pytest.mark.parametrize("auth", ["PLAIN LOGIN", "LOGIN"])
def test_email(monkeypatch, caplog, auth):
    with SmtpReceiver(user="alerts@example.org", password=PASSWORD, auth=auth) as smtp:
        smtp_env(monkeypatch, smtp)
        stats, actions = run_suite([EmailAlert], FAILED)
    assert actions == {"EmailAlert": "OK"}
    assert stats.get_value("news/alerts/sent/email") == 1
    [sent] = smtp.messages
    assert sent["user"] == "alerts@example.org"
    assert sent["mail_from"] == "crawler@example.org"
    assert sent["rcpt_tos"] == ["ops@example.org", "editor@example.org"]
    message = email.message_from_bytes(sent["data"], policy=email.policy.default)
    assert message["From"] == "crawler@example.org"
    assert message["To"] == "ops@example.org, editor@example.org"
    assert message["Subject"] == "[syrian-news] orient_news FAILED: unmatched_template, coverage_floor"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "(أخبار سوريا)" in body and ARABIC_URL in body and SUMMARY in body
    assert_not_logged(caplog, PASSWORD)


def test_email_wrong_password(monkeypatch, caplog):
    monkeypatch.setattr(alerts.AlertAction, "pause", 0.01)
    with SmtpReceiver(user="alerts@example.org", password="the-right-one") as smtp:
        smtp_env(monkeypatch, smtp)
        stats, _actions = run_suite([EmailAlert], FAILED)
    assert smtp.messages == [] and len(smtp.auth_attempts) >= 2
    assert stats.get_value("news/alerts/failed/email") == 1
    [warning] = alert_warnings(caplog, "email")
    assert warning.getMessage() == "alert via email failed: SMTPAuthenticationError (SMTP 535)"
    assert_not_logged(caplog, PASSWORD, "the-right-one")


def test_email_starttls_refused(monkeypatch, caplog):
    """Default TLS is STARTTLS; a server without it fails: nothing sent in clear text."""
    monkeypatch.setattr(alerts.AlertAction, "pause", 0.01)
    with SmtpReceiver(user="alerts@example.org", password=PASSWORD) as smtp:
        smtp_env(monkeypatch, smtp)
        monkeypatch.delenv("NEWS_ALERT_SMTP_TLS")
        stats, _ = run_suite([EmailAlert], FAILED)
    assert smtp.messages == [] and smtp.auth_attempts == []
    assert stats.get_value("news/alerts/failed/email") == 1
    [warning] = alert_warnings(caplog, "email")
    assert warning.getMessage() == "alert via email failed: SMTPNotSupportedError"


def test_telegram(monkeypatch, caplog):
    with TelegramApiReceiver() as api:
        monkeypatch.setenv("NEWS_ALERT_TELEGRAM_API", api.url)
        monkeypatch.setenv("NEWS_ALERT_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("NEWS_ALERT_TELEGRAM_CHAT_ID", "-100123")
        stats, actions = run_suite([TelegramAlert], {**FAILED, "news/verdict": "DEGRADED"})
    assert actions == {"TelegramAlert": "OK"}
    [message] = api.messages
    assert message["token"] == TOKEN and message["chat_id"] == "-100123"
    assert message["text"].startswith("[syrian-news] orient_news DEGRADED: unmatched_template")
    assert ARABIC_URL in message["text"] and "(أخبار سوريا)" in message["text"]
    assert stats.get_value("news/alerts/sent/telegram") == 1
    assert_not_logged(caplog, "SECRET-BOT-TOKEN")


@pytest.mark.parametrize("status, ok, reason", [(500, True, "HTTP 500"), (200, False, "ok=false error_code=200")])
def test_telegram_failure_token_never_logged(monkeypatch, caplog, status, ok, reason):
    monkeypatch.setattr(alerts.AlertAction, "pause", 0.01)
    with TelegramApiReceiver(status=status, ok=ok) as api:
        monkeypatch.setenv("NEWS_ALERT_TELEGRAM_API", api.url)
        monkeypatch.setenv("NEWS_ALERT_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("NEWS_ALERT_TELEGRAM_CHAT_ID", "-100123")
        stats, _ = run_suite([TelegramAlert], FAILED)
    assert len(api.messages) == 2
    assert stats.get_value("news/alerts/failed/telegram") == 1
    [warning] = alert_warnings(caplog, "telegram")
    assert warning.getMessage().endswith(f"({reason})")
    assert_not_logged(caplog, "SECRET-BOT-TOKEN")
