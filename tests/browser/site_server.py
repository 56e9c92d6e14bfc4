"""Serving a built site on 127.0.0.1 the way GitHub Pages does, for the browser tests.

A missing path answers 404 with the site's own ``404.html``, as GitHub Pages
does, so the tests see the page readers would see.
"""

from __future__ import annotations

import http.server
from contextlib import AbstractContextManager
from http import HTTPStatus
from pathlib import Path

from kb.checks.linkcheck import serve


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing file answers 404 with the site's 404.html."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_like_pages(site_dir: Path) -> AbstractContextManager[str]:
    """Serve site_dir on a free port of 127.0.0.1; yields the base URL ending in '/'."""
    return serve(site_dir, PagesLikeHandler)
