"""Per-student feedback files: what a student receives, in Markdown and in HTML that opens offline and stays inert."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.render.feedback import feedback_html, feedback_markdown
from grader.report import CheckResult, ExerciseResult, QuestionResult, QuizResult, Report

from conftest import EXERCISES, SOLUTIONS

CATALOG = load_catalog()
HOSTILE = ('<script>alert(1)</script><img src="http://example.invalid/x.png"> ``` [link](http://example.invalid) '
           '<a href="javascript:alert(2)">x</a> </pre></td>')


def report(lang: str = "en", message: str = HOSTILE) -> Report:
    first, second = CATALOG[0], CATALOG[1]
    failing = ExerciseResult(id=first.id, title=first.title(lang), score=1, max_score=3, status="failed", checks=[
        CheckResult(name="worked_example", title="A small example", passed=False, points=0, max_points=2,
                    message=message),
        CheckResult(name="other", title="Another", passed=True, points=1, max_points=1)])
    passed = ExerciseResult(id=second.id, title=second.title(lang), score=1, max_score=1, status="passed",
                            checks=[CheckResult(name="only", passed=True, points=1, max_points=1)])
    quiz = QuizResult(id="why_square", title="Why square?", score=0, max_score=2, questions=[
        QuestionResult(id="q1", score=0, max_score=2, passed=False, message="expected a number, got 'abc'")])
    return Report(submission="/tmp/x", score=2, max_score=6, exercises=[failing, passed], quizzes=[quiz], lang=lang)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_markdown_has_scores_failing_checks_messages_and_the_first_hint():
    text = feedback_markdown(report(message="mse([1, 2, 3], [1, 2, 5]) returned 0.667, expected 1.333"), "bob")
    assert "**Total: 2 / 6**" in text
    assert "A small example" in text and "points lost: 2" in text
    assert "returned 0.667, expected 1.333" in text
    assert CATALOG[0].hints[0]("en").split("$")[0].strip()[:30] in text  # the gentlest hint, formulas as Unicode
    assert f"grader check {CATALOG[0].id}" in text
    assert "why_square.q1" in text and "expected a number" in text
    assert "Another" not in text  # a passing check is not listed as something to fix


def test_chinese_report_gives_chinese_feedback():
    text = feedback_markdown(report(lang="zh", message="返回 0.667"), "张三")
    assert "你的反馈" in text and "总分" in text and "需要改正的地方" in text and "提示" in text
    assert CATALOG[0].hints[0]("zh")[:6] in text


def test_markdown_fences_student_text_it_cannot_close():
    text = feedback_markdown(report(), "<b>bob</b>")
    fences = [line.strip() for line in text.splitlines() if line.strip().startswith("```")]
    assert len(fences) % 2 == 0 and all(fence in ("```", "```text") for fence in fences)
    outside = re.sub(r"```text\n.*?\n *```", "", text, flags=re.S)
    assert "<" not in outside.replace("&lt;", "")  # no markup outside code: the name is escaped
    inside = text.split("```text", 1)[1].split("```", 1)[0]
    assert "<script>alert(1)</script>" in inside  # the message is there, shown as code, its fence unbroken


def test_html_is_self_contained_and_inert_whatever_the_submission_printed():
    page = feedback_html(report(), 'bob"><script>x</script>')
    parser = _Tags()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "img", "a", "link", "iframe", "object", "embed", "form", "base"}
    assert not any(name in ("src", "href") or name.startswith("on") for _, attrs in parser.tags for name in attrs)
    policy = [attrs["content"] for tag, attrs in parser.tags if tag == "meta" and "http-equiv" in attrs]
    assert policy and "default-src 'none'" in policy[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"https?://(?!example\.invalid)", page)  # nothing to fetch but the escaped text itself
    assert "Total: 2 / 6" in page and "A small example" in page


def test_all_passed_says_so():
    done = report()
    done.exercises = [done.exercises[1]]
    done.quizzes = []
    assert "Well done" in feedback_markdown(done, "amy") and "Well done" in feedback_html(done, "amy")


def test_grade_all_feedback_writes_one_pair_per_graded_student(tmp_path):
    klass = tmp_path / "class"
    klass.mkdir()
    good = klass / "amy"
    shutil.copytree(SOLUTIONS, good)
    stub = klass / "bob smith"
    stub.mkdir()
    for path in EXERCISES.glob("ex*.py"):
        shutil.copyfile(path, stub / path.name)
    (klass / "notes.txt").write_text("not a submission", encoding="utf-8")
    out = tmp_path / "grades"
    result = CliRunner().invoke(cli, ["grade-all", str(klass), "-o", str(out), "--jobs", "2", "--feedback",
                                      "--no-held-out", "--timeout", "20"])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (out / "feedback").iterdir())
    reports = sorted(path.stem for path in (out / "reports").iterdir())
    assert names == sorted(f"{stem}{suffix}" for stem in reports for suffix in (".md", ".html")) and len(reports) == 2
    bob = next((out / "feedback").glob("bob*.md")).read_text(encoding="utf-8")
    assert "bob smith" in bob and "not implemented" in bob and "Total: 0 /" in bob
    amy = (out / "feedback" / "amy.html").read_text(encoding="utf-8")
    assert "Well done" in amy and "Graded by grader" in amy
