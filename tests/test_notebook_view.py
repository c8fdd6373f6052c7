"""What `check`, `answer` and `quiz` show in a notebook, and that `import grader` stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

from grader import check
from grader.catalog import find_exercise
from grader.notebook import answer, quiz
from grader.notebook.quiz_cell import QuizText
from grader.notebook.view import CheckView, ProblemView
from grader.quiz.answers import read_answers
from grader.report import CheckResult, ExerciseResult

HOSTILE = "<script>window.hacked = 1</script>"


def failing_result(lang: str = "en") -> ExerciseResult:
    exercise = find_exercise("ex01_mse")
    checks = [CheckResult(name=spec.name, title=spec.title(lang), passed=False, points=0, max_points=spec.points,
                          message=f"mse([1, 2, 3], [1, 2, 5]) returned '{HOSTILE}', expected 1.33333: looks like "
                                  "the sum of squared errors, not the mean (divide by n)")
              for spec in exercise.checks[:1]]
    checks += [CheckResult(name=spec.name, title=spec.title(lang), passed=True, points=spec.points,
                           max_points=spec.points) for spec in exercise.checks[1:]]
    return ExerciseResult(id=exercise.id, title=exercise.title(lang), score=sum(c.points for c in checks),
                          max_score=exercise.max_score, status="failed", checks=checks)


def test_html_shows_the_failure_in_parts_and_escapes_what_student_code_returned_and_printed():
    view = CheckView(find_exercise("ex01_mse"), failing_result(), "en", output=f"debug {HOSTILE}\n")
    page = view._repr_html_()
    assert "<script" not in page and "&lt;script&gt;window.hacked = 1&lt;/script&gt;" in page
    assert '<th style="text-align: right; padding-right: 0.6em">call</th>' in page
    assert "<code>mse([1, 2, 3], [1, 2, 5])</code>" in page and "<code>1.33333</code>" in page
    assert "looks like the sum of squared errors, not the mean (divide by n)" in page  # the misconception
    assert page.count('<details class="hint">') == len(find_exercise("ex01_mse").hints)
    assert "regression#why-square" in page  # the notes the exercise practises


def test_text_is_what_grader_check_prints():
    text = repr(CheckView(find_exercise("ex01_mse"), failing_result("zh"), "zh"))
    assert text.startswith("ex01_mse · 均方误差（MSE）  10/12  未通过")
    assert "✗ 手算的小例子 (worked_example, 0/2)" in text and "笔记中说" in text


def test_check_outside_a_notebook_says_what_to_run_instead():
    shown = check("ex01")
    assert isinstance(shown, ProblemView) and "grader check" in repr(shown)


def test_importing_grader_loads_nothing_check_needs():
    done = subprocess.run([sys.executable, "-c", "import grader, sys; print(sorted(name for name in sys.modules "
                           "if name.startswith(('grader', 'numpy', 'IPython', 'pydantic', 'rich'))))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['grader']"


@pytest.fixture
def course_root(tmp_path, monkeypatch):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path / "notebooks")
    return tmp_path / "exercises" / "answers.yaml"


def test_answer_saves_to_answers_yaml_and_teaches(course_root):
    right = answer("what_is_loss", "what_loss_measures", "b", lang="en")
    wrong = answer("what_is_loss", "blank_slate", "true", lang="en")
    assert read_answers(course_root)["what_is_loss"] == {"what_loss_measures": "b", "blank_slate": True}
    assert right.good and repr(right).startswith("Correct!") and "Explanation: " in repr(right)
    assert not wrong.good
    unreadable = answer("what_is_loss", "what_loss_measures", "zz", lang="en")
    assert not unreadable.good and read_answers(course_root)["what_is_loss"]["what_loss_measures"] == "b"
    assert "no question 'nope'" in repr(answer("what_is_loss", "nope", "b"))


def test_a_quiz_that_varies_needs_the_students_id_once(course_root, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # the text fallback
    assert "student=" in repr(quiz("why_square", lang="en"))
    shown = quiz("why_square", lang="en", student="ada@example.edu")
    assert isinstance(shown, QuizText)
    assert read_answers(course_root)["id"] == "ada@example.edu"
    text = repr(shown)
    assert "[regression_tasks]" in text and 'answer("why_square", "QUESTION_ID", "YOUR ANSWER")' in text


def test_the_quiz_form_saves_like_answer(course_root):
    widgets = pytest.importorskip("ipywidgets")
    form = quiz("what_is_loss", lang="en")
    assert isinstance(form, widgets.VBox)
    first = form.children[1]
    prompt, field, button, _ = first.children
    field.value = "b"
    button.click()
    assert read_answers(course_root)["what_is_loss"] == {"what_loss_measures": "b"}
