"""A local replica of an outlet's site: serves ``tests/fixtures/sites/<site>/`` at the real paths.

    python -m crawler.replica orient_news --port 8000
    python -m crawler.replica furat_post --port 8001 --mode api-off

``MANIFEST.tsv`` (path, status, content type or redirect Location, file) says what each path
answers, as in the captured sites; unknown paths answer 404. Paths match with or without
percent-encoding. Static answers carry an ETag and honour ``If-None-Match`` (304).

WordPress REST API: when the site folder has ``wp-json/posts.json`` (every post, newest first,
with ``_embedded``), ``/wp-json/wp/v2/posts`` is answered like WordPress does: ``per_page``
(1–100, else 400), ``page`` (past the end: 400 ``rest_post_invalid_page_number``),
``after``/``before``/``modified_after``/``modified_before`` (ISO 8601), ``orderby`` (date,
modified, id), ``order``, ``_embed``,
``X-WP-Total``/``X-WP-TotalPages`` headers; ``/wp-json/wp/v2/posts/<id>`` answers one post.

Modes: ``normal``; ``forbidden`` (every path 403, as the live Orient site was reported to do);
``api-off`` (``/wp-json/*`` answers ``--api-status``, default 401, as hardened WordPress sites);
``waf`` (every path answers a JavaScript cookie challenge until the request carries the cookie
the script sets: ``crawler/replica/waf.py``).
Redesign: ``--redesign theme|no-date|no-author --redesign-after YYYY-MM-DD`` serves the article
pages published from that day on in changed markup (``crawler/replica/redesign.py``).
Faults: ``--fault PATH=503,429`` answers the first requests of PATH with those faults, one per
request: a status (``503``), a status with a ``Retry-After`` header (``429;retry-after=3``; in
tests also an HTTP-date), ``html`` (200 with an HTML login page instead of the answer: a sitemap
or feed that is not XML, an API answer that is not JSON) or ``cut:N`` (the real answer cut at N
bytes, served as complete: a sitemap cut off mid-``<loc>``).
``GET /__replica__/requests`` lists the paths requested so far (tests count requests with it).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.replica.loopback import LoopbackServer

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sites"  # the fixtures stay with the tests


def _key(path_and_query: str) -> str:
    parts = urlsplit(path_and_query)
    key = unquote(parts.path)
    return key + ("?" + unquote(parts.query) if parts.query else "")


class Site:
    def __init__(self, name: str, root: Path | None = None):
        self.name = name
        self.root = root or FIXTURES / name
        self.routes: dict[str, tuple[int, str, str]] = {}
        manifest = self.root / "MANIFEST.tsv"
        for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
            if not line.strip():
                continue
            path, status, ctype, file = line.split("\t")[:4]
            self.routes[_key(path)] = (int(status), ctype, file)
        posts = self.root / "wp-json" / "posts.json"
        self.posts: list[dict] | None = json.loads(posts.read_text(encoding="utf-8")) if posts.exists() else None

    def lookup(self, path: str):
        return self.routes.get(_key(path))


LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Log in</title></head><body><form action=/login method=post>"
    b"<input name=user><input type=password name=pass></form></body></html>"
)


def apply_fault(fault: str, real) -> tuple[int, dict, bytes]:
    """One planned fault (see the module docstring); ``real()`` is the answer it replaces."""
    if fault == "html":
        return 200, {"Content-Type": "text/html; charset=utf-8"}, LOGIN_PAGE
    if fault.startswith("cut:"):
        status, headers, body = real()
        headers = {k: v for k, v in headers.items() if k != "ETag"}
        return status, headers, body[: int(fault[4:])]
    status, _, option = fault.partition(";")
    headers = {"Content-Type": "text/plain"}
    if option.startswith("retry-after="):
        headers["Retry-After"] = option[len("retry-after=") :]
    return int(status), headers, b"injected fault"


def _parse_time(value: str) -> datetime:
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _post_time(post: dict, field: str) -> datetime:
    return datetime.fromisoformat(post[field]).replace(tzinfo=UTC)


class Replica(LoopbackServer):
    """The server; usable from tests (``with Replica("orient_news") as r: r.base_url``)."""

    def __init__(
        self,
        site: str,
        port: int = 0,
        mode: str = "normal",
        api_status: int = 401,
        faults: dict[str, list] | None = None,
        root: Path | None = None,
        delay: float = 0.0,
        redesign: tuple[str, str] | None = None,
    ):
        self.site = Site(site, root)
        self.redesign = redesign  # (kind, first day)
        self.overrides: dict[str, tuple[int, str, bytes]] = {}
        self.mode = mode
        self.api_status = api_status
        self.faults = {_key(k): list(v) for k, v in (faults or {}).items()}
        self.requests: list[str] = []
        super().__init__(self._handler(), port, delay=delay)

    def serve(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200) -> None:
        """Answer ``path`` with these bytes from now on (a new article, a changed feed…)."""
        self.overrides[_key(path)] = (status, content_type, body)

    def file_bytes(self, path: str) -> bytes:
        """The bytes the manifest serves at ``path``."""
        return (self.site.root / self.site.lookup(path)[2]).read_bytes()

    # -- answers ------------------------------------------------------------------------------------
    def answer(self, path: str, headers) -> tuple[int, dict, bytes]:
        key = _key(path)
        with self.lock:
            self.requests.append(path)
            planned = self.faults.get(key)
            fault = str(planned.pop(0)) if planned else None
        if fault is None:
            return self.regular_answer(path, headers)
        return apply_fault(fault, lambda: self.regular_answer(path, {}))

    def regular_answer(self, path: str, headers) -> tuple[int, dict, bytes]:
        key = _key(path)
        if self.mode == "waf":
            from crawler.replica import waf as replica_waf  # the challenge lives in its own module

            challenge = replica_waf.challenge(path, headers)
            if challenge is not None:
                return challenge
        if self.mode == "forbidden":
            return 403, {"Content-Type": "text/html"}, b"<html><body>403 Forbidden</body></html>"
        if key in self.overrides:
            status, ctype, body = self.overrides[key]
            return status, {"Content-Type": ctype, "ETag": '"' + hashlib.md5(body).hexdigest() + '"'}, body
        if urlsplit(path).path.startswith("/wp-json"):
            if self.mode == "api-off":
                return (
                    self.api_status,
                    {"Content-Type": "application/json"},
                    json.dumps(
                        {"code": "rest_disabled", "message": "REST API disabled", "data": {"status": self.api_status}}
                    ).encode(),
                )
            if self.site.posts is not None:
                return self.rest(path)
        route = self.site.lookup(path)
        if route is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>"
        status, ctype, file = route
        if status in (301, 302, 307, 308):
            return status, {"Location": ctype}, b""
        body = (self.site.root / file).read_bytes() if file not in ("-", "") else b"<html><body>Not Found</body></html>"
        if self.redesign and status == 200 and (ctype or "").startswith("text/html"):
            from crawler.replica import redesign as replica_redesign

            body = replica_redesign.transform(body, *self.redesign)
        hdrs = {"Content-Type": ctype or "text/html"}
        if status == 200:
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            hdrs["ETag"] = etag
            if headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b""
        return status, hdrs, body

    def rest(self, path: str) -> tuple[int, dict, bytes]:
        site_posts = self.site.posts
        assert site_posts is not None  # only asked of a site with wp-json/posts.json
        parts = urlsplit(path)
        q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        route = parts.path.rstrip("/")
        embed = "_embed" in q

        def shape(post):
            return post if embed else {k: v for k, v in post.items() if k != "_embedded"}

        def error(status, code, message):
            return (
                status,
                {"Content-Type": "application/json; charset=UTF-8"},
                json.dumps({"code": code, "message": message, "data": {"status": status}}).encode(),
            )

        if route.startswith("/wp-json/wp/v2/posts/"):
            post_id = route.rsplit("/", 1)[-1]
            for post in site_posts:
                if str(post["id"]) == post_id:
                    return (
                        200,
                        {"Content-Type": "application/json; charset=UTF-8"},
                        json.dumps(shape(post), ensure_ascii=False).encode(),
                    )
            return error(404, "rest_post_invalid_id", "Invalid post ID.")
        if route in {"/wp-json", "/wp-json/wp/v2"}:
            return 200, {"Content-Type": "application/json; charset=UTF-8"}, b'{"name":"replica","routes":{}}'
        if route != "/wp-json/wp/v2/posts":
            return error(404, "rest_no_route", "No route was found matching the URL and request method.")
        try:
            per_page = int(q.get("per_page", 10))
            page = int(q.get("page", 1))
        except ValueError:
            return error(400, "rest_invalid_param", "Invalid parameter(s): per_page, page")
        if not 1 <= per_page <= 100:
            return error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
        posts = list(site_posts)
        for param, field, keep in (
            ("after", "date_gmt", lambda t, b: t > b),
            ("before", "date_gmt", lambda t, b: t < b),
            ("modified_after", "modified_gmt", lambda t, b: t > b),
            ("modified_before", "modified_gmt", lambda t, b: t < b),
        ):
            if param in q:
                try:
                    bound = _parse_time(q[param])
                except ValueError:
                    return error(400, "rest_invalid_param", f"Invalid parameter(s): {param}")
                posts = [p for p in posts if keep(_post_time(p, field), bound)]
        order_field = {"date": "date_gmt", "modified": "modified_gmt", "id": "id"}.get(q.get("orderby", "date"))
        if order_field is None:
            return error(400, "rest_invalid_param", "Invalid parameter(s): orderby")
        posts.sort(key=lambda p: p[order_field], reverse=q.get("order", "desc") != "asc")
        total = len(posts)
        pages = max(1, math.ceil(total / per_page)) if total else 0
        if page < 1 or (page > 1 and page > pages):
            return error(
                400,
                "rest_post_invalid_page_number",
                "The page number requested is larger than the number of pages available.",
            )
        chunk = posts[(page - 1) * per_page : page * per_page]
        hdrs = {
            "Content-Type": "application/json; charset=UTF-8",
            "X-WP-Total": str(total),
            "X-WP-TotalPages": str(pages),
        }
        return 200, hdrs, json.dumps([shape(p) for p in chunk], ensure_ascii=False).encode()

    def _handler(self):
        replica = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                if self.path == "/__replica__/requests":
                    with replica.lock:
                        body = json.dumps(replica.requests).encode()
                    return self._send(200, {"Content-Type": "application/json"}, body)
                if self.path == "/__replica__/load":
                    with replica.lock:
                        body = json.dumps({"max_in_flight": replica.max_in_flight}).encode()
                    return self._send(200, {"Content-Type": "application/json"}, body)
                with replica.answering():
                    status, headers, body = replica.answer(self.path, self.headers)
                    self._send(status, headers, body)
                return None

            def do_HEAD(self):
                status, headers, _ = replica.answer(self.path, self.headers)
                self._send(status, headers, b"", head=True)

            def _send(self, status, headers, body, head=False):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def log_message(self, fmt, *args):
                pass

        return Handler


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(
        prog="python -m crawler.replica", description="Serve a fixture site at its real paths."
    )
    ap.add_argument("site", help="folder under tests/fixtures/sites (orient_news, furat_post)")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--mode", default="normal", choices=["normal", "forbidden", "api-off", "waf"])
    ap.add_argument("--api-status", type=int, default=401)
    ap.add_argument(
        "--fault",
        action="append",
        default=[],
        help="PATH=FAULT[,FAULT...] for the first requests of PATH: STATUS, STATUS;retry-after=S, html, cut:N",
    )
    ap.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    ap.add_argument("--redesign", choices=["theme", "no-date", "no-author"], help="changed markup for newer pages")
    ap.add_argument("--redesign-after", default="2022-06-01", help="first publication day served changed")
    args = ap.parse_args(argv)
    faults: dict[str, list] = {}
    for spec in args.fault:
        path, planned = spec.split("=", 1)
        faults[path] = planned.split(",")
    replica = Replica(
        args.site,
        port=args.port,
        mode=args.mode,
        api_status=args.api_status,
        faults=faults,
        delay=args.delay,
        redesign=(args.redesign, args.redesign_after) if args.redesign else None,
    )
    print(f"replica of {args.site} ({args.mode}) at {replica.base_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        replica.server.serve_forever()


if __name__ == "__main__":
    main()
