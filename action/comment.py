"""Post a pull request's ``cjm diff`` as one sticky comment, updated in place.

One comment per pull request, not one per push: a reviewer reads the latest diff at one
place and the conversation is not buried (marocchino/sticky-pull-request-comment works
the same way). The comment is found again by a hidden HTML marker in its first line,
``<!-- cjm-diff -->`` by default, read through every page of the issue's comments, since
a busy pull request has more than one page of them.

The comment is a courtesy, not the gate: a pull request from a fork runs with a
read-only token, and GitHub answers 403 "Resource not accessible by integration". That
prints a ``::warning::`` workflow command and exits 0, so the job's status stays the
one lint gave it. Any other failure (a wrong token, GitHub down) is one clear line and
exit 1; a bad argument, a missing token or body file exit 2. Never a traceback.

This is the action's own script, beside ``action.yml`` and outside the ``cjm`` package:
cjm's users never post comments from their own runtime, so the installed package carries
no GitHub REST client. The action runs it as ``"$ACTION_PATH/action/comment.py"``; the
fork-safe ``workflow_run`` recipe in ``examples/ci/`` checks out this one file from a
cjm tag and runs it without installing anything. Hence the standard library only
(``urllib.request``) and no import of cjm: posting loads no maps, no pydantic, no jinja2.

    python action/comment.py --repo OWNER/NAME --issue N --body-file comment.md

The token comes from ``GITHUB_TOKEN``, the API from ``--api``, else ``GITHUB_API_URL``
(set by the runner, so GitHub Enterprise Server works unchanged), else
https://api.github.com.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import Message
from typing import Any, NoReturn

MARKER = "<!-- cjm-diff -->"
DEFAULT_API = "https://api.github.com"
#: GitHub refuses a comment body longer than this ("body is too long (maximum is
#: 65536 characters)"). ``cjm diff --max-chars`` keeps a report well under it; the cut
#: here is the last resort for a body from elsewhere.
BODY_LIMIT = 65_536
_CUT_NOTE = "\n\n*(cut to GitHub's 65,536-character limit for a comment)*\n"
#: Comments asked for per page: GitHub's maximum, so most pull requests take one request.
PER_PAGE = 100
#: A guard against a server whose ``next`` links never end: 1,000 pages of 100.
_MAX_PAGES = 1000
_TIMEOUT = 30.0
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_LINK = re.compile(r"<(?P<url>[^>]*)>(?P<parameters>[^<]*)")
_REL = re.compile(r"""\brel\s*=\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s;,]+))""", re.IGNORECASE)
_USAGE, _FAILED = 2, 1


class PostError(Exception):
    """A failure to report in one line; ``status`` is the HTTP status when there is one."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    data: Any
    next_url: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the poster did: ``created``, ``updated``, ``unchanged`` or ``skipped``."""

    action: str
    comment_id: int | None = None
    url: str | None = None


def next_link(header: str | None, *, base: str = "") -> str | None:
    """The URL of the ``rel="next"`` entry of an RFC 8288 ``Link`` header, if any.

    GitHub sends ``<https://api.github.com/...&page=2>; rel="next", <...>; rel="last"``;
    a ``rel`` may hold several space-separated relations, and a relative URL is read
    against ``base``, the URL that was requested.
    """
    if not header:
        return None
    for match in _LINK.finditer(header):
        for rel in _REL.finditer(match.group("parameters")):
            relations = (rel.group("quoted") or rel.group("bare") or "").lower().split()
            if "next" in relations:
                return str(urllib.parse.urljoin(base, match.group("url").strip()))
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, not followed: urllib would resend the token to wherever
    the ``Location`` points, and GitHub redirects only a renamed repository's URLs."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class GitHub:
    """The three REST endpoints the poster needs, with the headers GitHub documents."""

    def __init__(self, api: str, token: str) -> None:
        parsed = urllib.parse.urlsplit(api)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise PostError(f"the API URL must be http(s)://HOST[/PATH], not {api!r}")
        self.api = api.rstrip("/")
        self._origin = (parsed.scheme, parsed.netloc)
        self._token = token
        self._opener = urllib.request.build_opener(_NoRedirect)

    def comments(self, repository: str, issue: int) -> Iterator[dict[str, Any]]:
        """Every comment of the issue or pull request, oldest first, page by page."""
        url: str | None = (
            f"{self.api}/repos/{repository}/issues/{issue}/comments?per_page={PER_PAGE}"
        )
        seen: set[str] = set()
        while url is not None:
            if url in seen or len(seen) >= _MAX_PAGES:
                raise PostError(f"the comments' pages do not end (at {url})")
            seen.add(url)
            answer = self._request("GET", url)
            if not isinstance(answer.data, list):
                raise PostError(f"GET {url}: expected a list of comments")
            for comment in answer.data:
                if isinstance(comment, dict):
                    yield comment
            url = answer.next_url

    def create(self, repository: str, issue: int, body: str) -> dict[str, Any]:
        url = f"{self.api}/repos/{repository}/issues/{issue}/comments"
        return self._object(self._request("POST", url, {"body": body}), url)

    def update(self, repository: str, comment_id: int, body: str) -> dict[str, Any]:
        url = f"{self.api}/repos/{repository}/issues/comments/{comment_id}"
        return self._object(self._request("PATCH", url, {"body": body}), url)

    @staticmethod
    def _object(answer: Answer, url: str) -> dict[str, Any]:
        if not isinstance(answer.data, dict):
            raise PostError(f"{url}: expected a comment object")
        return answer.data

    def _request(self, method: str, url: str, payload: dict[str, str] | None = None) -> Answer:
        parsed = urllib.parse.urlsplit(url)
        if (parsed.scheme, parsed.netloc) != self._origin:
            # A next link elsewhere would carry the token to another host.
            raise PostError(f"{method} {url}: refusing to send the token outside {self.api}")
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self._token}")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "cjm-comment")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=_TIMEOUT) as response:
                status = response.status
                raw = response.read()
                link = response.headers.get("Link")
        except urllib.error.HTTPError as error:
            with error:
                detail = _message(error.read(), error.headers)
            raise PostError(
                f"{method} {url}: HTTP {error.code}{detail}", status=error.code
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PostError(f"{method} {url}: cannot reach the API: {reason}") from None
        try:
            decoded = json.loads(raw) if raw.strip() else None
        except ValueError:
            raise PostError(f"{method} {url}: the answer is not JSON") from None
        return Answer(status, decoded, next_link(link, base=url))


def _message(raw: bytes, headers: Message | None) -> str:
    """GitHub's ``message`` from an error's JSON body, for the one line we print."""
    try:
        data = json.loads(raw)
    except ValueError:
        text = raw.decode("utf-8", "replace").strip()
        return f": {text[:200]}" if text else ""
    if not isinstance(data, dict):
        return ""
    message = str(data.get("message", "")).strip()
    errors = data.get("errors")
    if isinstance(errors, list) and errors:
        message += " (" + "; ".join(str(_describe(item)) for item in errors) + ")"
    location = headers.get("Location") if headers is not None else None
    if location:
        message += f" (redirected to {location})"
    return f": {message}" if message else ""


def _describe(error: Any) -> Any:
    return error.get("message") or error.get("code") or error if isinstance(error, dict) else error


def comment_body(text: str, *, marker: str = MARKER) -> str:
    """The marker on the first line, then the text, cut to GitHub's limit if needed."""
    body = f"{marker}\n{text}"
    if len(body) <= BODY_LIMIT:
        return body
    return body[: BODY_LIMIT - len(_CUT_NOTE)] + _CUT_NOTE


def post(
    client: GitHub,
    repository: str,
    issue: int,
    text: str,
    *,
    marker: str = MARKER,
    create: bool = True,
) -> Outcome:
    """Create the sticky comment, or update the one that carries ``marker``.

    With ``create`` false an existing comment is updated but none is created: when a
    push leaves the maps as they were on the base, a pull request that never had a cjm
    comment gets none, while one that had says so now.
    """
    body = comment_body(text, marker=marker)
    for comment in client.comments(repository, issue):
        if marker in str(comment.get("body") or ""):
            comment_id = comment.get("id")
            if not isinstance(comment_id, int):
                raise PostError("a cjm comment without a numeric id")
            if comment.get("body") == body:
                return Outcome("unchanged", comment_id, comment.get("html_url"))
            updated = client.update(repository, comment_id, body)
            return Outcome("updated", comment_id, updated.get("html_url"))
    if not create:
        return Outcome("skipped")
    created = client.create(repository, issue, body)
    created_id = created.get("id")
    return Outcome(
        "created", created_id if isinstance(created_id, int) else None, created.get("html_url")
    )


def _workflow_data(text: str) -> str:
    """Text safe as a workflow command's message (the runner's own escaping)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="action/comment.py",
        description=(
            "Post a file as one sticky pull request comment: updated in place when a "
            "comment with the marker exists, created otherwise. The token is read from "
            "GITHUB_TOKEN."
        ),
    )
    parser.add_argument("--repo", required=True, metavar="OWNER/NAME")
    parser.add_argument(
        "--issue",
        required=True,
        type=_positive,
        metavar="N",
        help="The pull request's (or issue's) number.",
    )
    parser.add_argument(
        "--body-file",
        required=True,
        metavar="FILE",
        help="The comment's Markdown, e.g. from `cjm diff --format markdown`.",
    )
    parser.add_argument(
        "--marker",
        default=MARKER,
        help=f"The hidden text that finds the comment again (default {MARKER}).",
    )
    parser.add_argument(
        "--api",
        default=None,
        metavar="URL",
        help=f"The REST API's base (default: GITHUB_API_URL, else {DEFAULT_API}).",
    )
    parser.add_argument(
        "--update-only",
        action="store_true",
        help="Update an existing comment, but create none (for an empty diff).",
    )
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a pull request number: {value!r}")
    return int(value)


def _fail(message: str, status: int) -> NoReturn:
    print(f"cjm comment: error: {message}", file=sys.stderr)
    raise SystemExit(status)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if not _REPOSITORY.match(arguments.repo):
        _fail(f"--repo must be OWNER/NAME, not {arguments.repo!r}", _USAGE)
    if not arguments.marker.strip():
        _fail("--marker must not be blank: it is how the comment is found again", _USAGE)
    token = os.environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        _fail(
            "no token: set GITHUB_TOKEN (in a workflow, `env: GITHUB_TOKEN: "
            "${{ github.token }}` with `permissions: pull-requests: write`)",
            _USAGE,
        )
    try:
        with open(arguments.body_file, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"cannot read the body file {arguments.body_file!r}: {error}", _USAGE)
    api = arguments.api or os.environ.get("GITHUB_API_URL", "").strip() or DEFAULT_API
    try:
        client = GitHub(api, token)
    except PostError as error:
        _fail(error.message, _USAGE)
    try:
        outcome = post(
            client,
            arguments.repo,
            arguments.issue,
            text,
            marker=arguments.marker,
            create=not arguments.update_only,
        )
    except PostError as error:
        if error.status == 403:
            # A fork's pull request runs with a read-only token; the comment is not
            # the gate, so the job keeps the status its checks gave it.
            print(
                "::warning title=cjm comment::"
                + _workflow_data(
                    f"the pull request comment was not posted: {error.message}. A pull "
                    "request from a fork gets a read-only token; post from a workflow_run "
                    "workflow instead (see docs/ci.md)."
                )
            )
            return 0
        _fail(error.message, _FAILED)
    if outcome.action == "skipped":
        print("cjm comment: no changes and no earlier comment: nothing posted")
    else:
        where = f" {outcome.url}" if outcome.url else ""
        print(f"cjm comment: {outcome.action} comment {outcome.comment_id}{where}")
    return 0


if __name__ == "__main__":  # pragma: no cover - the script's command line
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except BaseException as error:  # one line, never a traceback
        print(f"cjm comment: internal error: {error!r}; please report it", file=sys.stderr)
        sys.exit(3)
