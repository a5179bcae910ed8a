"""The server lifecycle the replicas share: a threaded HTTP server on a loopback port.

``Replica`` (server.py) and ``SyntheticReplica`` (synthetic.py) differ in what they answer, not
in how they are served: each passes its request-handler class, and gets ``base_url``,
``start``/``stop`` and ``with … as replica:``. The tests' alert receivers (tests/receivers.py: a
webhook, Telegram's API, an SMTP server) are served the same way.
"""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """Serves ``handler`` on ``127.0.0.1:port`` (0: a free port) in a daemon thread, an HTTP
    server unless ``server_class`` says otherwise (an SMTP receiver's ``ThreadingTCPServer``)."""

    def __init__(
        self,
        handler: type[socketserver.BaseRequestHandler],
        port: int = 0,
        server_class: type[socketserver.TCPServer] = ThreadingHTTPServer,
        delay: float = 0.0,
    ):
        #: seconds to wait before each answer (a far site); requests being answered now, and the
        #: most there ever were at once (politeness tests, bench/distributed.py)
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.server = server_class(("127.0.0.1", port), handler)
        if isinstance(self.server, socketserver.ThreadingMixIn):
            self.server.daemon_threads = True  # a hung client never holds up the end of a test
        self.thread: threading.Thread | None = None

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Around one answer: counted in flight, after ``delay``."""
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            yield
        finally:
            with self.lock:
                self.in_flight -= 1

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

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
