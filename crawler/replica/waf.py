"""The replica's WAF mode: every path answers a JavaScript cookie challenge until the request
carries the cookie that the challenge's script computes in the browser.

Unlike the captured sample (``shared/sites/furat_post/waf-challenge.html``: a base64 string
``eval``-ed, Sucuri's markers), this challenge carries no known WAF marker and no literal
cookie value: the script reassembles a token from shuffled pieces, hashes it with a little
arithmetic, builds the cookie's name and value from the result, then sets the cookie with
``document.cookie`` after a short delay and calls ``location.reload()``. The token (and so
the cookie's name and value) changes every time this module is loaded, i.e. with every
replica process, as a live WAF's script changes from day to day.

The check really requires the computed value: a client that does not run the script
(plain HTTP, or a regex over the script) gets the challenge again, whatever it sends.
"""

from __future__ import annotations

import html
import json
import secrets
from http.cookies import CookieError, SimpleCookie

MODULUS = 1_000_000_007
DELAY_MS = 250  # the script waits before it sets the cookie, as WAF scripts often do

#: this replica process's token (a live WAF's script differs from day to day)
TOKEN = secrets.token_hex(12)
_ORDER = list(range(len(TOKEN) // 4))
secrets.SystemRandom().shuffle(_ORDER)


def _pieces() -> tuple[list[str], list[int]]:
    """The token cut in 4-character pieces stored in shuffled order, and the order that
    puts them back together (``pieces[order[i]]`` is the token's i-th piece)."""
    chunks = [TOKEN[i : i + 4] for i in range(0, len(TOKEN), 4)]
    stored = [""] * len(chunks)
    order = [0] * len(chunks)
    for i, slot in enumerate(_ORDER):
        stored[slot] = chunks[i]
        order[i] = slot
    return stored, order


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def _digest(token: str) -> int:
    h = 7
    for i, ch in enumerate(token):
        h = (h * 31 + ord(ch) * (i + 1)) % MODULUS
    return h


def cookie_name() -> str:
    return "rwaf_" + format(_digest(TOKEN[::-1]) % 65536, "x")


def cookie_value() -> str:
    """What the script computes (the same arithmetic, in Python)."""
    h = _digest(TOKEN)
    return f"{_base36(h)}-{TOKEN[::-1][:6]}-{format(len(TOKEN) * 13 + h % 97, 'x')}"


def page() -> bytes:
    stored, order = _pieces()
    script = f"""
(function () {{
  var p = {json.dumps(stored)}, o = {json.dumps(order)}, s = "", i, h, g, n, v;
  for (i = 0; i < o.length; i++) {{ s += p[o[i]]; }}
  function d(t) {{
    var x = 7, k;
    for (k = 0; k < t.length; k++) {{ x = (x * 31 + t.charCodeAt(k) * (k + 1)) % {MODULUS}; }}
    return x;
  }}
  h = d(s);
  g = s.split("").reverse().join("");
  n = "rw" + "af_" + (d(g) % 65536).toString(16);
  v = h.toString(36) + "-" + g.slice(0, 6) + "-" + (s.length * 13 + h % 97).toString(16);
  setTimeout(function () {{
    document.cookie = n + "=" + v + "; path=/; max-age=3600; SameSite=Lax";
    location.reload();
  }}, {DELAY_MS});
}})();
"""
    body = f"""<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8"><title>{html.escape("Security check")}</title></head>
<body>
<p>Please wait while your browser is checked. This takes a second.</p>
<noscript><p>Please turn JavaScript on and reload the page.</p></noscript>
<script>{script}</script>
</body></html>
"""
    return body.encode("utf-8")


def _cookies(headers) -> dict[str, str]:
    if headers is None:
        return {}
    values = headers.get_all("Cookie") if hasattr(headers, "get_all") else [headers.get("Cookie")]
    found: dict[str, str] = {}
    for raw in values or ():
        if not raw:
            continue
        jar = SimpleCookie()
        try:
            jar.load(raw)
        except CookieError:
            continue
        found.update({k: m.value for k, m in jar.items()})
    return found


def passes(headers) -> bool:
    return _cookies(headers).get(cookie_name()) == cookie_value()


def challenge(path: str, headers) -> tuple[int, dict, bytes] | None:
    """None when the request carries the cookie the script computes (the replica then
    serves the real answer), else the challenge page (status 200, as Sucuri answers)."""
    if passes(headers):
        return None
    return (
        200,
        {
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-store, no-cache",
            "X-Replica-WAF": "challenge",
        },
        page(),
    )
