"""Names that are never a student's work: operating-system and editor leftovers found in downloads."""

from __future__ import annotations

# Finder's resource forks, thumbnail caches and desktop settings: they come with zips made on a Mac or
# Windows and were once graded as students of their own.
JUNK_NAMES = frozenset({"__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini", "__pycache__", ".ipynb_checkpoints",
                        ".AppleDouble", ".Spotlight-V100", ".Trashes", ".fseventsd"})


def is_junk(name: str) -> bool:
    """A leftover (see JUNK_NAMES), an AppleDouble file (._name) or any other hidden file or folder."""
    return name in JUNK_NAMES or name.startswith(".")


def junk_reason(name: str) -> str:
    if name in JUNK_NAMES or name.startswith("._"):
        return "operating-system or editor leftovers, not a submission"
    return "a hidden entry (its name starts with a dot)"
