"""``cjm init``: a starter workspace that validates, lints clean and renders at once.

A new user learns the format from a working map rather than from the schema, so the
starter is one small but complete journey (every lint rule satisfied, so ``cjm lint
--strict`` prints nothing) plus what makes the maps pleasant to keep: the JSON schemas
for editors, VS Code settings, a pre-commit config and a CI workflow.

The files are package data in ``template/``, where a leading ``dot-`` in a name stands
for ``.`` (``dot-vscode/settings.json`` is ``.vscode/settings.json``), so no hidden file
has to survive packaging. The schemas are not templates: they are what ``cjm schema``
writes, from :mod:`cjm.schema`, so they never go stale in the package.

Init never overwrites a file (docs/cli.md, `cjm init`): every target is checked before the first one
is written, and a single file in the way means nothing is written at all.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from cjm.outcome import EXIT_OK, EXIT_USAGE, Outcome

#: Where ``cjm schema``'s files go in the starter (``.vscode/settings.json`` and the
#: modelines in the maps point here).
SCHEMA_FOLDER = "schemas"
_HIDDEN_PREFIX = "dot-"


def init(directory: str) -> Outcome:
    """Write the starter into ``directory`` (created if missing), or nothing at all."""
    root = Path(directory)
    if os.path.lexists(root) and not os.path.isdir(root):
        return Outcome("", EXIT_USAGE, f"cjm: error: '{directory}' is a file, not a folder")
    contents = starter_files()
    in_the_way = sorted({_display(path) for name in contents for path in _blocking(root, name)})
    if in_the_way:
        listed = "".join(f"\n  {name}" for name in in_the_way)
        return Outcome(
            "",
            EXIT_USAGE,
            f"cjm: error: nothing written: {len(in_the_way)} "
            f"{'file is' if len(in_the_way) == 1 else 'files are'} in the way "
            f"(move or delete them, or choose another folder):{listed}",
        )
    from cjm.files import write_atomic

    written: list[str] = []
    for name, content in contents.items():
        path = root / name
        try:
            write_atomic(path, content)
        except OSError as error:
            done = f" (written before it: {', '.join(written)})" if written else ""
            reason = error.strerror or str(error)
            return Outcome(
                "", EXIT_USAGE, f"cjm: error: cannot write {_display(path)}: {reason}{done}"
            )
        written.append(_display(path))
    report = "".join(f"wrote {name}\n" for name in written)
    return Outcome(report + _next_steps(directory), EXIT_OK)


def starter_files() -> dict[str, bytes]:
    """``{POSIX path relative to the workspace: content}`` of every file init writes,
    in the order it writes them."""
    from cjm.schema import render_schemas

    contents = dict(_templates(files(__package__) / "template", PurePosixPath()))
    for name, text in render_schemas().items():
        contents[f"{SCHEMA_FOLDER}/{name}"] = text.encode("utf-8")
    return dict(sorted(contents.items()))


def _templates(folder: Traversable, relative: PurePosixPath) -> Iterator[tuple[str, bytes]]:
    for entry in folder.iterdir():
        name = entry.name
        if name == "__pycache__":
            continue
        if name.startswith(_HIDDEN_PREFIX):
            name = "." + name.removeprefix(_HIDDEN_PREFIX)
        if entry.is_dir():
            yield from _templates(entry, relative / name)
        else:
            yield str(relative / name), entry.read_bytes()


def _blocking(root: Path, name: str) -> Iterator[Path]:
    """What stands where ``root/name`` would be written: the path itself (a file, a
    folder or a dangling link), or a non-folder where one of its folders should be."""
    path = root / name
    if os.path.lexists(path):
        yield path
    for parent in PurePosixPath(name).parents:
        folder = root / parent
        if str(parent) != "." and os.path.lexists(folder) and not os.path.isdir(folder):
            yield folder


def _display(path: Path) -> str:
    """Relative to the current folder, as cjm prints every path."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _next_steps(directory: str) -> str:
    lines = ["", "Next steps:"]
    if Path(directory) != Path("."):
        lines.append(f"  cd {shlex.quote(directory)}")
    lines += [
        "  cjm lint --strict       # validate and lint the maps: no findings yet",
        "  cjm render --out site   # then open site/index.html",
        "  code .                  # VS Code checks maps/ as you type",
    ]
    return "\n".join(lines) + "\n"
