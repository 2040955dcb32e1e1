"""File names of any bytes: how they are shown, recorded and used as keys.

A file name on POSIX is bytes; Python hands it over as a str in which bytes that are not
UTF-8 are lone surrogates (``os.fsdecode``), which no encoder accepts. Such a str is
used only to open files (``Path`` round-trips it); everything written or printed goes
through one of these functions, so no surrogate ever reaches an encoder:

- ``readable``: for people and for the JSON ``source.path``: the name's bytes read as
  UTF-8, else as GB18030 (names from Chinese archives), else as UTF-8 with the bad
  bytes shown as ``\\xNN``. Always encodable; for a UTF-8 name, the name itself.
- ``state_key``: for the build state: the name itself when it is UTF-8, else a NUL (never
  in a file name) and the hex of its bytes. Encodable and one-to-one.
"""

from __future__ import annotations

import os
from pathlib import PurePath


def name_bytes(name: str | PurePath) -> bytes:
    """The bytes of a file name as the operating system has it."""
    return os.fsencode(name)


def readable(name: str | PurePath) -> str:
    """``name`` as text that can always be encoded (see the module's contract)."""
    raw = name_bytes(name)
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def state_key(name: str) -> str:
    """A key for page ``name`` in the build state: encodable, distinct for distinct names."""
    raw = name_bytes(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return "\0" + raw.hex()
