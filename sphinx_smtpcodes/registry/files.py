"""Reading the files a project names: regular files only, and only so much.

A path in ``smtpcodes_registry_files`` or ``--registry-file`` may name
anything: ``/dev/zero`` (its size is 0, yet it never ends), a FIFO (opening it
waits for a writer), a folder. Only a regular file is read, and never more
than :data:`MAX_FILE_BYTES`; anything else is refused with a reason.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["MAX_FILE_BYTES", "FileRefused", "read_bounded"]

#: A registry file larger than this is refused rather than parsed: eight times the
#: largest bundled file (122 kB). PyYAML's nodes take about 200 times the size of
#: the text in memory, and a broken file of 4 MiB took 27 s and 940 MB to check.
MAX_FILE_BYTES = 1024 * 1024
# Opening a FIFO for reading blocks until a writer comes; non-blocking, it returns.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class FileRefused(Exception):
    """The path names no readable regular file of an acceptable size (the message says why)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises :class:`FileRefused`."""
    try:
        if not Path(path).exists():
            raise FileRefused("cannot read the file: no such file")
        fd = os.open(path, _OPEN_FLAGS)
    except FileRefused:
        raise
    except OSError as err:
        raise FileRefused(f"cannot read the file: {err.strerror or err}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileRefused(f"cannot read {_kind(mode)}: registry files must be regular files")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as err:
            raise FileRefused(f"cannot read the file: {err.strerror or err}") from None
    if len(data) > limit:
        raise FileRefused(f"file is larger than {limit} bytes; at most {limit} are read")
    return data
