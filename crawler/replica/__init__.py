"""Local replicas of the outlets' sites, for offline crawls in tests and ``make demo``: a server
of the real paths (``server.py``) with fault injection, a WAF challenge mode (``waf.py``) and
redesign modes (``redesign.py``); the fixture sites stay in ``tests/fixtures/sites/``.

    python -m crawler.replica orient_news --port 8000
"""

from crawler.replica.server import FIXTURES, Replica, Site

__all__ = ["FIXTURES", "Replica", "Site"]
