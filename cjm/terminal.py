"""cjm's own output streams: any text is written, whatever the terminal's encoding.

A journey title with an emoji, or the diff's arrow, must not end a command in
``UnicodeEncodeError`` (exit 3) on a ``cp1252`` console or under ``LANG=C`` after the
work was done. Files cjm writes are UTF-8 regardless; only the streams change.
"""

from __future__ import annotations

import contextlib
import sys

#: The error handler cjm's own output streams use for characters their encoding lacks.
OUTPUT_ERRORS = "cjm-escape"


def _escape_unencodable(error: UnicodeError) -> tuple[bytes, int]:
    """Write a character the terminal cannot show as a JSON-style ``\\uXXXX`` escape.

    Not ``replace`` (``?``): the reader, or a tool parsing ``--format json``, gets the
    exact text back. Not Python's ``backslashreplace`` either: it writes ``\\xe9`` and
    ``\\U0001f600``, which JSON does not accept, while ``\\u00e9`` and a surrogate pair
    for an emoji keep JSON, SARIF and GitLab output valid and equal to the UTF-8 one.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import itertools

    escaped: list[str] = []
    text = error.object[error.start : error.end]
    for undecoded, group in itertools.groupby(text, key=_undecoded_byte):
        chunk = "".join(group)
        if undecoded:
            # A file name's bytes that the locale could not decode (Python keeps them as
            # lone surrogates, PEP 383). Under LANG=C they are usually UTF-8: show the name.
            raw = bytes(ord(character) - 0xDC00 for character in chunk)
            with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: escape the surrogates
                chunk = raw.decode("utf-8")
        escaped.extend(_escape(character, error.encoding) for character in chunk)
    # Bytes, not text: most encoders (UTF-8 among them) take only ASCII text back from
    # a handler, and a decoded name may hold letters the terminal does have.
    return "".join(escaped).encode(error.encoding), error.end


def _undecoded_byte(character: str) -> bool:
    return "\udc80" <= character <= "\udcff"


def _escape(character: str, encoding: str) -> str:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        code = ord(character)
        if code > 0xFFFF:  # JSON has no \\U: a surrogate pair, as JSON writes an emoji
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"
    return character  # a decoded file name's letter the terminal has


def tolerant_output() -> None:
    """Make stdout and stderr write any text, whatever the terminal's encoding.

    Under ``PYTHONIOENCODING=cp1252`` or ``ascii`` a journey title with an emoji, or the
    diff's arrow, would otherwise end the command in UnicodeEncodeError (exit 3) after
    the work was done. Only the streams change: files cjm writes are UTF-8 regardless.
    click wraps an ASCII stream in its own UTF-8 writer for help and usage errors, so
    those survive too.
    """
    import codecs

    codecs.register_error(OUTPUT_ERRORS, _escape_unencodable)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # None: replaced by something that is not a TextIOWrapper
            # A closed or detached stream has nothing to protect.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=OUTPUT_ERRORS)
