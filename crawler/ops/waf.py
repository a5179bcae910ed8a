"""JavaScript challenges (WAF) and pages that exist only after their scripts run.

Some sites are fronted by a WAF that answers every path with a small HTML page whose script
sets a cookie and reloads (``shared/sites/furat_post/waf-challenge.html``). The script differs
from day to day, so it is never parsed or imitated: a real browser (Debian's Chromium through
scrapy-playwright) runs it, and the cookies it leaves in the browser context are copied into
Scrapy's cookie jar (``CookiesMiddleware``), so the crawl goes on with plain requests. The
browser passes the challenge; it does not fetch every page.

Pieces:

- ``WafAddon`` (``ADDONS``): installs ``WafChallengeMiddleware`` always (detection costs
  nothing), and the scrapy-playwright download handler (for ``http``/``https``; it only serves
  requests with ``meta["playwright"]``, all others go through Scrapy's plain HTTP handler) only
  when a browser may be needed: ``NEWS_WAF_BROWSER`` or rendering. A plain crawl thus starts
  no Playwright driver. It also fills in the ``PLAYWRIGHT_*`` settings the project did not set
  and takes the browser's path from ``NEWS_CHROMIUM_PATH``.
- ``WafChallengeMiddleware`` (downloader, 585: after decompression, before retries): detects
  a challenge answer, solves it once per host in the browser (concurrent requests that meet
  the challenge meanwhile wait for that one solve), copies the cookies, and sends the request
  again plainly. Each request gets ``NEWS_WAF_MAX_ATTEMPTS`` solves at most; a request still
  challenged after that fails (``WafChallengeError``, counted ``news/errors/waf_unsolved``) and
  the host is given up for the run (later challenges fail at once, without the browser).
  With the browser off (``NEWS_WAF_BROWSER = False``) a challenge fails the request at once:
  a challenge page never reaches a parser.
- Rendering: ``NEWS_RENDER_ALL_PAGES = True`` (or a spider attribute ``render_pages = True``)
  fetches every page through the browser (not robots.txt, feeds, sitemaps or JSON APIs:
  ``meta["render"]`` forces either way); and an article page (``meta["article_id"]``) that
  holds no article and only scripts is fetched again through the browser, once.

Every browser fetch counts ``news/browser_requests`` (the closing summary prints it).
Settings: ``NEWS_WAF_BROWSER`` (default False; a spider turns it on in ``custom_settings``),
``NEWS_RENDER_ALL_PAGES``, ``NEWS_CHROMIUM_PATH`` (default ``/usr/bin/chromium`` or the
environment variable of that name), ``NEWS_WAF_MAX_ATTEMPTS`` (2), ``NEWS_WAF_TIMEOUT`` (30 s
for a challenge to clear in the browser). A browser that is needed but missing fails the run
with the install hint: at spider open when every page is to be rendered, else at the first
challenge.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import importlib.util
import logging
import os
import re
import shutil
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "install Debian's Chromium: `apt-get update && apt-get install -y chromium` "
    "(or point NEWS_CHROMIUM_PATH at a Chromium executable); never `playwright install`"
)
BROWSER_CONTEXT = "news"  # one context for every browser use (PLAYWRIGHT_MAX_CONTEXTS = 1)
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
MIDDLEWARE_PRIORITY = 585

# what the project gets when settings/__init__.py does not say otherwise
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
PLAYWRIGHT_DEFAULTS = {
    "PLAYWRIGHT_BROWSER_TYPE": "chromium",
    "PLAYWRIGHT_LAUNCH_OPTIONS": {"headless": True, "args": CHROMIUM_ARGS, "timeout": 30000},
    "PLAYWRIGHT_MAX_CONTEXTS": 1,
    "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
    "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 30000,
    "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": "crawler.ops.waf.browser_headers",
    "PLAYWRIGHT_ABORT_REQUEST": "crawler.ops.waf.skip_heavy_resource",
}


class WafChallengeError(IgnoreRequest):
    """A request still answered by a JavaScript challenge: it fails (its errback is called)."""


# -- detection -------------------------------------------------------------------------------------
#: strings only challenge/interstitial pages carry (Sucuri, Cloudflare, Incapsula, StackPath, DDoS-Guard...)
WAF_MARKERS = (
    "sucuri_cloudproxy",
    "you are being redirected",
    "cf-browser-verification",
    "cf_chl_",
    "/cdn-cgi/challenge-platform",
    "jschl_vc",
    "jschl-answer",
    "checking your browser before accessing",
    "ddos protection by",
    "just a moment...",
    "_incapsula_resource",
    "incapsula incident",
    "__jsl_clearance",
    "ddos-guard",
    "please enable javascript and cookies",
)
_NOSCRIPT_JS = re.compile(
    r"<noscript[^>]*>[^<]{0,40}(?:<[^>]+>)?[^<]{0,200}\bjavascript\b[^<]{0,200}(?:required|enable|turn)", re.I | re.S
)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_COOKIE_SET = re.compile(r"""document\s*(?:\.\s*cookie|\[\s*["']cookie["']\s*\])\s*=""", re.I)
_RELOAD = re.compile(
    r"""location\s*(?:\.\s*(?:reload|replace|assign)\s*\(|\.\s*href\s*=|=)|location\[\s*["']\w+["']\s*\]""", re.I
)
_EVAL_B64 = re.compile(r"eval\s*\(\s*atob\s*\(", re.I)
_ARTICLE = re.compile(
    r"""<article\b|class\s*=\s*["'][^"']*\b(?:entry-content|post-content|article-body|news_content)\b|"@type"\s*:\s*"(?:News)?Article"|property\s*=\s*["']og:type["']\s+content\s*=\s*["']article""",
    re.I,
)
_TAGS = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<noscript\b.*?</noscript\s*>|<[^>]+>", re.I | re.S)
_MACHINE_READABLE = re.compile(
    r"(?:^|/)robots\.txt$|\.(?:xml|json|txt|rss|atom)$|/(?:feed|rss|atom)/?$|/wp-json(?:/|$)|sitemap", re.I
)

MAX_CHALLENGE_BYTES = 150_000
CHALLENGE_STATUSES = (200, 202, 403, 429, 503)


def visible_text(html: str) -> str:
    return " ".join(_TAGS.sub(" ", html).split())


def is_challenge_html(html: str) -> bool:
    """A JavaScript challenge (or WAF interstitial) rather than content: small, no article
    markup, and a WAF marker, or a script that sets a cookie and reloads (the usual form),
    or a "JavaScript is required" notice over an ``eval(atob(...))`` script."""
    if len(html) > MAX_CHALLENGE_BYTES or _ARTICLE.search(html):
        return False
    low = html.lower()
    if any(marker in low for marker in WAF_MARKERS):
        return True
    scripts = " ".join(_SCRIPT.findall(html))
    if not scripts:
        return False
    if _COOKIE_SET.search(scripts) and _RELOAD.search(scripts) and len(visible_text(html)) < 2000:
        return True
    return bool(_NOSCRIPT_JS.search(html) and _EVAL_B64.search(scripts))


def _is_html(response: Response) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    if ctype:
        return "html" in ctype
    head = response.body[:200].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _text_of(response: Response) -> str:
    try:
        return response.text
    except (AttributeError, UnicodeDecodeError):
        return response.body.decode("utf-8", "replace")


def is_challenge(response: Response) -> bool:
    """``is_challenge_html`` on an HTML answer with a status challenges use."""
    if response.status not in CHALLENGE_STATUSES or len(response.body) > MAX_CHALLENGE_BYTES or not _is_html(response):
        return False
    return is_challenge_html(_text_of(response))


def is_script_shell(response: Response) -> bool:
    """An HTML page that holds no article and hardly any text, but scripts: its article only
    exists after the scripts run (asked only of article pages)."""
    if response.status != 200 or not _is_html(response):
        return False
    html = _text_of(response)
    return bool(_SCRIPT.search(html)) and not _ARTICLE.search(html) and len(visible_text(html)) < 300


def wants_render(request: Request) -> bool:
    """In render-all mode: pages yes; robots.txt, feeds, sitemaps and JSON APIs no."""
    if "render" in request.meta:
        return bool(request.meta["render"])
    return not _MACHINE_READABLE.search(urlsplit(request.url).path)


# -- browser side (scrapy-playwright hooks) ----------------------------------------------------------
async def browser_headers(*, browser_type_name, playwright_request, scrapy_request_data) -> dict:
    """The browser's own headers (so a cookie the script just set goes with the reload; a
    stale Cookie header from Scrapy's jar never overrides it), with Scrapy's User-Agent."""
    headers = await playwright_request.all_headers()
    ua = scrapy_request_data["headers"].get("User-Agent")
    if ua:
        headers["user-agent"] = ua.decode("latin-1") if isinstance(ua, bytes) else ua
    return headers


def skip_heavy_resource(playwright_request) -> bool:
    """Images, media, fonts and style sheets are not needed to run a challenge or build an article."""
    return playwright_request.resource_type in ("image", "media", "font", "stylesheet")


async def wait_until_passed(page, timeout: float):
    """Page method: wait until the page is no longer a challenge (the script has set its cookie
    and reloaded, maybe more than once) or ``timeout`` seconds passed; then report whether it
    passed and the context's cookies."""
    from playwright.async_api import Error as PlaywrightError

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    passed = False
    while True:
        left = deadline - loop.time()
        try:
            await page.wait_for_load_state("load", timeout=max(left, 0.1) * 1000)
            html = await page.content()
        except PlaywrightError:  # navigating (the reload) or still loading
            html = None
        if html is not None and not is_challenge_html(html):
            passed = True
            break
        if loop.time() >= deadline:
            break
        await asyncio.sleep(0.2)
    return {"passed": passed, "url": page.url, "cookies": await page.context.cookies()}


# -- settings ------------------------------------------------------------------------------------------
def chromium_path(settings) -> str:
    return settings.get("NEWS_CHROMIUM_PATH") or os.environ.get("NEWS_CHROMIUM_PATH") or DEFAULT_CHROMIUM


def chromium_missing(path: str) -> str | None:
    """Why the browser cannot start (None when it can)."""
    if importlib.util.find_spec("scrapy_playwright") is None or importlib.util.find_spec("playwright") is None:
        return "scrapy-playwright is not installed (`pip install -r requirements.txt`)"
    resolved = path if os.sep in path else shutil.which(path)
    if not resolved or not os.path.isfile(resolved) or not os.access(resolved, os.X_OK):
        return f"no Chromium executable at {path}: {INSTALL_HINT}"
    return None


def render_all(settings, spidercls=None) -> bool:
    return settings.getbool("NEWS_RENDER_ALL_PAGES") or bool(getattr(spidercls, "render_pages", False))


def browser_wanted(settings, spidercls=None) -> bool:
    return settings.getbool("NEWS_WAF_BROWSER") or render_all(settings, spidercls)


class WafAddon:
    """Wires the middleware in, and the browser only for crawls that may need it."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def update_settings(self, settings) -> None:
        settings.setdefault_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", WafChallengeMiddleware, MIDDLEWARE_PRIORITY
        )
        if not browser_wanted(settings, getattr(self.crawler, "spidercls", None)):
            return
        if importlib.util.find_spec("scrapy_playwright") is None:
            return  # the middleware says so (with the hint) when the browser is needed
        handlers = settings.getdict("DOWNLOAD_HANDLERS")
        for scheme in ("http", "https"):
            if scheme not in handlers:
                handlers[scheme] = HANDLER
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="addon")
        for name, value in PLAYWRIGHT_DEFAULTS.items():
            if settings.getpriority(name) is None:
                settings.set(name, value, priority="addon")
        # the executable comes from NEWS_CHROMIUM_PATH unless the launch options name one with
        # a higher priority (so `-s NEWS_CHROMIUM_PATH=...` always wins over the project's file)
        launch = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
        launch_priority = settings.getpriority("PLAYWRIGHT_LAUNCH_OPTIONS") or 0
        path_priority = settings.getpriority("NEWS_CHROMIUM_PATH") or 0
        if "executable_path" not in launch or path_priority > launch_priority:
            launch["executable_path"] = chromium_path(settings)
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority=max(launch_priority, path_priority))


# -- the middleware --------------------------------------------------------------------------------------
class WafChallengeMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.browser_on = browser_wanted(settings, getattr(crawler, "spidercls", None))
        self.render_all = render_all(settings, getattr(crawler, "spidercls", None))
        self.handler_installed = any(
            path == HANDLER or getattr(path, "__name__", "") == "ScrapyPlaywrightDownloadHandler"
            for path in settings.getdict("DOWNLOAD_HANDLERS").values()
        )
        launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
        self.chromium = launch.get("executable_path") or chromium_path(settings)
        self.max_attempts = max(1, settings.getint("NEWS_WAF_MAX_ATTEMPTS", 2))
        self.timeout = settings.getfloat("NEWS_WAF_TIMEOUT", 30.0)
        self.user_agent = settings.get("USER_AGENT")
        self.generation: dict[str, int] = {}  # host -> solves completed
        self.solving: dict[str, asyncio.Future] = {}
        self.given_up: set[str] = set()
        self.missing_reported = False
        self._problem: tuple[str | None] | None = None  # browser_problem(), once worked out

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    # -- browser availability ----------------------------------------------------------------------
    def browser_problem(self) -> str | None:
        """Why the browser cannot be used in this run (None when it can)."""
        if self._problem is None:
            problem: str | None
            if not self.browser_on:
                problem = "the browser is off for this spider (NEWS_WAF_BROWSER = False)"
            else:
                problem = chromium_missing(self.chromium)
                if problem is None and not self.handler_installed:
                    problem = (
                        "the scrapy-playwright download handler is not installed (add crawler.ops.waf.WafAddon "
                        f"to ADDONS or set DOWNLOAD_HANDLERS to {HANDLER})"
                    )
            self._problem = (problem,)
        return self._problem[0]

    def spider_opened(self, spider=None):
        if not self.browser_on:
            return
        problem = self.browser_problem()
        if problem is None:
            logger.info(
                "browser for JavaScript challenges%s: Chromium at %s",
                " and every page" if self.render_all else "",
                self.chromium,
            )
        elif self.render_all:
            self.fail_browser_missing(problem)
        else:
            logger.warning("the browser cannot start (%s): a JavaScript challenge would fail this run", problem)

    def fail_browser_missing(self, problem: str) -> None:
        if self.missing_reported:
            return
        self.missing_reported = True
        self.stats.inc_value("news/fatal/browser_missing")
        logger.error(
            "FATAL browser_missing: a browser is needed (JavaScript challenge or rendered pages) but %s", problem
        )
        engine = self.crawler.engine
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason="browser_missing"))

    # -- requests ------------------------------------------------------------------------------------
    @staticmethod
    def host(request: Request) -> str:
        return urlsplit(request.url).netloc.lower()

    def browser_meta(self, request: Request, **extra) -> dict:
        from scrapy_playwright.page import PageMethod

        meta = dict(request.meta)
        for key in ("playwright_page", "playwright_page_methods", "download_slot"):
            meta.pop(key, None)
        meta.update(
            {
                "playwright": True,
                "playwright_context": BROWSER_CONTEXT,
                "playwright_context_kwargs": {"user_agent": self.user_agent} if self.user_agent else {},
                "playwright_page_methods": [PageMethod(wait_until_passed, timeout=self.timeout)],
                "dont_obey_robotstxt": True,
            }
        )
        meta.update(extra)
        return meta

    def process_request(self, request: Request):
        # which solve the jar reflects as this request leaves (see handle_challenge)
        request.meta["_waf_gen"] = self.generation.get(self.host(request), 0)
        if (
            self.render_all
            and not request.meta.get("playwright")
            and wants_render(request)
            and self.browser_problem() is None
        ):
            request.meta.update(self.browser_meta(request, _waf_render=True))
            self.stats.inc_value("news/rendered_pages")
        if request.meta.get("playwright"):  # each browser fetch (a retried one too)
            self.stats.inc_value("news/browser_requests")

    async def process_response(self, request: Request, response: Response):
        if request.meta.get("_waf_solver"):
            return response  # the solve's own browser fetch: judged by the solver
        if "playwright" in response.flags:
            self.take_cookies(request, response)
            if not is_challenge(response):
                return response
        elif not is_challenge(response):
            if (
                request.meta.get("article_id")
                and not request.meta.get("_waf_render")
                and is_script_shell(response)
                and self.browser_problem() is None
            ):
                logger.info("article page holds only scripts, rendering it in the browser: %s", request.url)
                self.stats.inc_value("news/rendered_pages")
                return request.replace(dont_filter=True, meta=self.browser_meta(request, _waf_render=True))
            return response
        return await self.handle_challenge(request, response)

    async def handle_challenge(self, request: Request, response: Response):
        host = self.host(request)
        self.stats.inc_value("news/waf_challenges")
        attempts = request.meta.get("waf_attempts", 0)
        if host in self.given_up:
            self.unsolved(request, f"the challenge of {host} could not be passed earlier in this run")
        problem = self.browser_problem()
        if problem is not None:
            if self.browser_on:
                self.fail_browser_missing(problem)
            self.unsolved(request, f"JavaScript challenge and {problem}")
        stale = request.meta.get("_waf_stale", 0)
        if request.meta.get("_waf_gen", 0) < self.generation.get(host, 0) and stale < 3:
            # sent before the last solve finished: the jar has fresh cookies now, try them
            return self.again(request, attempts, _waf_stale=stale + 1)
        if attempts >= self.max_attempts:
            self.given_up.add(host)
            self.unsolved(request, f"still challenged after {attempts} browser solve(s)")
        solve = self.solving.get(host)
        if solve is None:
            solve = asyncio.ensure_future(self.solve(host, request))
            self.solving[host] = solve

            def forget(_done: asyncio.Future, h: str = host) -> None:
                self.solving.pop(h, None)

            solve.add_done_callback(forget)
        else:
            self.stats.inc_value("news/waf_waited")
        passed, why = await asyncio.shield(solve)
        if not passed and attempts + 1 >= self.max_attempts:
            self.given_up.add(host)
            self.unsolved(request, why)
        return self.again(request, attempts + 1)

    def again(self, request: Request, attempts: int, **extra) -> Request:
        meta = dict(request.meta, waf_attempts=attempts, **extra)
        for key in ("_waf_gen", "playwright_page_methods"):
            meta.pop(key, None)
        if meta.get("playwright"):  # a rendered page: render it again (fresh page methods)
            meta = self.browser_meta(request.replace(meta=meta))
        return request.replace(dont_filter=True, meta=meta, priority=request.priority + 1)

    def unsolved(self, request: Request, why: str):
        self.stats.inc_value("news/errors/waf_unsolved")
        logger.error("WAF challenge not passed, request fails: %s — %s", request.url, why)
        raise WafChallengeError(f"JavaScript challenge not passed: {why}")

    async def solve(self, host: str, request: Request) -> tuple[bool, str]:
        """One browser fetch of the challenged URL; the cookies it ends with go to the jar."""
        logger.info("JavaScript challenge from %s: solving it in the browser (%s)", host, request.url)
        self.stats.inc_value("news/waf_solves")
        # only the jar key is kept: the solve is not the spider's request (no article_id etc.)
        bare = Request(
            request.url, meta={"cookiejar": request.meta["cookiejar"]} if "cookiejar" in request.meta else {}
        )
        browser_request = Request(
            request.url,
            dont_filter=True,
            priority=request.priority + 10,
            meta=self.browser_meta(bare, _waf_solver=True),
        )
        try:
            response = await self.crawler.engine.download_async(browser_request)
        except Exception as exc:  # browser failed to start, navigation timeout, crash
            why = f"the browser fetch failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            logger.error("%s (%s)", why, request.url)
            if "Executable doesn't exist" in str(exc) or "ENOENT" in str(exc):
                self.fail_browser_missing(f"Chromium could not start at {self.chromium}: {INSTALL_HINT}")
            return False, why
        finally:
            self.generation[host] = self.generation.get(host, 0) + 1
        result = self.take_cookies(request, response)
        passed = bool(result and result.get("passed")) and not is_challenge(response)
        if passed:
            assert result is not None  # passed: the browser reported a result
            self.stats.inc_value("news/waf_passed")
            logger.info(
                "challenge of %s passed in the browser; %d cookie(s) carried to the plain requests",
                host,
                len(result.get("cookies", ())),
            )
            return True, ""
        why = f"the browser did not get past the challenge within {self.timeout:g}s"
        logger.warning("%s (%s)", why, request.url)
        return False, why

    # -- cookies ---------------------------------------------------------------------------------------
    def take_cookies(self, request: Request, response: Response) -> dict | None:
        """Copy the browser context's cookies (reported by ``wait_until_passed``) into the
        plain session's jar."""
        result = None
        for method in response.meta.get("playwright_page_methods") or ():
            value = getattr(method, "result", None)
            if isinstance(value, dict) and "cookies" in value:
                result = value
        if result is None:
            return None
        jar = self.cookie_jar(request)
        if jar is None:
            logger.error("cookies from the browser cannot be carried: CookiesMiddleware is off (COOKIES_ENABLED)")
            return result
        for c in result["cookies"]:
            jar.set_cookie(_to_cookiejar(c))
        self.stats.inc_value("news/waf_cookies_copied", len(result["cookies"]))
        return result

    def cookie_jar(self, request: Request):
        from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

        downloader = getattr(self.crawler.engine, "downloader", None)
        for mw in getattr(getattr(downloader, "middleware", None), "middlewares", ()):
            if isinstance(mw, CookiesMiddleware):
                return mw.jars[request.meta.get("cookiejar")]
        return None


def _to_cookiejar(c: dict) -> http.cookiejar.Cookie:
    domain = c.get("domain") or ""
    expires = c.get("expires")
    expires = int(expires) if expires is not None and expires > 0 else None
    return http.cookiejar.Cookie(
        version=0,
        name=c["name"],
        value=c.get("value", ""),
        port=None,
        port_specified=False,
        domain=domain,
        domain_specified=domain.startswith("."),
        domain_initial_dot=domain.startswith("."),
        path=c.get("path") or "/",
        path_specified=True,
        secure=bool(c.get("secure")),
        expires=expires,
        discard=expires is None,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""} if c.get("httpOnly") else {},
        rfc2109=False,
    )
