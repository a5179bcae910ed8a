"""The server lifecycle the replicas share: a threaded HTTP server on a loopback port.

``Replica`` (server.py) and ``SyntheticReplica`` (synthetic.py) differ in what they answer, not
in how they are served: each passes its request-handler class, and gets ``base_url``,
``start``/``stop`` and ``with … as replica:``. The tests' alert receivers (tests/receivers.py: a
webhook, Telegram's API, an SMTP server) are served the same way.
"""

from __future__ import annotations

import socketserver
import threading
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
    ):
        self.lock = threading.Lock()
        self.server = server_class(("127.0.0.1", port), handler)
        if isinstance(self.server, socketserver.ThreadingMixIn):
            self.server.daemon_threads = True  # a hung client never holds up the end of a test
        self.thread: threading.Thread | None = None

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
