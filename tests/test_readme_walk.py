"""The README's student section walked end to end: its commands, as written, in a fresh venv in a copy of the course.

Slow (a venv and two pip installs from the local wheels, one to two minutes): `-m readme_walk` selects it,
`-m "not readme_walk"` leaves it out; the default suite runs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import PROJECT, SOLUTIONS

pytestmark = pytest.mark.readme_walk

README = PROJECT / "README.md"
COPY_IGNORES = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", ".grader", "*.egg-info",
                                      ".pytest_cache", ".hypothesis", "node_modules")


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def bash_commands(section: str) -> list[str]:
    """The commands of the section's first ```bash block, each without its trailing comment."""
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "no ```bash block in the section"
    return [re.split(r"\s+#\s", line, maxsplit=1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


QUICK_START = bash_commands(readme_section("Quick start"))[0]
STUDENT_LOOP = bash_commands(readme_section("The student's loop"))


@dataclass
class Walk:
    """A copy of the course and the shell environment of a student who followed the quick start."""

    course: Path
    env: dict[str, str]
    seen: list[str] = field(default_factory=list)

    @property
    def exercises(self) -> Path:
        return self.course / "exercises"

    def run(self, command: str, stdin: str = "", cwd: Path | None = None, activate: bool = True,
            timeout: float = 240) -> subprocess.CompletedProcess:
        """`command` in bash in the course folder, after `. .venv/bin/activate` as the README says for a new terminal."""
        script = f". {self.course}/.venv/bin/activate && {command}" if activate else command
        self.seen.append(command)
        return subprocess.run(["bash", "-c", script], cwd=cwd or self.course, env=self.env, input=stdin, text=True,
                              capture_output=True, timeout=timeout)

    def solve(self, name: str) -> None:
        shutil.copyfile(SOLUTIONS / f"{name}.py", self.exercises / f"{name}.py")


def student_env(home: Path) -> dict[str, str]:
    """This environment without the project's venv, any grader settings or a display; English, wide, unbuffered."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("LOSS_COMPASS_", "VIRTUAL_ENV", "PYTHON", "LC_")) and key not in
           ("DISPLAY", "WAYLAND_DISPLAY", "LANG", "LANGUAGE", "COLUMNS", "LINES")}
    project_venv = str(PROJECT / ".venv")
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "/usr/bin:/bin").split(os.pathsep)
                                  if not part.startswith(project_venv))
    env.update({"LOSS_COMPASS_LANG": "en", "COLUMNS": "200", "PYTHONUNBUFFERED": "1", "LANG": "C.UTF-8",
                "GIT_CONFIG_GLOBAL": str(home / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"})
    return env


def one_line(result: subprocess.CompletedProcess) -> str:
    return " ".join((result.stdout + result.stderr).split())


# ------------------------------------------------------------------ what each command of the loop must do

def verify_watch(walk: Walk, command: str) -> None:
    """Re-checks at every save and moves on when the exercise passes."""
    process = subprocess.Popen(["bash", "-c", f". .venv/bin/activate && exec {command}"], cwd=walk.course,
                               env=walk.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    walk.seen.append(command)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()

    def wait_for(text: str, seconds: float = 120) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in " ".join("".join(lines).split()):
                return True
            time.sleep(0.3)
        return False

    try:
        assert wait_for("Watching"), "".join(lines)
        assert "ex01_mse" in "".join(lines) and "not implemented" in "".join(lines)
        walk.solve("ex01_mse")  # the student saves a working file
        assert wait_for("Moving on to ex02_mae"), "".join(lines)
        assert "✓ ex01_mse passes" in "".join(lines)
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the watch this test started, and only it
        process.wait(timeout=30)


def verify_list(walk: Walk, command: str) -> None:
    result = walk.run(command)
    assert result.returncode == 0, result.stderr
    for name in sorted(path.stem for path in walk.exercises.glob("ex*.py")):
        assert name in result.stdout
    assert "quiz:why_square" in result.stdout and "not started" in result.stdout and "passing" in result.stdout
    assert re.search(r"1/\d+ exercises pass", result.stdout) and "━" in result.stdout  # the progress bar


def verify_check_next(walk: Walk, command: str) -> None:
    result = walk.run(command)
    assert result.returncode == 1, one_line(result)  # a failing check exits 1
    assert "ex02_mae" in result.stdout and "ex01_mse" not in result.stdout.split("\n")[0]
    assert "Next:" in result.stdout and "grader hint 02" in one_line(result)


def verify_check_one(walk: Walk, command: str) -> None:
    """By id, and by the other names the comment promises: number, part of the name, the file."""
    for spelling in (command, "grader check 3", "grader check huber", "grader check exercises/ex03_huber.py"):
        result = walk.run(spelling)
        assert result.returncode == 1, one_line(result)
        assert result.stdout.lstrip().startswith("ex03_huber"), (spelling, result.stdout[:200])


def verify_check_plot(walk: Walk, command: str) -> None:
    """Without the plot extra: still checks, says how to install it; with it (as that message says), a PNG."""
    result = walk.run(command)
    assert result.returncode == 1 and "ex07_training_loop" in result.stdout, one_line(result)
    assert "--plot needs matplotlib" in one_line(result) and not (walk.course / "curves.png").exists()
    install_as_told(walk, result)
    result = walk.run(command)
    assert result.returncode == 1 and "figure written to curves.png" in one_line(result), one_line(result)
    assert (walk.course / "curves.png").read_bytes()[:4] == b"\x89PNG"


def install_as_told(walk: Walk, result: subprocess.CompletedProcess) -> None:
    """Run the install command that a message without matplotlib gives."""
    install = re.search(r'(pip install -e "\.\[plot\]")', one_line(result))
    assert install, one_line(result)
    installed = walk.run(install.group(1), timeout=600)
    assert installed.returncode == 0, installed.stderr[-2000:]


def verify_plot(walk: Walk, command: str) -> None:
    """No display here: the figure's path is printed; the student's missing curve is explained."""
    result = walk.run(command)
    if result.returncode == 2 and "needs matplotlib" in result.stderr:  # when the README lists plot first
        install_as_told(walk, result)
        result = walk.run(command)
    assert result.returncode == 0, one_line(result)
    figure = walk.exercises / ".grader" / "plots" / "ex07_training_loop.png"
    assert f"Figure written to {figure}" in one_line(result) and figure.read_bytes()[:4] == b"\x89PNG"
    assert "No line of yours in fit_linear_regression" in one_line(result)
    unknown = walk.run("grader plot ex01")
    assert unknown.returncode == 2 and "has no loss curve" in unknown.stderr


def verify_hint(walk: Walk, command: str) -> None:
    first, second = walk.run(command), walk.run(command)
    assert first.returncode == 0 and "Hint 1/3" in first.stdout and "Hint 2/3" not in first.stdout
    assert "Hint 2/3" in second.stdout  # one more each time
    assert second.stdout.strip().splitlines()[-1] == "From the notes: grader notes regression#huber"
    everything = walk.run(command + " --all", activate=True)
    assert "Hint 3/3" in everything.stdout


def verify_notes(walk: Walk, command: str) -> None:
    result = walk.run(command)
    assert result.returncode == 0, one_line(result)
    assert "Why square?" in result.stdout and "(+5)² = (-5)² = 25" in one_line(result) and "$" not in result.stdout
    listing = walk.run("grader notes")
    assert "regression#why-square" in listing.stdout and "classification#cross-entropy" in listing.stdout
    cited = walk.run("grader notes regression#huber")  # what the hint above ended with
    assert cited.returncode == 0 and "Huber" in cited.stdout


def verify_reset(walk: Walk, command: str) -> None:
    exercise = walk.exercises / "ex03_huber.py"
    stub = exercise.read_text(encoding="utf-8")
    exercise.write_text(stub + "\nMY_WORK = 1\n", encoding="utf-8")
    declined = walk.run(command, stdin="n\n")
    assert declined.returncode == 0 and "Nothing changed" in declined.stdout
    assert "MY_WORK" in exercise.read_text(encoding="utf-8")
    accepted = walk.run(command, stdin="y\n")
    assert accepted.returncode == 0, one_line(accepted)
    assert exercise.read_text(encoding="utf-8") == stub
    backups = list((walk.exercises / ".grader" / "backups").glob("ex03_huber*.py"))
    assert len(backups) == 1 and "MY_WORK" in backups[0].read_text(encoding="utf-8")


def verify_solution(walk: Walk, command: str) -> None:
    refused = walk.run(command)
    assert refused.returncode == 2 and "once your version passes" in refused.stderr
    walk.solve("ex03_huber")
    shown = walk.run(command)
    assert shown.returncode == 0, one_line(shown)
    assert "def huber(" in shown.stdout


def verify_quiz(walk: Walk, command: str) -> None:
    listing = walk.run(command)
    assert listing.returncode == 0 and "why_square" in listing.stdout
    assert str(walk.exercises / "answers.yaml") in one_line(listing)
    walk.run(command + " why_square", stdin="a,b\n")  # one answer, then the student stops (end of input)
    answers = (walk.exercises / "answers.yaml").read_text(encoding="utf-8")
    assert re.search(r"why_square:\s*\n\s+regression_tasks:", answers), answers


def verify_grade(walk: Walk, command: str) -> None:
    text = walk.run(command)
    assert text.returncode == 0, one_line(text)
    report = json.loads(walk.run(command + " --format json").stdout)
    passed = {entry["id"] for entry in report["exercises"] if entry["status"] == "passed"}
    assert passed == {"ex01_mse", "ex03_huber"}  # solved by the walk: in watch, and to see the solution
    assert f"Total: {report['score']:g}/{report['max_score']:g}" in one_line(text)


VERIFY: dict[str, Callable[[Walk, str], None]] = {
    "grader watch": verify_watch,
    "grader list": verify_list,
    "grader check": verify_check_next,
    "grader check ex03": verify_check_one,
    "grader check ex07 --plot curves.png": verify_check_plot,
    "grader plot ex07": verify_plot,
    "grader hint ex03": verify_hint,
    "grader notes regression#why-square": verify_notes,
    "grader reset ex03": verify_reset,
    "grader solution ex03": verify_solution,
    "grader quiz": verify_quiz,
    "grader grade": verify_grade,
}


def test_every_command_of_the_students_loop_is_walked():
    assert STUDENT_LOOP and set(STUDENT_LOOP) == set(VERIFY), "a README command without a walk step, or the reverse"
    assert QUICK_START.startswith("python3 -m venv .venv") and QUICK_START.endswith("grader check")


def test_the_readme_student_section_as_written_in_a_fresh_venv(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(PROJECT, course, ignore=COPY_IGNORES)
    (tmp_path / "gitconfig").write_text("[user]\n\temail = walker@example.org\n", encoding="utf-8")
    walk = Walk(course, student_env(tmp_path))

    started = walk.run(QUICK_START, activate=False, timeout=900)
    assert (course / ".venv" / "bin" / "grader").is_file(), started.stderr[-3000:]
    assert started.returncode == 1, one_line(started)  # the first exercise is a stub: its check fails
    checked = started.stdout[started.stdout.find("\nex01_mse"):]  # after pip's own lines
    assert checked.startswith("\nex01_mse · ") and "Next:" in checked, started.stdout[-3000:]
    where = walk.run("command -v grader")
    assert where.stdout.strip() == str(course / ".venv" / "bin" / "grader")

    # A new terminal: the venv's grader by its path, or python -m grader, without activating.
    for spelling in (".venv/bin/grader --version", ".venv/bin/python -m grader --version"):
        assert walk.run(spelling, activate=False).stdout.startswith("grader "), spelling
    # Any folder below the course folder works.
    below = walk.run("grader list", cwd=course / "site" / "docs")
    assert below.returncode == 0 and "ex01_mse" in below.stdout
    assert walk.run("grader check ex99").returncode == 2  # a usage error

    for command in STUDENT_LOOP:
        VERIFY[command](walk, command)
    assert set(STUDENT_LOOP) <= set(walk.seen)
