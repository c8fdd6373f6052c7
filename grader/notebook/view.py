"""What `check` shows in a notebook: rich HTML (a table of checks, failures, hints, the figure) or plain text.

Everything shown is escaped: messages, printed output and even the catalog's texts, since a check's message
quotes what student code returned.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

from grader.catalog import Exercise
from grader.notebook.failures import split_message
from grader.render.text import print_exercise, print_output, notes_place
from grader.report import ExerciseResult
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text

COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "not_implemented": "#9a6700", "error": "#cf222e",
           "missing": "#cf222e"}
STATUS = {"passed": Text(en="passed", zh="通过"), "failed": Text(en="failing", zh="未通过"),
          "not_implemented": Text(en="not implemented", zh="尚未实现"), "error": Text(en="error", zh="错误"),
          "missing": Text(en="missing", zh="缺少")}
LABELS = {"call": Text(en="call", zh="调用"), "expected": Text(en="expected", zh="期望"),
          "got": Text(en="got", zh="实际返回"), "why": Text(en="misconception", zh="可能的误解"),
          "check": Text(en="check", zh="检查"), "points": Text(en="points", zh="得分"),
          "hint": Text(en="Hint", zh="提示"), "notes": Text(en="From the notes", zh="笔记中说"),
          "advice": Text(en="advice", zh="建议"), "output": Text(en="Your code printed", zh="你的代码输出了"),
          "figure": Text(en="Your losses (solid) and the reference's (dashed)", zh="你的损失（实线）与参考答案（虚线）")}
OUTPUT_CHARACTERS = 2000
_CODE = re.compile(r"`([^`]+)`")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _prose(text: str) -> str:
    """Catalog text (hints, quotes): escaped, then its `code` marked up."""
    return _CODE.sub(r"<code>\1</code>", _e(unicode_math(text)))


@dataclass
class CheckView:
    """One exercise's result as a notebook shows it (`_repr_html_`), or as text anywhere else (`repr`)."""

    exercise: Exercise
    result: ExerciseResult
    lang: Lang
    output: str = ""
    figure: str = ""  # base64 PNG
    next_step: Text | None = None

    @property
    def passed(self) -> bool:
        return self.result.status == "passed"

    def __repr__(self) -> str:
        from rich.console import Console

        console = Console(file=io.StringIO(), width=100, soft_wrap=True, highlight=False, color_system=None,
                          force_jupyter=False)  # no hard line breaks: the notebook wraps the text itself
        print_exercise(self.result, self.exercise, console, self.lang)
        print_output(self.result.model_copy(update={"output": self.output}), console, self.lang)
        if self.next_step is not None:
            console.print()
            console.print(self.next_step(self.lang), markup=False)
        return console.file.getvalue().rstrip()  # type: ignore[attr-defined]

    def _repr_html_(self) -> str:
        lang, result = self.lang, self.result
        colour = COLOURS[result.status]
        parts = [f'<div class="loss-compass-check" style="font-family: sans-serif; line-height: 1.4">',
                 f'<h3 style="margin: 0.2em 0">{_e(self.exercise.id)} · {_e(unicode_math(self.exercise.title(lang)))}'
                 f' <span class="score">{result.score}/{result.max_score}</span> '
                 f'<span class="status" style="color: {colour}">{_e(STATUS[result.status](lang))}</span></h3>']
        if result.reason and result.status in ("error", "missing"):  # "not implemented" is the status already
            parts.append(f'<p class="reason" style="color: {colour}">{_e(result.reason)}</p>')
        parts.append(self._table())
        if result.status != "passed":
            parts.append(self._hints())
        if result.status == "failed":
            quote = _prose(self.exercise.notes.quote(lang))
            parts.append(f'<p class="notes"><b>{_e(LABELS["notes"](lang))}:</b> {quote} '
                         f'<span style="opacity: 0.7">(grader notes {_e(notes_place(self.exercise))})</span></p>')
        if self.output.strip():
            shown = self.output[:OUTPUT_CHARACTERS] + ("\n…" if len(self.output) > OUTPUT_CHARACTERS else "")
            parts.append(f'<p><b>{_e(LABELS["output"](lang))}:</b></p><pre class="output">{_e(shown)}</pre>')
        if self.figure:
            parts.append(f'<figure style="margin: 0.5em 0"><img alt="{_e(LABELS["figure"](lang))}" '
                         f'src="data:image/png;base64,{_e(self.figure)}" style="max-width: 100%">'
                         f'<figcaption>{_e(LABELS["figure"](lang))}</figcaption></figure>')
        if self.next_step is not None:
            parts.append(f'<p class="next"><b>{_e(self.next_step(lang))}</b></p>')
        parts.append("</div>")
        return "\n".join(parts)

    def _table(self) -> str:
        lang, result = self.lang, self.result
        details = result.status == "failed"  # elsewhere the reason above says it all, as in `grader check`
        rows = [f'<table class="checks"><thead><tr><th></th><th style="text-align: left">{_e(LABELS["check"](lang))}'
                f'</th><th>{_e(LABELS["points"](lang))}</th></tr></thead><tbody>']
        for check in result.checks:
            mark = '<span style="color: #1a7f37">✓</span>' if check.passed else '<span style="color: #cf222e">✗</span>'
            rows.append(f'<tr class="{"pass" if check.passed else "fail"}"><td>{mark}</td>'
                        f'<td style="text-align: left">{_e(unicode_math(check.title or check.name))} '
                        f'<code>{_e(check.name)}</code></td><td>{check.points}/{check.max_points}</td></tr>')
            if details and not check.passed and check.message:
                rows.append(f'<tr class="failure"><td></td><td colspan="2" style="text-align: left">'
                            f'{self._failure(check.message)}</td></tr>')
            if check.advice:
                rows.append(f'<tr class="advice"><td></td><td colspan="2" style="text-align: left">'
                            f'<b>{_e(LABELS["advice"](lang))}:</b> {_e(check.advice)}</td></tr>')
        rows.append("</tbody></table>")
        return "".join(rows)

    def _failure(self, message: str) -> str:
        parts = split_message(message)
        if parts is None:
            return f'<span class="message">{_e(message)}</span>'
        lang = self.lang
        rows = [(LABELS["call"], f"<code>{_e(parts.call)}</code>"),
                (LABELS["expected"], f"<code>{_e(parts.expected)}</code>"), (LABELS["got"], f"<code>{_e(parts.got)}</code>")]
        if parts.why:
            rows.append((LABELS["why"], _e(parts.why)))
        body = "".join(f'<tr><th style="text-align: right; padding-right: 0.6em">{_e(label(lang))}</th>'
                       f'<td style="text-align: left">{value}</td></tr>' for label, value in rows)
        return f'<table class="call">{body}</table>'

    def _hints(self) -> str:
        lang = self.lang
        return "".join(f'<details class="hint"><summary>{_e(LABELS["hint"](lang))} {number}</summary>'
                       f'<p>{_prose(hint(lang))}</p></details>'
                       for number, hint in enumerate(self.exercise.hints, start=1))


@dataclass
class ProblemView:
    """Why nothing could be checked (no kernel history, the grading process failed): one line, text or HTML."""

    message: str

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f'<div class="loss-compass-check"><p style="color: #cf222e">{_e(self.message)}</p></div>'
