"""Files written by a test, and the clock Sphinx compares them with."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

#: How long to wait at most for the clock to pass a file's time (a clock set back
#: by more than this is not waited for: the test then says why Sphinx read a page).
LONGEST_WAIT = 2.0


def after_writing(paths: Iterable[Path]) -> None:
    """Return once the clock has passed the modification time of every file in ``paths``.

    Sphinx reads a page again when the page's file is newer than the moment it
    was last read. On a virtual machine whose clock is being set while the
    tests run, a file just written may carry a time a few milliseconds ahead of
    the clock, so a build right after it would read the page again in the
    next build too, for no reason of the extension's.
    """
    newest = max((p.stat().st_mtime_ns for p in paths), default=0)
    deadline = time.monotonic() + LONGEST_WAIT
    while time.time_ns() <= newest and time.monotonic() < deadline:
        time.sleep(0.001)
