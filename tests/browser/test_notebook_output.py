"""`check`'s HTML, as a notebook would show it, looked at in headless Chromium: rendered, inert, no script errors."""

from __future__ import annotations

from grader.catalog import find_exercise
from grader.notebook.kernel import grade_source, next_step
from grader.notebook.view import CheckView
from grader.report import ExerciseResult

from conftest import PROJECT

HOSTILE = "<script>window.hacked = 1</script><img src=x onerror='window.hacked = 2'>"


def test_check_output_renders_in_a_browser_without_running_anything_a_student_wrote(visit, screenshots, tmp_path):
    exercise = find_exercise("ex03_huber")
    mistake = (PROJECT / "tests" / "mistakes" / "ex03_huber" / "no_half.py").read_text(encoding="utf-8")
    source = mistake + f"\nprint({HOSTILE!r})\n"  # printed while imported, so shown in the output block
    payload = grade_source(exercise, source, "en", figure=True)  # what check() runs, on what a kernel ran
    result = ExerciseResult.model_validate(payload["result"])
    assert result.status == "failed"
    view = CheckView(exercise, result, "en", output=payload["output"], figure=payload["figure"],
                     next_step=next_step(exercise, result))
    page = tmp_path / "check.html"
    page.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>check</title></head>"
                    f"<body>{view._repr_html_()}</body></html>", encoding="utf-8")
    shown = visit(page.as_uri())
    browser = shown.page
    assert shown.errors == []
    assert browser.evaluate("() => window.hacked") is None
    assert all(url.startswith(("file:", "data:")) for url in shown.requests)
    rows = browser.locator("table.checks > tbody > tr.pass, table.checks > tbody > tr.fail")
    assert rows.count() == len(exercise.checks)
    assert browser.locator("table.call th", has_text="misconception").count() >= 1
    assert HOSTILE in browser.locator("pre.output").inner_text()
    hint = browser.locator("details.hint").first
    assert not hint.locator("p").is_visible()
    hint.locator("summary").click()
    assert hint.locator("p").is_visible() and hint.get_attribute("open") is not None
    assert browser.evaluate("() => document.querySelector('figure img').naturalWidth") > 300
    browser.screenshot(path=str(screenshots / "notebook-check.png"), full_page=True)
