"""One exercise in detail for the student (`check` and `watch`): its checks, the notes, curves, the next step."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from grader.catalog import Exercise, load_catalog
from grader.curves import collect_curves, curve_lines, has_curves, write_plot
from grader.paths import check_reference, solutions_dir
from grader.progress import Entry, remember
from grader.reference import Reference
from grader.render.text import print_exercise, print_output
from grader.report import ExerciseResult
from grader.runner import GradeOptions, grade_submission
from grader.sandbox.pool import SandboxLimits
from grader.state import State
from grader.student_tools.figures import plot_for_check
from grader.text import Lang, Text


def grade_one(submission: Path, exercise_id: str, lang: Lang, limits: SandboxLimits | None = None,
              state: State | None = None) -> ExerciseResult:
    """Grade one exercise and remember the result in the submission's state."""
    report = grade_submission(submission, GradeOptions(limits=limits or SandboxLimits(), lang=lang,
                                                       exercises=[exercise_id], quizzes=False))
    result = report.exercises[0]
    state = state or State.load(submission)
    remember(state, submission, [result])
    state.save()
    return result


def show_result(result: ExerciseResult, submission: Path, entries: list[Entry], console: Console, lang: Lang,
                limits: SandboxLimits | None = None, plot: Path | None = None, show_output: bool = True) -> None:
    """The exercise's checks, what the student's code printed, its loss curves where it trains a model, and
    one line saying what to do next."""
    exercise = {item.id: item for item in load_catalog()}[result.id]
    print_exercise(result, exercise, console, lang)
    if show_output:
        print_output(result, console, lang)
    if has_curves(exercise.id) and (plot is not None or result.status in ("passed", "failed")):
        show_curves(exercise, submission, console, lang, limits, plot)
    elif plot is not None:
        plot_for_check(exercise, submission, console, lang, limits, plot)
    console.print()
    passing = {entry.id for entry in entries if entry.stage == "passing"} | (
        {result.id} if result.status == "passed" else set())
    console.print(next_step(result, submission, [item.id for item in load_catalog()], passing)(lang))


def show_curves(exercise: Exercise, submission: Path, console: Console, lang: Lang,
                limits: SandboxLimits | None = None, plot: Path | None = None) -> None:
    solutions = solutions_dir()
    check_reference(solutions, submission)  # the reference's curves run in this process
    curves = collect_curves(exercise, submission, Reference(solutions), limits)
    console.print()
    for curve in curves:
        for line in curve_lines(curve, lang):
            console.print(f"  {escape(line)}", highlight=False)
    if plot is not None:
        write_plot(curves, plot, lang)
        console.print(Text(en=f"  figure written to {plot}", zh=f"  图已写入 {plot}")(lang))


def next_step(result: ExerciseResult, submission: Path, order: list[str], passing: set[str]) -> Text:
    """What the student should do now, in one line."""
    number = result.id[2:4]
    target = submission / f"{result.id}.py"
    if result.status == "passed":
        later = [ident for ident in order[order.index(result.id) + 1:] + order[:order.index(result.id)]
                 if ident not in passing]
        if later:
            return Text(en=f"[green]✓ {result.id} passes.[/green] Next: grader check {later[0][:4]}",
                        zh=f"[green]✓ {result.id} 已通过。[/green] 下一步：grader check {later[0][:4]}")
        return Text(en=f"[green]✓ {result.id} passes.[/green] All exercises pass; try the quizzes: grader quiz",
                    zh=f"[green]✓ {result.id} 已通过。[/green] 所有练习都已通过；试试测验：grader quiz")
    if result.status == "not_implemented":
        return Text(en=f"Next: open {target} and replace the NotImplementedError; stuck? grader hint {number}",
                    zh=f"下一步：打开 {target}，替换掉 NotImplementedError；卡住了？grader hint {number}")
    if result.status == "missing":
        return Text(en=f"Next: {target} is missing: grader reset {number} brings back the starting file",
                    zh=f"下一步：{target} 不见了：grader reset {number} 可以恢复初始文件")
    if result.status == "error" and "timed out after" in result.reason:
        return Text(en=f"Next: your function did not return in time (a loop that never ends, or one step per element "
                       f"of a large array?); fix it, then run grader check {number} again",
                    zh=f"下一步：你的函数没有在限定时间内返回（是否有死循环，或对大数组逐个元素循环？）；"
                       f"修改后再运行 grader check {number}")
    if result.status == "error" and "could not be imported" not in result.reason:
        return Text(en=f"Next: running your code stopped the grader's worker (see the reason above: memory, output, "
                       f"a crash); fix it, then run grader check {number} again",
                    zh=f"下一步：运行你的代码时评分进程被终止（原因见上：内存、输出或崩溃）；修改后再运行 grader check {number}")
    if result.status == "error":
        return Text(en=f"Next: fix {target} so that it imports, then run grader check {number} again",
                    zh=f"下一步：修改 {target} 使其能被导入，然后再运行 grader check {number}")
    return Text(en=f"Next: fix the first failing check above; a hint: grader hint {number}",
                zh=f"下一步：先修复上面第一个未通过的检查；需要提示：grader hint {number}")
