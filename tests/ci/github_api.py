"""A local stand-in for the three GitHub REST endpoints the comment poster uses.

It answers as GitHub documents them (docs.github.com/rest/issues/comments): a list of
an issue's comments paged with ``per_page`` and a ``Link`` header (``rel="next"``,
``"last"``, ``"first"``, ``"prev"``; the links point at ``/repositories/ID/...`` as
GitHub's do, so a client must follow them rather than rebuild its own), ``201`` with
the comment on create, ``200`` on update, ``401`` "Bad credentials" for a wrong token,
and, in ``forbidden`` mode, what a fork's read-only token gets on a write: ``403``
``{"message": "Resource not accessible by integration", ...}``.

``page_size`` caps ``per_page`` below GitHub's 100, so a few comments span pages.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "ghs_test-token"
REPOSITORY = "octo-org/maps"
REPOSITORY_ID = 4242
BOT = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
FORBIDDEN = {
    "message": "Resource not accessible by integration",
    "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
    "status": "403",
}

_LIST = re.compile(
    r"^/(?:repos/(?P<repo>[^/]+/[^/]+)|repositories/(?P<rid>\d+))/issues/(?P<n>\d+)/comments$"
)
_ONE = re.compile(r"^/repos/(?P<repo>[^/]+/[^/]+)/issues/comments/(?P<id>\d+)$")


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case: HTTP reads them so
    body: Any
    status: int


@dataclass
class FakeGitHub:
    """The server's state: comments by issue number, every call, and the mode."""

    page_size: int = 100
    mode: str = "ok"  # "ok", "forbidden" (403 on writes) or "broken" (500 on everything)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    url: str = ""
    _next_id: int = 1000

    def add(self, issue: int, body: str, user: dict[str, Any] | None = None) -> dict[str, Any]:
        self._next_id += 1
        comment = {
            "id": self._next_id,
            "node_id": f"IC_{self._next_id}",
            "url": f"{self.url}/repos/{REPOSITORY}/issues/comments/{self._next_id}",
            "html_url": f"https://github.com/{REPOSITORY}/pull/{issue}#issuecomment-{self._next_id}",
            "body": body,
            "user": user or {"login": "octocat", "id": 1, "type": "User"},
            "created_at": "2026-12-01T10:00:00Z",
            "updated_at": "2026-12-01T10:00:00Z",
        }
        self.comments.setdefault(issue, []).append(comment)
        return comment

    def writes(self) -> list[Call]:
        return [call for call in self.calls if call.method in ("POST", "PATCH")]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _handle(self, method: str) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        status, data, headers = self._answer(state, method, body)
        headers_seen = {name.lower(): value for name, value in self.headers.items()}
        state.calls.append(Call(method, self.path, headers_seen, body, status))
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _answer(self, state: FakeGitHub, method: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"message": "Bad credentials", "status": "401"}, {}
        if state.mode == "broken":
            return 500, {"message": "Server Error"}, {}
        parsed = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parsed.query)
        listing = _LIST.match(parsed.path)
        one = _ONE.match(parsed.path)
        known = listing and (listing["repo"] == REPOSITORY or listing["rid"] == str(REPOSITORY_ID))
        if method == "GET" and known and listing:
            return self._page(state, int(listing["n"]), query)
        if method == "POST" and known and listing and listing["repo"]:
            if state.mode == "forbidden":
                return 403, FORBIDDEN, {}
            if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                return 422, {"message": "Invalid request.", "status": "422"}, {}
            return 201, state.add(int(listing["n"]), body["body"], BOT), {}
        if method == "PATCH" and one and one["repo"] == REPOSITORY:
            if state.mode == "forbidden":
                return 403, FORBIDDEN, {}
            for comments in state.comments.values():
                for comment in comments:
                    if comment["id"] == int(one["id"]):
                        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                            return 422, {"message": "Invalid request.", "status": "422"}, {}
                        comment["body"] = body["body"]
                        comment["updated_at"] = "2026-12-01T11:00:00Z"
                        return 200, comment, {}
        return 404, {"message": "Not Found", "status": "404"}, {}

    def _page(
        self, state: FakeGitHub, issue: int, query: dict[str, list[str]]
    ) -> tuple[int, Any, dict[str, str]]:
        per_page = min(int(query.get("per_page", ["30"])[0]), 100, state.page_size)
        page = int(query.get("page", ["1"])[0])
        comments = state.comments.get(issue, [])
        last = max(1, -(-len(comments) // per_page))
        chunk = comments[(page - 1) * per_page : page * per_page]
        base = f"{state.url}/repositories/{REPOSITORY_ID}/issues/{issue}/comments"
        links = []
        if page < last:
            links += [
                f'<{base}?per_page={per_page}&page={page + 1}>; rel="next"',
                f'<{base}?per_page={per_page}&page={last}>; rel="last"',
            ]
        if page > 1:
            links += [
                f'<{base}?per_page={per_page}&page={page - 1}>; rel="prev"',
                f'<{base}?per_page={per_page}&page=1>; rel="first"',
            ]
        return 200, chunk, ({"Link": ", ".join(links)} if links else {})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: FakeGitHub


@contextmanager
def serve(state: FakeGitHub) -> Iterator[FakeGitHub]:
    """Run the fake on 127.0.0.1 at a free port, for the ``with`` block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = state
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
