"""Watch mode end to end in a real pseudo-terminal: save, see the result change, survive mistakes, Ctrl-C."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.watching import changes

from conftest import PROJECT, SOLUTIONS

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


class Terminal:
    """`grader watch` running in a pty; `expect` waits for text on its screen."""

    def __init__(self, *args: str, scratch: Path) -> None:
        self.master, slave = pty.openpty()
        environment = {**os.environ, "COLUMNS": "200", "LINES": "50", "TERM": "xterm", "LOSS_COMPASS_LANG": "en",
                       "TMPDIR": str(scratch)}
        self.process = subprocess.Popen([sys.executable, "-m", "grader", "watch", *args], stdin=slave, stdout=slave,
                                        stderr=slave, cwd=PROJECT, env=environment, start_new_session=True)
        os.close(slave)
        self.screen = ""
        self.seen = 0

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.screen += ANSI.sub("", os.read(self.master, 65536).decode("utf-8", "replace"))
            except OSError:  # the child closed the terminal
                time.sleep(timeout)

    def expect(self, pattern: str, timeout: float = 60) -> str:
        """Wait until `pattern` appears in output not yet consumed; return that output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.screen[self.seen:])
            if found:
                text = self.screen[self.seen:self.seen + found.end()]
                self.seen += found.end()
                return text
            self.read(0.2)
        raise AssertionError(f"{pattern!r} did not appear; the screen after the last match:\n{self.screen[self.seen:]}")

    def interrupt(self) -> int:
        """Ctrl-C as the terminal sends it: SIGINT to the foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        deadline = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read(0.2)
        self.read(0.2)
        return self.process.wait(timeout=5)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)


def save(path: Path, text: str) -> None:
    """Save like an editor that writes a temporary file and renames it over the original."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.mark.parametrize("poll", [False, True], ids=["events", "poll"])
def test_watch_follows_saves_survives_mistakes_and_stops_on_ctrl_c(course, poll, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    total = len(load_catalog())
    terminal = Terminal(str(course), "--timeout", "3", *(["--poll"] if poll else []), scratch=scratch)
    try:
        terminal.expect(r"ex01_mse · Mean squared error")
        terminal.expect(r"not implemented")
        terminal.expect(r"Watching")
        time.sleep(0.5)  # the watcher is armed once the first run is on screen

        save(course / "ex01_mse.py", "def mse(y_pred, y_true:\n    return 0\n")
        shown = terminal.expect(r"Watching")
        assert "could not be imported" in shown and "SyntaxError" in shown

        save(course / "ex01_mse.py", "import time\n\ndef mse(y_pred, y_true):\n    while True:\n        time.sleep(1)\n")
        shown = terminal.expect(r"Watching", timeout=90)
        assert "timed out after 3 s" in shown

        save(course / "ex01_mse.py", (SOLUTIONS / "ex01_mse.py").read_text(encoding="utf-8"))
        shown = terminal.expect(r"Watching")
        assert "✓ ex01_mse passes" in shown
        assert f"1/{total} exercises pass" in shown
        assert "Moving on to ex02_mae" in shown

        # The next save of the next exercise is graded without naming it.
        save(course / "ex02_mae.py", (SOLUTIONS / "ex02_mae.py").read_text(encoding="utf-8"))
        shown = terminal.expect(r"Watching")
        assert "ex02_mae · Mean absolute error" in shown and "✓ ex02_mae passes" in shown
        assert f"2/{total} exercises pass" in shown

        code = terminal.interrupt()
        assert code in (0, 130)
        assert "Stopped watching" in terminal.screen
        assert "Traceback" not in terminal.screen
    finally:
        terminal.close()
    state = json.loads((course / ".grader" / "state.json").read_text())
    assert state["results"]["ex02_mae"]["status"] == "passed"
    assert not list(scratch.glob("loss-compass-*")), "the sandbox's scratch folder outlived Ctrl-C"


def test_watch_of_a_missing_folder_is_one_line(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "grader", "watch", str(tmp_path / "nope")],
                               capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert completed.returncode != 0
    assert "no such folder" in completed.stderr and "Traceback" not in completed.stderr


def test_without_watchfiles_saves_are_polled(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # as in a release installed without the watch extra
    (tmp_path / "ex01_mse.py").write_text("x = 1\n", encoding="utf-8")
    found = changes(tmp_path)
    assert next(found) == set()  # watching
    first = threading.Timer(0.5, save, (tmp_path / "ex01_mse.py", "x = 2\n"))
    first.start()
    try:
        assert next(found) == {"ex01_mse.py"}
    finally:
        first.cancel()
        found.close()


@pytest.mark.parametrize("poll", [False, True], ids=["events", "poll"])
def test_a_save_made_while_the_first_check_runs_is_seen(tmp_path, poll):
    """`grader watch` takes the first, empty set of changes before it grades: what is saved meanwhile counts."""
    (tmp_path / "ex01_mse.py").write_text("x = 1\n", encoding="utf-8")
    found = changes(tmp_path, poll)
    try:
        assert next(found) == set()
        time.sleep(0.3)  # the first check running
        save(tmp_path / "ex01_mse.py", "x = 2\n")
        assert next(found) == {"ex01_mse.py"}
    finally:
        found.close()
