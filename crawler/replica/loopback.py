"""The server lifecycle the replicas share: a threaded HTTP server on a loopback port.

``Replica`` (server.py) and ``SyntheticReplica`` (synthetic.py) differ in what they answer, not
in how they are served: each passes its request-handler class, and gets ``base_url``,
``start``/``stop`` and ``with … as replica:``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """Serves ``handler`` on ``127.0.0.1:port`` (0: a free port) in a daemon thread."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0):
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Self:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
