"""Writing an output file atomically, so a reader never sees half a file, and safely for
the file that was there.

A temporary file in the target's folder is written, flushed to disk and renamed over the
target; a crash leaves the old file or the new one, never a mix. Every file cjm writes
from its own text goes through :func:`write_atomic` (pages, ``.dot`` graphs, schemas,
``cjm report`` and ``cjm diff --out`` reports). The images ``dot`` draws are the
exception: ``dot`` writes them itself into a scratch folder beside the target, and
:func:`install` moves each onto its target with the same guarantees.

What the user set up around an output is theirs and survives the write:

- an ``--out`` that is a symbolic link (a report kept elsewhere, a page linked into a
  site) stays a link: the rename lands on the file it points to, never on the link,
  which a plain ``os.replace`` would swap for a regular file;
- an existing file keeps its permission bits (a private ``0600`` report stays private);
  a new one gets what ``open()`` would give it, ``0666`` less the umask, since the
  temporary file is created the same way ``open()`` creates one.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

#: Tries at a free temporary name: a clash needs another writer using the same random
#: 64 bits in the same folder, so more than one miss means something else is wrong.
_NAME_TRIES = 100


class WriteError(OSError):
    """An output that cannot be written where it was asked for (a link into a folder
    that does not exist, a folder in the way, no permission): a usage error, which the
    commands report in one line with exit status 2, not an internal error."""


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` (through a symbolic link, to the file it names),
    replacing it in one rename and keeping its permission bits (see the module)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target = output_target(path)
    mode = _existing_mode(target)
    try:
        handle, temporary = _create_temporary(target, mode)
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(path, error) from None
        raise


def install(source: Path, path: Path) -> None:
    """Move the finished file ``source`` onto ``path`` as :func:`write_atomic` would
    write it: through a link to its target, the old file's permission bits kept.

    ``source`` was created by another program (``dot``) with ``open()``'s mode, which is
    already right for a new file. A target on another file system (a link out of the
    output folder) cannot be renamed onto; its bytes are written there atomically
    instead.
    """
    target = output_target(path)
    mode = _existing_mode(target)
    try:
        if mode is not None:
            os.chmod(source, mode)
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise _write_error(path, error) from None
        write_atomic(path, source.read_bytes())
        source.unlink(missing_ok=True)


def output_target(path: Path) -> Path:
    """The file a write to ``path`` lands on: ``path`` itself, or, when it is a symbolic
    link, the file the link names (which may not exist yet).

    A plain path's missing folders are created, as cjm always has for ``--out``. A
    link's are not: a link pointing into a folder that is gone is more likely a
    mistake than a wish to create folders wherever it points, so it is a
    :class:`WriteError` naming both.
    """
    if not path.is_symlink():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            raise WriteError(
                f"cannot write '{path}': cannot make its folder '{path.parent}': {reason}"
            ) from None
        return path
    try:
        target = Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError) as error:
        raise WriteError(f"cannot write '{path}': {error}") from None
    if target.is_symlink():  # realpath gives up on a loop and returns a link of it
        raise WriteError(f"cannot write '{path}': its symbolic links form a loop")
    if not target.parent.is_dir():
        raise WriteError(
            f"cannot write '{path}': it is a link to '{target}', "
            f"whose folder '{target.parent}' does not exist"
        )
    return target


def discard(path: Path) -> None:
    """Remove an output file that is out of date (through a link: the file it names,
    so the link is still there for the next write). A folder is never removed."""
    try:
        target = Path(os.path.realpath(path, strict=False)) if path.is_symlink() else path
    except (OSError, RuntimeError):
        return
    if target.is_file():
        try:
            target.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise _write_error(path, error) from None


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is now (device and inode, through links), or None when none
    is: an atomic write always makes a new file, so an unchanged identity after a
    command means the command did not write it."""
    try:
        status = path.stat()
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_dev, status.st_ino


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the file being replaced, or None for a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _write_error(target, error) from None


def _create_temporary(target: Path, mode: int | None) -> tuple[int, str]:
    """A new, empty temporary file beside ``target``, open for writing.

    For a new output it is created with ``0666`` and the umask applied by the system,
    exactly as ``open()`` would create the output itself (``tempfile.mkstemp`` would
    give ``0600``, and a forced mode would ignore the umask). For an existing one it is
    created private and given the old file's bits before anything is written, so the
    new content is never readable by more people than the old.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_NAME_TRIES):
        temporary = str(target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp")
        try:
            handle = os.open(temporary, flags, 0o666 if mode is None else 0o600)
        except FileExistsError:
            continue
        if mode is not None:
            try:
                os.fchmod(handle, mode)
            except BaseException:
                os.close(handle)
                Path(temporary).unlink(missing_ok=True)
                raise
        return handle, temporary
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _write_error(path: Path, error: OSError) -> WriteError:
    """``error`` as one line naming the output the user gave, not a temporary file."""
    if isinstance(error, WriteError):
        return error
    reason = (error.strerror or str(error)).lower()
    return WriteError(f"cannot write '{path}': {reason}")
