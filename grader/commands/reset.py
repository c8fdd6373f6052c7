"""`grader reset EXERCISE`: start an exercise over from its stub, keeping a backup of the student's file."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console

from grader.commands.options import lang_option, resolve_lang
from grader.errors import GraderError, user_errors
from grader.progress import generated_stub
from grader.selection import choose
from grader.state import STATE_DIR, State
from grader.stubs import stub_source
from grader.text import Lang, Text

BACKUP_DIR = "backups"


@click.command(short_help="Start an exercise over from its stub (your file is backed up).")
@click.argument("exercise")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@lang_option
@user_errors
def reset(exercise: str, path: Path | None, yes: bool, lang: str | None) -> None:
    """Restore the starting stub of EXERCISE; your current file is kept in .grader/backups/."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    found, submission = choose(exercise, path, chosen)
    assert found is not None
    target = submission / found.filename
    current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
    stub = starting_stub(found, current, target)
    console = Console(highlight=False)
    if current == stub:
        console.print(Text(en=f"{target} is already the stub: nothing to reset.",
                           zh=f"{target} 已经是初始文件，无需重置。")(chosen))
        return
    if not yes and not click.confirm(Text(en=f"Replace {target} with the stub? (your file is backed up first)",
                                          zh=f"用初始文件替换 {target}？（会先备份你的文件）")(chosen)):
        console.print(Text(en="Nothing changed.", zh="未做任何修改。")(chosen))
        return
    if current is not None:
        backup = backup_file(submission, target)
        console.print(Text(en=f"Your file was saved as {backup}", zh=f"你的文件已备份为 {backup}")(chosen))
    target.write_text(stub, encoding="utf-8")
    console.print(Text(en=f"{target} is the stub again: grader check {found.id[2:4]}",
                       zh=f"{target} 已恢复为初始文件：grader check {found.id[2:4]}")(chosen))


def starting_stub(exercise, current: str | None, target: Path) -> str:
    """The generated stub; without solutions/ (a student release), the student's file with its bodies emptied."""
    stub = generated_stub(exercise)
    if stub is not None:
        return stub
    if current is None:
        raise GraderError(f"{target} does not exist and this copy of the course has no solutions/ to rebuild it from")
    try:
        return stub_source(current, exercise)
    except (SyntaxError, ValueError) as error:
        raise GraderError(f"{target}: cannot rebuild the stub from it ({error}); "
                          "download the exercise's starting file again") from None


def backup_file(submission: Path, target: Path) -> Path:
    """Copy the file to .grader/backups/<name>-<timestamp>.py (never overwriting an earlier backup)."""
    folder = submission / STATE_DIR / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    State.load(submission).save()  # writes .grader/.gitignore, so the backups stay out of the student's commits
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = folder / f"{target.stem}-{stamp}.py"
    counter = 1
    while backup.exists():
        counter += 1
        backup = folder / f"{target.stem}-{stamp}-{counter}.py"
    backup.write_bytes(target.read_bytes())
    return backup
