"""Per-student feedback files: scores, failing checks, their messages and a hint, as Markdown and offline HTML."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Exercise, load_catalog
from grader.render import safe_text
from grader.render.citation import citation
from grader.render.markdown import cell
from grader.render.text import STATUS, notes_place
from grader.report import ExerciseResult, Report
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text

FEEDBACK_DIR = "feedback"

_TITLE = Text(en="Loss Compass: your feedback", zh="损失函数指南针：你的反馈")
_TOTAL = Text(en="Total", zh="总分")
_EXERCISES = Text(en="Exercises", zh="练习")
_QUIZZES = Text(en="Quizzes", zh="测验")
_POINTS = Text(en="points", zh="得分")
_STATUS = Text(en="status", zh="状态")
_WHAT_FAILED = Text(en="What to fix", zh="需要改正的地方")
_HINT = Text(en="Hint", zh="提示")
_NOTES = Text(en="Read in the notes", zh="笔记中的相关章节")
_CHECK_AGAIN = Text(en="Run `grader check {id}` to see every check of it again.",
                    zh="运行 `grader check {id}` 可以重新查看这个练习的所有检查。")
_WRONG = Text(en="Questions to revisit", zh="需要再看看的题目")
_ALL_PASSED = Text(en="Every exercise and every quiz question is right. Well done.",
                   zh="所有练习和测验题都正确，做得好。")
_LOST = Text(en="points lost", zh="失分")


@dataclass
class _Failure:
    """One exercise the student did not fully pass, with what to tell them about it."""

    result: ExerciseResult
    checks: list[tuple[str, int, str]] = field(default_factory=list)  # (check title, points lost, message)
    hint: str = ""
    notes: str = ""


def _failures(report: Report, lang: Lang) -> list[_Failure]:
    catalog: dict[str, Exercise] = {exercise.id: exercise for exercise in load_catalog()}
    found = []
    for result in report.exercises:
        if result.status == "passed":
            continue
        failure = _Failure(result)
        if result.status == "failed":  # otherwise the reason (not implemented, a crash) says it for every check
            failure.checks = [(check.title or check.name, check.max_points - check.points,
                               check.message or check.advice) for check in result.checks if not check.passed]
        exercise = catalog.get(result.id)
        if exercise is not None:  # the gentlest hint: where to look, never the answer
            failure.hint = unicode_math(exercise.hints[0](lang))
            failure.notes = f"{unicode_math(exercise.notes.quote(lang))} ({notes_place(exercise)})"
        found.append(failure)
    return found


def late_text(report: Report, lang: Lang) -> str:
    """A deadline's effect in one sentence ('' when no deadline touched the grade)."""
    late = report.late
    if late is None:
        return ""
    when = f"{late.submitted_at} ({late.time_source})" if late.submitted_at else late.time_source
    return Text(en=f"Submitted {when}: late penalty {late.penalty:g}, final score {late.final_score:g} / "
                   f"{report.max_score:g} (raw {late.raw_score:g}).",
                zh=f"提交时间 {when}：迟交扣分 {late.penalty:g}，最终得分 {late.final_score:g} / "
                   f"{report.max_score:g}（扣分前 {late.raw_score:g}）。")(lang)


def feedback_markdown(report: Report, student: str) -> str:
    """The feedback as Markdown; every piece of text from the submission is escaped or fenced."""
    lang: Lang = report.lang if report.lang in ("zh", "en") else "en"  # type: ignore[assignment]
    lines = [f"# {_TITLE(lang)}: {cell(student, 200)}", "",
             f"**{_TOTAL(lang)}: {report.score:g} / {report.max_score:g}**", "",
             *([cell(late_text(report, lang), 500), ""] if report.late else []),
             f"## {_EXERCISES(lang)}", "", f"| | {_POINTS(lang)} | {_STATUS(lang)} |", "|---|---|---|"]
    for result in report.exercises:
        lines.append(f"| {cell(result.id)} {cell(result.title)} | {result.score} / {result.max_score} | "
                     f"{cell(STATUS[result.status][1](lang))} |")
    if report.quizzes:
        lines += ["", f"## {_QUIZZES(lang)}", "", f"| | {_POINTS(lang)} |", "|---|---|"]
        lines += [f"| {cell(quiz.id)} {cell(quiz.title)} | {quiz.score:g} / {quiz.max_score:g} |"
                  for quiz in report.quizzes]
    failures = _failures(report, lang)
    wrong = _wrong_questions(report)
    if not failures and not wrong:
        lines += ["", _ALL_PASSED(lang)]
    if failures:
        lines += ["", f"## {_WHAT_FAILED(lang)}"]
    for failure in failures:
        result = failure.result
        lines += ["", f"### {cell(result.id)}: {cell(result.title)} ({result.score} / {result.max_score})", ""]
        if result.reason:
            lines += [_fenced(result.reason), ""]
        for title, lost, message in failure.checks:
            lines += [f"- **{cell(title)}** ({_LOST(lang)}: {lost})", "", _fenced(message, indent="  "), ""]
        if failure.hint:
            lines += [f"{_HINT(lang)}: {cell(failure.hint, 1000)}", ""]
        if failure.notes:
            lines += [f"{_NOTES(lang)}: {cell(failure.notes, 1000)}", ""]
        lines.append(_CHECK_AGAIN(lang).format(id=result.id))
    if wrong:
        lines += ["", f"## {_WRONG(lang)}", ""]
        lines += [f"- **{cell(name)}**: {cell(text, 1000)}" for name, text in wrong]
    if report.provenance is not None:
        lines += ["", "---", "", cell(citation(report.provenance), 500)]
    return "\n".join(lines) + "\n"


def feedback_html(report: Report, student: str) -> str:
    """The same feedback as one self-contained HTML page: inline style, no script, nothing loaded from anywhere."""
    lang: Lang = report.lang if report.lang in ("zh", "en") else "en"  # type: ignore[assignment]
    e = _escape
    body = [f"<h1>{e(_TITLE(lang))}: {e(student)}</h1>",
            f"<p class=total>{e(_TOTAL(lang))}: {report.score:g} / {report.max_score:g}</p>",
            *([f"<p class=late>{e(late_text(report, lang))}</p>"] if report.late else []),
            f"<h2>{e(_EXERCISES(lang))}</h2>", "<table>",
            f"<tr><th></th><th>{e(_POINTS(lang))}</th><th>{e(_STATUS(lang))}</th></tr>"]
    for result in report.exercises:
        body.append(f"<tr class={result.status}><td>{e(result.id)} {e(result.title)}</td>"
                    f"<td>{result.score} / {result.max_score}</td><td>{e(STATUS[result.status][1](lang))}</td></tr>")
    body.append("</table>")
    if report.quizzes:
        body += [f"<h2>{e(_QUIZZES(lang))}</h2>", "<table>"]
        body += [f"<tr><td>{e(quiz.id)} {e(quiz.title)}</td><td>{quiz.score:g} / {quiz.max_score:g}</td></tr>"
                 for quiz in report.quizzes]
        body.append("</table>")
    failures = _failures(report, lang)
    wrong = _wrong_questions(report)
    if not failures and not wrong:
        body.append(f"<p>{e(_ALL_PASSED(lang))}</p>")
    if failures:
        body.append(f"<h2>{e(_WHAT_FAILED(lang))}</h2>")
    for failure in failures:
        result = failure.result
        body.append(f"<h3>{e(result.id)}: {e(result.title)} ({result.score} / {result.max_score})</h3>")
        if result.reason:
            body.append(f"<pre>{e(result.reason)}</pre>")
        body.append("<ul>")
        body += [f"<li><b>{e(title)}</b> ({e(_LOST(lang))}: {lost})<pre>{e(message)}</pre></li>"
                 for title, lost, message in failure.checks]
        body.append("</ul>")
        if failure.hint:
            body.append(f"<p class=hint>{e(_HINT(lang))}: {e(failure.hint)}</p>")
        if failure.notes:
            body.append(f"<p>{e(_NOTES(lang))}: {e(failure.notes)}</p>")
        body.append(f"<p>{e(_CHECK_AGAIN(lang).format(id=result.id))}</p>")
    if wrong:
        body += [f"<h2>{e(_WRONG(lang))}</h2>", "<ul>"]
        body += [f"<li><b>{e(name)}</b>: {e(text)}</li>" for name, text in wrong]
        body.append("</ul>")
    if report.provenance is not None:
        body.append(f"<footer>{e(citation(report.provenance))}</footer>")
    # The policy forbids every load, script and form: a page opened from disk can reach nothing, whatever it held.
    return ("<!DOCTYPE html>\n"
            f"<html lang={'zh-CN' if lang == 'zh' else 'en'}><head><meta charset=utf-8>"
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "form-action 'none'; base-uri 'none'\">"
            f"<meta name=viewport content='width=device-width, initial-scale=1'><title>{e(_TITLE(lang))}: "
            f"{e(student)}</title><style>{_STYLE}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_feedback(out: Path, reports: dict[str, Path]) -> list[Path]:
    """feedback/NAME.md and NAME.html beside each report in `reports` (student name -> report file); the paths."""
    folder = out / FEEDBACK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for student, path in reports.items():
        report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        for suffix, render in ((".md", feedback_markdown), (".html", feedback_html)):
            target = folder / (path.stem + suffix)
            target.write_text(render(report, student), encoding="utf-8")
            written.append(target)
    return written


def _wrong_questions(report: Report) -> list[tuple[str, str]]:
    wrong = [(f"{quiz.id}", quiz.error) for quiz in report.quizzes if quiz.error]
    wrong += [(f"{quiz.id}.{question.id}", question.feedback() or f"{question.score:g} / {question.max_score:g}")
              for quiz in report.quizzes for question in quiz.questions if not question.passed]
    return wrong


def _fenced(text: str, indent: str = "") -> str:
    """Untrusted text as a Markdown code block that it cannot close (its backtick runs are broken up)."""
    body = safe_text(text).replace("```", "ʼʼʼ")
    return "\n".join(indent + line for line in ["```text", *body.split("\n"), "```"])


def _escape(value: object) -> str:
    return html.escape(safe_text(value), quote=True)


_STYLE = ("body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}"
          "tr.passed td:last-child{color:#176f2c}tr.failed td:last-child,tr.error td:last-child,"
          "tr.missing td:last-child{color:#a40e26}pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap}"
          ".total{font-size:1.3rem;font-weight:bold}.hint{background:#fff8c5;padding:.4rem}"
          "footer{margin-top:2rem;color:#666;font-size:.8rem}")
