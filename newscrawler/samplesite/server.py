"""Serve the sample site over real HTTP on 127.0.0.1 (a threaded ``http.server``).

>>> with serve() as running:
...     running.url.startswith("http://127.0.0.1:") and running.url.endswith("/")
True
"""

from __future__ import annotations

import logging
import re
import socket
import socketserver
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawler.profiles import SITES_DIR
from newscrawler.samplesite.breakage import BREAKAGES
from newscrawler.samplesite.render import Ctx
from newscrawler.samplesite.routes import ARTICLE, route
from newscrawler.samplesite.site import SampleSite

logger = logging.getLogger(__name__)
HOME_URL_RE = re.compile(r'(?m)^home_url = ".*"$')


class RunningSite:
    """A sample site being served: its home ``url``, its ``site`` and its request log."""

    def __init__(self, site: SampleSite, server: ThreadingHTTPServer) -> None:
        self.site = site
        self._server = server
        self._log_lock = threading.Lock()
        self._requests: list[tuple[str, str, int]] = []
        self.url = "http://{}:{}/".format(*_address(server))
        # A name in samplesite.breakage.BREAKAGES: article pages are served broken.
        self.breakage: str | None = None
        self._thread = threading.Thread(target=server.serve_forever, name="samplesite", daemon=True)

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """A copy of the log: (method, path with query, status); status 0 for a reset."""
        with self._log_lock:
            return list(self._requests)

    def log(self, method: str, path: str, status: int) -> None:
        with self._log_lock:
            self._requests.append((method, path, status))

    def clear_requests(self) -> None:
        with self._log_lock:
            self._requests.clear()

    def write_profile(self, folder: Path) -> Path:
        """The shipped ``samplesite`` profile pointed at this server, written into ``folder``.

        Crawls started from it are recorded under the site key ``samplesite``
        whatever port the server has (a bare URL is keyed ``127.0.0.1:PORT``).
        """
        shipped = (SITES_DIR / "samplesite.toml").read_text("utf-8")
        path = folder / "samplesite.toml"
        path.write_text(HOME_URL_RE.sub(f'home_url = "{self.url}"', shipped), "utf-8")
        return path

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket (safe to call twice)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()


class Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the site model."""

    server_version = "SampleNews/1.0"
    protocol_version = "HTTP/1.1"
    running: RunningSite  # set on the per-server subclass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        host = self.headers.get("Host") or "{}:{}".format(*_address(self.server))
        ctx = Ctx(self.running.site, f"http://{host}")
        reply = route(ctx, self.path)
        if (
            self.running.breakage
            and ARTICLE.match(urlsplit(self.path).path)
            and reply.status == 200
        ):
            broken = BREAKAGES[self.running.breakage](reply.body.decode("utf-8"))
            reply = replace(reply, body=broken.encode("utf-8"))
        reply = reply.conditional(
            self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        )
        self.running.log(self.command, self.path, 0 if reply.reset else reply.status)
        if reply.reset:
            self._reset()
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        if reply.status != 304:  # a 304 has no body and must not announce one
            self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(reply.body)

    def _reset(self) -> None:
        """Close the connection at once with a TCP reset, sending no response."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("samplesite: " + format, *args)


def _address(server: socketserver.BaseServer) -> tuple[str, int]:
    address: Any = server.server_address
    return str(address[0]), int(address[1])


@contextmanager
def serve(
    site: SampleSite | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningSite]:
    """Serve ``site`` (a fresh :class:`SampleSite` by default) until the block ends."""
    running = start(site, host, port)
    try:
        yield running
    finally:
        running.stop()


def start(site: SampleSite | None = None, host: str = "127.0.0.1", port: int = 0) -> RunningSite:
    """Start serving in a background thread; call ``.stop()`` when done."""
    handler: type[Handler] = type("BoundHandler", (Handler,), {})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    running = RunningSite(site or SampleSite(), server)
    handler.running = running
    running.start()
    logger.info("sample site serving at %s", running.url)
    return running
