"""The quiz as ipywidgets: one input and a Save button per question; importing this needs ipywidgets."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from grader.notebook.quiz_cell import SAVE, _choices, save_answer
from grader.quiz.models import MultipleChoice, QuestionBase, Quiz
from grader.terminal_math import render as unicode_math
from grader.text import Lang


def _input(question: QuestionBase, lang: Lang) -> widgets.Widget:
    choices = _choices(question, lang)
    if isinstance(question, MultipleChoice):
        return widgets.SelectMultiple(options=[(f"{label}) {text}", label) for label, text in choices])
    if choices:
        return widgets.RadioButtons(options=[(f"{label}) {text}", label) for label, text in choices], value=None)
    return widgets.Text(placeholder="…")


def _raw(field: widgets.Widget) -> object:
    value = field.value
    return ",".join(value) if isinstance(value, tuple) else value


def quiz_form(quiz: Quiz, versions: list[tuple[QuestionBase, QuestionBase]], path: Path, lang: Lang) -> widgets.Widget:
    rows: list[widgets.Widget] = [widgets.HTML(f"<h3>{html.escape(unicode_math(quiz.title(lang)))}</h3>")]
    for number, (original, question) in enumerate(versions, start=1):
        field = _input(question, lang)
        button = widgets.Button(description=SAVE(lang))
        output = widgets.Output()

        def saved(_: object, original: QuestionBase = original, question: QuestionBase = question,
                  field: widgets.Widget = field, output: widgets.Output = output) -> None:
            output.clear_output()
            with output:
                from IPython.display import display

                display(save_answer(quiz, original, question, _raw(field), path, lang))

        button.on_click(saved)
        # HTMLMath typesets the prompt's $...$ formulas; the bank's texts are the course's, escaped all the same
        prompt = widgets.HTMLMath(f"<b>{number}.</b> {html.escape(question.prompt(lang).strip())}")
        rows.append(widgets.VBox([prompt, field, button, output]))
    return widgets.VBox(rows)
