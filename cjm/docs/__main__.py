"""``python -m cjm.docs [--check]``: rewrite (or check) docs/format.md and docs/cli.md.

Run from a clone (the examples are read from ``examples/`` beside the package). After a
change to the models, the examples or the command line, one run brings both pages up to
date; ``--check`` exits 1 naming the stale pages, as ``cjm schema --check`` does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def pages(repository: Path) -> dict[str, Callable[[], str]]:
    """``{path relative to the repository: function building its text}``."""
    from cjm.docs.cli import cli_reference
    from cjm.docs.format import format_reference

    return {
        "docs/format.md": lambda: format_reference(repository / "examples"),
        "docs/cli.md": cli_reference,
    }


def main(arguments: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cjm.docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is stale")
    parser.add_argument("--repository", type=Path, default=REPOSITORY, help=argparse.SUPPRESS)
    options = parser.parse_args(arguments)
    repository: Path = options.repository
    if not (repository / "examples").is_dir():
        sys.stderr.write(f"cjm.docs: error: no examples/ in {repository}: run it in a clone\n")
        return 2
    from cjm.files import write_atomic

    stale = []
    for name, build in pages(repository).items():
        path = repository / name
        text = build()
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not options.check:
            write_atomic(path, text)
    for name in stale:
        sys.stdout.write(f"{'stale' if options.check else 'wrote'} {name}\n")
    return 1 if options.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
