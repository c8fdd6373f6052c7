"""`grader check [EXERCISE]`: the student's everyday command, one exercise in detail and the next step."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from grader.catalog import find_exercise, load_catalog
from grader.commands.options import lang_option, make_limits, resolve_lang, sandbox_options
from grader.errors import user_errors
from grader.paths import exercises_dir
from grader.render.text import print_exercise
from grader.report import ExerciseResult
from grader.runner import GradeOptions, grade_submission
from grader.text import Text


@click.command()
@click.argument("exercise", required=False)
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="The folder with your exercise files (default: exercises/).")
@sandbox_options
@lang_option
@user_errors
def check(exercise: str | None, path: Path | None, timeout: float, memory: str, lang: str | None) -> None:
    """Check one exercise (by id or number, e.g. `ex01` or `1`), or, without one, the next unfinished."""
    chosen = resolve_lang(lang)
    console = Console(highlight=False)
    submission = path or exercises_dir()
    catalog = load_catalog()
    wanted = [find_exercise(exercise).id] if exercise else None
    report = grade_submission(submission, GradeOptions(limits=make_limits(timeout, memory), lang=chosen,  # type: ignore[arg-type]
                                                       exercises=wanted, quizzes=False))
    results = {result.id: result for result in report.exercises}
    if exercise:
        shown = results[wanted[0]]  # type: ignore[index]
    else:
        shown = next((result for result in report.exercises if result.status != "passed"), None)
        if shown is None:
            console.print(Text(en="[green]All exercises pass.[/green] Try the quizzes: grader quiz",
                               zh="[green]所有练习都已通过。[/green] 试试测验：grader quiz")(chosen))
            return
    by_id = {item.id: item for item in catalog}
    print_exercise(shown, by_id[shown.id], console, chosen)  # type: ignore[arg-type]
    console.print()
    console.print(next_step(shown, submission, [item.id for item in catalog], results)(chosen))


def next_step(result: ExerciseResult, submission: Path, order: list[str], results: dict[str, ExerciseResult]) -> Text:
    """What the student should do now, in one line."""
    number = result.id[2:4]
    target = submission / f"{result.id}.py"
    if result.status == "passed":
        later = [ident for ident in order[order.index(result.id) + 1:] if results.get(ident) is None
                 or results[ident].status != "passed"]
        if later:
            return Text(en=f"[green]✓ {result.id} passes.[/green] Next: grader check {later[0][:4]}",
                        zh=f"[green]✓ {result.id} 已通过。[/green] 下一步：grader check {later[0][:4]}")
        return Text(en=f"[green]✓ {result.id} passes.[/green]", zh=f"[green]✓ {result.id} 已通过。[/green]")
    if result.status == "not_implemented":
        return Text(en=f"Next: open {target} and replace the NotImplementedError; stuck? grader hint {number}",
                    zh=f"下一步：打开 {target}，替换掉 NotImplementedError；卡住了？grader hint {number}")
    if result.status in ("error", "missing"):
        return Text(en=f"Next: fix {target} so that it imports, then run grader check {number} again",
                    zh=f"下一步：修改 {target} 使其能被导入，然后再运行 grader check {number}")
    return Text(en=f"Next: fix the first failing check above; a hint: grader hint {number}",
                zh=f"下一步：先修复上面第一个未通过的检查；需要提示：grader hint {number}")
