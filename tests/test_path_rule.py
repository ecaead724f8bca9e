"""One path rule (issue 20, item 1): a path is made absolute as text, links kept
(:func:`cjm.paths.absolute`); only where git names a folder is a link followed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from cjm.diagnostics import Summary
from cjm.formatters.report import Report
from cjm.paths import absolute
from tests.conftest import run_cli
from tests.diff.conftest import JOURNEY, commit, git, write_workspace


def test_absolute_keeps_a_link_and_folds_dots_as_text(in_tmp: Path) -> None:
    (in_tmp / "real").mkdir()
    (in_tmp / "link").symlink_to(in_tmp / "real")
    assert absolute("link/../link/x.yaml") == Path(os.getcwd()) / "link" / "x.yaml"
    assert absolute(in_tmp / "link") == in_tmp / "link"


def test_the_report_folder_keeps_a_link(in_tmp: Path) -> None:
    (in_tmp / "real").mkdir()
    (in_tmp / "link").symlink_to(in_tmp / "real")
    report = Report(diagnostics=[], summary=Summary(0, 0, 0, 0, 0), codes={}, folder="link")
    assert report.current_folder() == str(in_tmp / "link")


def test_a_workspace_reached_through_a_link_is_read_at_a_revision(in_tmp: Path) -> None:
    """git's tree holds ``maps``; ``alias`` is a blob there, so the revision is read from
    the folder the link leads to, and gives what the folder's own name gives."""
    git(in_tmp, "init", "-q")
    write_workspace(in_tmp / "maps")
    (in_tmp / "alias").symlink_to("maps")
    commit(in_tmp, "first")
    write_workspace(in_tmp / "maps", JOURNEY.replace("emotion: -1", "emotion: 1"))
    commit(in_tmp, "second")
    by_link = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", "--workspace", "alias")
    by_name = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", "--workspace", "maps")
    assert by_link.status == 0, by_link.stderr
    assert json.loads(by_link.stdout)["changes"]
    assert by_link.stdout == by_name.stdout
