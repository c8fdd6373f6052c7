"""Watch mode: re-grade the exercise being worked on at every save and move on when it passes.

File events come from watchfiles (inotify and friends; it groups the bursts of events an editor
makes when it saves through a temporary file and a rename), or from polling for file systems
without change events (network drives, some containers).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

from rich.console import Console

from grader.catalog import load_catalog
from grader.coach import grade_one, show_result
from grader.progress import exercise_progress, next_unfinished, quiz_progress
from grader.quiz.answers import ANSWERS_FILE
from grader.render.progress import print_course_bar
from grader.sandbox.pool import SandboxLimits
from grader.state import State
from grader.text import Lang, Text

POLL_MILLISECONDS = 300


def watched(name: str) -> bool:
    """Files whose saving matters: the exercise modules and the quiz answers (not swap or backup files)."""
    return (name.startswith("ex") and name.endswith(".py")) or name == ANSWERS_FILE


def changes(folder: Path, poll: bool = False) -> Iterator[set[str]]:
    """The names of the watched files changed in `folder`, one set per burst of saves.

    The first set is empty, given as soon as saves are being seen: take it before the first check runs,
    and a save made while that check runs is not lost.
    """
    try:
        import watchfiles
    except ImportError:  # an optional extra in a student release: polling sees the same saves, a little later
        poll = True
    if poll:
        yield from polled_changes(folder)
        return

    root = folder.resolve()

    def relevant(_change: object, path: str) -> bool:
        candidate = Path(path)
        return candidate.parent == root and watched(candidate.name)

    # An empty batch every 50 ms when nothing changed: the first one says the watcher is set up
    armed = False
    for batch in watchfiles.watch(root, watch_filter=relevant, step=100, recursive=False, raise_interrupt=True,
                                  yield_on_timeout=True, rust_timeout=50):
        if batch or not armed:
            armed = True
            yield {Path(path).name for _, path in batch}


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each watched file's identity and last change (inode, size, mtime in ns)."""
    found = {}
    for path in folder.iterdir():
        if watched(path.name):
            try:
                info = path.stat()
            except OSError:
                continue  # replaced between listing and stat: the next poll sees the new file
            found[path.name] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


def polled_changes(folder: Path, interval: float = POLL_MILLISECONDS / 1000) -> Iterator[set[str]]:
    """Compare snapshots every `interval`; a burst ends when a poll finds nothing new."""
    before = snapshot(folder)
    yield set()  # from here on, a save is seen
    pending: set[str] = set()
    while True:
        time.sleep(interval)
        now = snapshot(folder)
        changed = {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}
        before = now
        if changed:
            pending |= changed
        elif pending:
            yield pending
            pending = set()


class Watcher:
    """The state of one watch session: the folder, the exercise being worked on, how to show it."""

    def __init__(self, submission: Path, lang: Lang, limits: SandboxLimits, console: Console,
                 start: str | None = None) -> None:
        self.submission = submission
        self.lang = lang
        self.limits = limits
        self.console = console
        self.state = State.load(submission)
        self.order = [exercise.id for exercise in load_catalog()]
        self.current = start

    def begin(self) -> None:
        entries, _ = exercise_progress(self.submission, self.lang, self.limits, self.state)
        if self.current is None:
            self.current = next_unfinished(entries) or self.order[0]
        self.run()

    def saved(self, names: set[str]) -> None:
        """React to one burst of saves: follow the exercise the student edits, then re-grade it."""
        edited = [ident for ident in self.order if f"{ident}.py" in names]
        if edited and self.current not in edited:
            self.current = edited[0]
        if edited or ANSWERS_FILE in names:
            self.run()

    def run(self) -> None:
        assert self.current is not None
        if self.console.is_terminal:
            self.console.clear()
        result = grade_one(self.submission, self.current, self.lang, self.limits, self.state)
        entries, _ = exercise_progress(self.submission, self.lang, self.limits, self.state)
        show_result(result, self.submission, entries, self.console, self.lang, self.limits)
        self.console.print()
        print_course_bar(entries, quiz_progress(self.submission, self.lang), self.console, self.lang)
        if result.status == "passed":
            upcoming = next_unfinished(entries, after=self.current)
            if upcoming:
                self.current = upcoming
                self.console.print(Text(
                    en=f"[bold]Moving on to {upcoming}[/bold]: edit {self.submission / f'{upcoming}.py'}",
                    zh=f"[bold]进入下一个练习 {upcoming}[/bold]：编辑 {self.submission / f'{upcoming}.py'}")(self.lang))
        self.console.print(Text(en=f"[dim]Watching {self.submission} (Ctrl-C to stop)...[/dim]",
                                zh=f"[dim]正在监视 {self.submission}（按 Ctrl-C 停止）……[/dim]")(self.lang))
