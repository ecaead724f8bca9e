"""The comment poster on its own: ``Link`` pages, the body's limit and every failure as
one line and an exit status, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cjm
from tests.ci.github_api import REPOSITORY, TOKEN, FakeGitHub, serve
from tests.ci.poster import SCRIPT, comment

BODY_LIMIT = comment.BODY_LIMIT
MARKER = comment.MARKER
GitHub = comment.GitHub
PostError = comment.PostError
comment_body = comment.comment_body
next_link = comment.next_link
post = comment.post


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub(page_size=2)) as running:
        yield running


@pytest.fixture
def body(tmp_path: Path) -> Path:
    path = tmp_path / "comment.md"
    path.write_text("## 🗺️ Journey map changes\n", encoding="utf-8")
    return path


def test_next_link_as_github_sends_it() -> None:
    header = (
        "<https://api.github.com/repositories/1300192/issues/7/comments?per_page=2&page=2>; "
        'rel="next", '
        "<https://api.github.com/repositories/1300192/issues/7/comments?per_page=2&page=5>; "
        'rel="last"'
    )
    assert next_link(header) == (
        "https://api.github.com/repositories/1300192/issues/7/comments?per_page=2&page=2"
    )


def test_next_link_on_the_last_page_and_without_a_header() -> None:
    last_page = (
        '<https://api.github.com/x?page=1>; rel="first", '
        '<https://api.github.com/x?page=4>; rel="prev"'
    )
    assert next_link(last_page) is None
    assert next_link(None) is None
    assert next_link("") is None


def test_next_link_reads_rfc_8288_variants() -> None:
    # Several relations in one rel, an unquoted rel, other parameters, a relative URL.
    assert next_link('<https://h/a?page=2>; rel="next last"') == "https://h/a?page=2"
    assert next_link('<https://h/a?page=3>; title="x"; rel=next') == "https://h/a?page=3"
    assert next_link('</a?page=2>; rel="next"', base="https://h/a?page=1") == "https://h/a?page=2"
    assert next_link('<https://h/a?page=2>; rel="nextish"') is None


def test_every_page_is_read(github: FakeGitHub) -> None:
    for number in range(5):
        github.add(3, f"comment {number}")
    client = GitHub(github.url, TOKEN)
    assert [c["body"] for c in client.comments(REPOSITORY, 3)] == [
        f"comment {number}" for number in range(5)
    ]
    assert [call.path.rsplit("/", 1)[1] for call in github.calls] == [
        "comments?per_page=100",
        "comments?per_page=2&page=2",
        "comments?per_page=2&page=3",
    ]


def test_a_marker_on_the_last_page_is_updated_not_duplicated(github: FakeGitHub) -> None:
    for number in range(4):
        github.add(3, f"comment {number}")
    ours = github.add(3, f"{MARKER}\nold diff")
    client = GitHub(github.url, TOKEN)

    outcome = post(client, REPOSITORY, 3, "new diff")

    assert (outcome.action, outcome.comment_id) == ("updated", ours["id"])
    assert ours["body"] == f"{MARKER}\nnew diff"
    assert [(call.method, call.status) for call in github.writes()] == [("PATCH", 200)]
    # The same text again is not sent again.
    assert post(client, REPOSITORY, 3, "new diff").action == "unchanged"
    assert len(github.writes()) == 1


def test_update_only_creates_nothing(github: FakeGitHub) -> None:
    outcome = post(GitHub(github.url, TOKEN), REPOSITORY, 3, "no differences", create=False)
    assert outcome.action == "skipped"
    assert github.writes() == []


def test_a_body_over_githubs_limit_is_cut() -> None:
    cut = comment_body("x" * 70_000)
    assert len(cut) == BODY_LIMIT
    assert cut.startswith(f"{MARKER}\nxxx")
    assert cut.endswith("*(cut to GitHub's 65,536-character limit for a comment)*\n")
    assert comment_body("short") == f"{MARKER}\nshort"


def test_a_next_link_to_another_host_is_refused(github: FakeGitHub) -> None:
    client = GitHub(github.url.replace("127.0.0.1", "localhost"), TOKEN)
    github.add(3, "a")
    github.add(3, "b")
    github.add(3, "c")
    with pytest.raises(PostError, match="refusing to send the token outside"):
        list(client.comments(REPOSITORY, 3))
    assert len(github.calls) == 1  # page 2 was never asked for


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    try:
        status = comment.main(list(args))
    except SystemExit as exit:
        status = int(exit.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_server_error_is_one_line_and_status_1(
    github: FakeGitHub,
    body: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    github.mode = "broken"
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    status, out, err = run_main(
        monkeypatch,
        capsys,
        "--repo",
        REPOSITORY,
        "--issue",
        "7",
        "--body-file",
        str(body),
        "--api",
        github.url,
    )
    assert (status, out) == (1, "")
    assert err == (
        f"cjm comment: error: GET {github.url}/repos/{REPOSITORY}/issues/7/comments"
        "?per_page=100: HTTP 500: Server Error\n"
    )


def test_a_wrong_token_is_githubs_message(
    github: FakeGitHub,
    body: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "not-the-token")
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    try:
        status = comment.main(["--repo", REPOSITORY, "--issue", "7", "--body-file", str(body)])
    except SystemExit as exit:
        status = int(exit.code or 0)
    err = capsys.readouterr().err
    assert status == 1
    assert err.endswith(": HTTP 401: Bad credentials\n")
    assert err.startswith(f"cjm comment: error: GET {github.url}/repos/")


def test_no_token_is_a_usage_error(
    body: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    status, out, err = run_main(
        monkeypatch, capsys, "--repo", REPOSITORY, "--issue", "7", "--body-file", str(body)
    )
    assert (status, out) == (2, "")
    assert err.startswith("cjm comment: error: no token: set GITHUB_TOKEN")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--repo", "octo-org", "--issue", "7"), "--repo must be OWNER/NAME, not 'octo-org'"),
        (("--repo", REPOSITORY, "--issue", "7", "--api", "file:///etc"), "the API URL must be"),
        (("--repo", REPOSITORY, "--issue", "7", "--marker", " "), "--marker must not be blank"),
    ],
)
def test_bad_arguments_are_usage_errors(
    arguments: tuple[str, ...],
    message: str,
    body: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    status, _, err = run_main(monkeypatch, capsys, *arguments, "--body-file", str(body))
    assert status == 2
    assert err.startswith(f"cjm comment: error: {message}")


def test_a_missing_body_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    status, _, err = run_main(
        monkeypatch,
        capsys,
        "--repo",
        REPOSITORY,
        "--issue",
        "7",
        "--body-file",
        str(tmp_path / "nowhere.md"),
    )
    assert status == 2
    assert err.startswith("cjm comment: error: cannot read the body file")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_api_as_a_process_prints_no_traceback(body: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}"
    completed = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--repo",
            REPOSITORY,
            "--issue",
            "7",
            "--body-file",
            str(body),
            "--api",
            api,
        ],
        env={"GITHUB_TOKEN": TOKEN, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.startswith(f"cjm comment: error: GET {api}/repos/")
    assert "cannot reach the API" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stderr.count("\n") == 1


def test_posting_imports_nothing_of_cjm() -> None:
    # The script runs from a checkout of one file (examples/ci/github-comment.yml), where
    # cjm is not installed: an import of it would fail there, not here.
    probe = (
        "import runpy, sys; runpy.run_path(sys.argv[1], run_name='probe'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'cjm'))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe, str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert completed.stdout.strip() == "[]"


def test_the_poster_is_not_in_the_installed_package() -> None:
    # Users' runtime never posts comments: pip installs cjm* packages only.
    package = Path(cjm.__file__).parent
    assert not (package / "ci").exists()
    assert SCRIPT.is_file()
    assert not SCRIPT.parent.joinpath("__init__.py").exists()
