"""The student's id for `grader quiz`: found where grading looks for it, else asked once, and pinned in answers.yaml."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional

import click

from grader.quiz.answers import save_student_id
from grader.text import Text
from grader.variants import StudentId, clean_id, find_student_id

ASK = Text(zh="你的学号或邮箱（老师用它识别你；你的题目版本由它决定）",
           en="Your student id or email (your instructor knows you by it; your version of the questions depends on it)")
PINNED = Text(zh="已把 id: {id} 写入 {path}：评分时用同一个 id。",
              en="Wrote id: {id} to {path}: grading uses the same id.")


def _git_email(folder: Path) -> Optional[str]:
    """The email git commits with here (the student's own machine, so their global config counts too)."""
    try:
        done = subprocess.run(["git", "config", "user.email"], cwd=folder, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return clean_id(done.stdout) if done.returncode == 0 else None


def pinned_student(answers_path: Path, lang: str) -> StudentId:
    """The id in answers.yaml; else the first found (metadata, git, asking) written there, so grading agrees."""
    folder = answers_path.parent
    found = find_student_id(folder)
    if found is not None and found.source == "answers.yaml":
        return found
    if found is None:
        email = _git_email(folder)
        found = StudentId(email, "git config user.email") if email else None
    while found is None:
        found = StudentId(clean_id(click.prompt(ASK(lang), type=str)) or "", "answers.yaml")  # type: ignore[arg-type]
        found = found if found.value else None
    save_student_id(answers_path, found.value)
    click.echo(PINNED(lang).format(id=found.value, path=answers_path))  # type: ignore[union-attr]
    return found
