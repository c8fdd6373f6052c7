"""Opening a file the grader wrote (a figure) in the desktop's viewer, only where a display exists."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def has_display() -> bool:
    """Whether a viewer could show a window: macOS and Windows always, elsewhere an X11 or Wayland display."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_in_viewer(path: Path) -> bool:
    """Open `path` with the desktop's default application; False when there is no display or no opener."""
    if not has_display():
        return False
    try:
        return click.launch(str(path)) == 0
    except OSError:
        return False
