"""Writing an output file atomically, so a reader never sees half a file.

A temporary file in the target folder is written, flushed to disk and renamed over the
target; a crash leaves the old file or the new one, never a mix. Every file cjm writes
from its own text goes through :func:`write_atomic` (pages, ``.dot`` graphs, schemas,
``cjm diff --out`` reports). The images ``dot`` draws are the exception: ``dot`` writes them
itself into a scratch folder beside the target, and :mod:`cjm.render.graph` fsyncs and
renames each over its target, the same guarantee by the same steps.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
