"""The GitHub Action's own steps, run on a real git repository against a local GitHub.

A pull request's checkout is a git repository with the base commit and the head: here
``main`` holds a small journey and the head branch changes a step's emotion and takes a
touchpoint off it. The steps of ``action.yml`` run with bash as the runner runs them
(``tests/ci/action_runner.py``), and the comment poster talks to ``tests/ci/github_api.py``
on 127.0.0.1, which answers as GitHub's REST API documents: pages and ``Link`` headers,
201 on create, 200 on update, 403 for a fork's token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci.action_runner import ACTION, JobRun, run_action, runner_env
from tests.ci.github_api import REPOSITORY, REPOSITORY_ID, TOKEN, FakeGitHub, serve
from tests.ci.poster import comment as poster
from tests.diff.conftest import git

MARKER = poster.MARKER
PULL_REQUEST = 7
CI_DOCS = ACTION.parent / "docs" / "ci.md"
JOURNEY = """\
cjm: 1
kind: persona
id: ola
name: Ola
goals: [Get a check-up before the exams]
pains: [Fear of the drill]
---
cjm: 1
kind: touchpoint
id: form
name: Booking form
mode: online
operator: automated
---
cjm: 1
kind: touchpoint
id: phone
name: Phone line
mode: offline
operator: human
---
cjm: 1
kind: journey
id: visit
title: First visit
persona: ola
stages:
  - id: booking
    name: Booking
    phase: purchase
    steps:
      - id: books
        action: Books a slot
        touchpoint: [form, phone]
        emotion: -2
"""
#: The line of ``id: phone``, where CJM210 points once no step uses the phone line.
PHONE_LINE = JOURNEY.splitlines().index("id: phone") + 1
BROKEN = """\
cjm: 1
kind: persona
id: kuba
name: Kuba
mood: curious
"""


@dataclass
class Checkout:
    """A pull request's checkout: ``main`` is the base, the work tree the head."""

    root: Path
    base: str

    def git(self, *args: str) -> str:
        """git without the user's configuration (tests/diff/conftest.py's)."""
        return git(self.root, *args).strip()

    def commit(self, journey: str, message: str, extra: dict[str, str] | None = None) -> None:
        (self.root / "maps" / "journey.yaml").write_text(journey, encoding="utf-8")
        for name, text in (extra or {}).items():
            (self.root / "maps" / name).write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    repository = Checkout(root, "")
    repository.git("init", "-q", "-b", "main")
    repository.commit(JOURNEY, "The first map")
    repository.base = repository.git("rev-parse", "HEAD")
    repository.git("checkout", "-q", "-b", "head")
    return repository


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub(page_size=2)) as running:
        for text in ("Looks good to me", "<!-- other-bot -->\nCoverage 93%", "Please rebase"):
            running.add(PULL_REQUEST, text)
        yield running


def head_journey(emotion: int) -> str:
    """The head's change: another emotion, and the phone line taken off the step."""
    return JOURNEY.replace("touchpoint: [form, phone]", "touchpoint: form").replace(
        "emotion: -2", f"emotion: {emotion}"
    )


def act(checkout: Checkout, github: FakeGitHub, tmp_path: Path, run: str, **inputs: str) -> JobRun:
    event: dict[str, Any] = {
        "action": "synchronize",
        "number": PULL_REQUEST,
        "pull_request": {
            "number": PULL_REQUEST,
            "base": {"sha": checkout.base, "ref": "main"},
            "head": {"sha": checkout.git("rev-parse", "HEAD"), "ref": "head"},
        },
    }
    return run_action(
        workspace=checkout.root,
        temp=tmp_path / run,
        event=event,
        inputs={"paths": "maps", **inputs},
        env=runner_env(api_url=github.url, repository=REPOSITORY, token=TOKEN),
    )


def cjm_comments(github: FakeGitHub) -> list[dict[str, Any]]:
    return [c for c in github.comments[PULL_REQUEST] if MARKER in c["body"]]


def test_first_run_annotates_summarises_and_comments_once(
    checkout: Checkout, github: FakeGitHub, tmp_path: Path
) -> None:
    checkout.commit(head_journey(1), "Booking is easier; no phone line")

    job = act(checkout, github, tmp_path, "first")

    assert [step.outcome for step in job.steps] == [
        "skipped",  # install: pip from the network; cjm is on PATH already
        "success",
        "success",
        "success",
        "success",
        "skipped",  # upload-artifact
        "skipped",  # upload-artifact
        "success",
    ]
    check = job.step("check")
    assert (
        f"::warning file=maps/journey.yaml,line={PHONE_LINE},col=1,title=CJM210::"
        "touchpoint 'phone' is used by no journey\n"
    ) in check.stdout
    assert check.outputs["status"] == "0"
    sarif = json.loads(Path(check.outputs["sarif"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert "CJM210" in {result["ruleId"] for result in sarif["runs"][0]["results"]}

    diff = job.step("diff")
    assert diff.outputs["changed"] == "true"
    summary = Path(diff.outputs["summary"]).read_text(encoding="utf-8")
    assert job.summary == summary
    assert summary.startswith("## 🗺️ Journey map changes\n")
    assert "emotion at 'books' rose from -2 to +1" in summary
    assert "step 'books' lost touchpoint 'phone'" in summary

    posts = github.writes()
    assert [(call.method, call.path, call.status) for call in posts] == [
        ("POST", f"/repos/{REPOSITORY}/issues/{PULL_REQUEST}/comments", 201)
    ]
    comment = Path(diff.outputs["comment"]).read_text(encoding="utf-8")
    assert posts[0].body == {"body": f"{MARKER}\n{comment}"}
    assert posts[0].headers["accept"] == "application/vnd.github+json"
    assert posts[0].headers["x-github-api-version"] == "2022-11-28"
    # The three earlier comments took two pages, the second read from GitHub's own link.
    assert [call.path for call in github.calls if call.method == "GET"] == [
        f"/repos/{REPOSITORY}/issues/{PULL_REQUEST}/comments?per_page=100",
        f"/repositories/{REPOSITORY_ID}/issues/{PULL_REQUEST}/comments?per_page=2&page=2",
    ]
    assert len(cjm_comments(github)) == 1
    assert "created comment" in job.step("comment").stdout

    site = Path(job.step("render").outputs["dir"])
    assert sorted(path.name for path in site.iterdir()) == ["index.html", "visit.html"]

    # The outputs that name files are described as paths (not "the Markdown"), in
    # action.yml and docs/ci.md, and each names a file the steps wrote.
    outputs = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["outputs"]
    documented = dict(re.findall(r"^\| `([a-z-]+)` \| (.*) \|$", CI_DOCS.read_text(), re.M))
    for name in ("sarif", "diff-markdown", "comment-markdown"):
        step, key = re.fullmatch(
            r"\$\{\{ steps\.(\w+)\.outputs\.(\w+) \}\}", outputs[name]["value"]
        ).groups()  # type: ignore[union-attr]
        assert Path(job.step(step).outputs[key]).is_file(), name
        assert "path" in outputs[name]["description"], name
        assert "path" in documented[name], name


def test_the_next_push_updates_the_same_comment(
    checkout: Checkout, github: FakeGitHub, tmp_path: Path
) -> None:
    checkout.commit(head_journey(1), "Booking is easier")
    act(checkout, github, tmp_path, "first")
    (first,) = cjm_comments(github)
    github.calls.clear()

    checkout.commit(head_journey(2), "Booking is a pleasure")
    job = act(checkout, github, tmp_path, "second")

    assert not job.failed
    writes = github.writes()
    assert [(call.method, call.path, call.status) for call in writes] == [
        ("PATCH", f"/repos/{REPOSITORY}/issues/comments/{first['id']}", 200)
    ]
    (comment,) = cjm_comments(github)
    assert comment["id"] == first["id"]
    assert "emotion at 'books' rose from -2 to +2" in comment["body"]
    assert len(github.comments[PULL_REQUEST]) == 4  # three others and cjm's one

    # The head back to the base: the comment says so, and stays the only one.
    github.calls.clear()
    checkout.commit(JOURNEY, "Back as it was")
    job = act(checkout, github, tmp_path, "third")
    assert job.step("diff").outputs["changed"] == "false"
    assert [(call.method, call.status) for call in github.writes()] == [("PATCH", 200)]
    (comment,) = cjm_comments(github)
    assert comment["id"] == first["id"]
    assert comment["body"].startswith(f"{MARKER}\n## 🗺️ Journey map changes\n\nNo differences")


def test_unchanged_maps_open_no_comment(
    checkout: Checkout, github: FakeGitHub, tmp_path: Path
) -> None:
    checkout.commit(JOURNEY, "Nothing changed in the maps")

    job = act(checkout, github, tmp_path, "first")

    assert not job.failed
    assert job.step("diff").outputs["changed"] == "false"
    assert "No differences" in job.summary
    assert github.writes() == []
    assert "nothing posted" in job.step("comment").stdout


def test_a_forks_read_only_token_warns_and_the_job_passes(
    checkout: Checkout, github: FakeGitHub, tmp_path: Path
) -> None:
    github.mode = "forbidden"
    checkout.commit(head_journey(1), "From a fork")

    job = act(checkout, github, tmp_path, "fork")

    comment = job.step("comment")
    assert comment.outcome == "success"
    assert comment.outputs["status"] == "0"
    assert comment.stdout.startswith(
        "::warning title=cjm comment::the pull request comment was not posted: "
        f"POST {github.url}/repos/{REPOSITORY}/issues/{PULL_REQUEST}/comments: "
        "HTTP 403: Resource not accessible by integration."
    )
    assert [(call.method, call.status) for call in github.writes()] == [("POST", 403)]
    assert not job.failed
    assert "emotion at 'books' rose from -2 to +1" in job.summary


def test_a_broken_map_fails_the_job_after_the_summary_and_comment(
    checkout: Checkout, github: FakeGitHub, tmp_path: Path
) -> None:
    checkout.commit(head_journey(1), "Booking is easier")
    act(checkout, github, tmp_path, "first")
    github.calls.clear()
    checkout.commit(head_journey(1), "A new persona, misspelt", {"kuba.yaml": BROKEN})

    job = act(checkout, github, tmp_path, "broken")

    check = job.step("check")
    assert check.outputs["status"] == "1"
    assert (
        "::error file=maps/kuba.yaml,line=5,col=1,title=CJM102::unknown field 'mood'\n"
        in check.stdout
    )
    # Everything after lint still ran: the summary and the comment say there is no
    # diff (the earlier diff no longer holds), and the last step fails the job.
    assert [step.outcome for step in job.steps][1:5] == ["success"] * 4
    assert job.summary == (
        "## 🗺️ Journey map changes\n\nNo diff: the maps do not validate (the annotations "
        "show where).\n\n    maps/kuba.yaml:5:1: CJM102 error: unknown field 'mood'\n"
        "    cjm: error: working tree does not validate (1 error); diff compares valid maps "
        "only\n"
    )
    assert [(call.method, call.status) for call in github.writes()] == [("PATCH", 200)]
    (comment,) = cjm_comments(github)
    assert comment["body"] == f"{MARKER}\n{job.summary}"
    gate = job.steps[-1]
    assert (gate.outcome, gate.status) == ("failure", 1)
    assert "::error title=cjm::cjm lint found problems (exit status 1)" in gate.stdout


def test_strict_fails_on_warnings(checkout: Checkout, github: FakeGitHub, tmp_path: Path) -> None:
    checkout.commit(head_journey(1), "The phone line is left unused")

    job = act(checkout, github, tmp_path, "strict", strict="true")

    assert job.step("check").outputs["status"] == "1"
    assert job.steps[-1].outcome == "failure"


def test_outside_a_pull_request_the_diff_and_comment_are_skipped(
    checkout: Checkout, github: FakeGitHub, tmp_path: Path
) -> None:
    checkout.commit(head_journey(1), "Pushed to a branch")

    job = run_action(
        workspace=checkout.root,
        temp=tmp_path / "push",
        event={"ref": "refs/heads/head"},
        inputs={"paths": "maps"},
        env=runner_env(api_url=github.url, repository=REPOSITORY, token=TOKEN),
    )

    assert not job.failed
    assert "::notice title=cjm::no diff base" in job.step("diff").stdout
    assert job.summary == ""
    assert github.calls == []
    assert job.step("render").outputs["dir"].endswith("/cjm/site")
