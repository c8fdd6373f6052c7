"""The course site, built strictly and looked at in a real browser: math, quizzes, languages, search, links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from grader.catalog import load_catalog
from grader.quiz.bank import load_bank
from grader.quiz.models import Numeric, SingleChoice

NOTES = ["what-is-a-loss", "lowering-the-loss", "regression", "classification", "optimization", "probability",
         "backprop"]
RAW_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name):
                self.found.append(attributes[name])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_and_anchor_resolves(built_site):
    pages = sorted(built_site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    broken = []
    for page, links in parsed.items():
        for link in links.found:
            url = urlparse(link)
            if url.scheme or link.startswith(("//", "mailto:", "javascript:")):
                continue
            path, fragment = urldefrag(unquote(link))
            if not path:
                target = page
            elif path.startswith("/"):  # site-absolute (the 404 page), the site being served at its root
                target = (built_site / path.lstrip("/")).resolve()
            else:
                target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
            elif fragment and target.suffix == ".html" and fragment not in parsed.get(target, parse(target)).ids:
                broken.append(f"{page.relative_to(built_site)} -> {link} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_pages_reference_nothing_outside_the_site(built_site):
    external = []
    for page in built_site.rglob("*.html"):
        for link in parse(page).found:
            if re.match(r"^(https?:)?//", link) and not link.startswith(("https://github.com", "https://squidfunk")):
                if re.search(r"\.(js|css|woff2?|ttf|svg|png)(\?|$)", link) or "fonts.googleapis" in link:
                    external.append(f"{page.name}: {link}")
    assert not external, external[:10]


def test_every_exercise_and_quiz_has_a_page_in_both_languages(built_site):
    for exercise in load_catalog():
        for lang, root in (("zh", built_site), ("en", built_site / "en")):
            page = (root / "exercises" / exercise.id / "index.html").read_text(encoding="utf-8")
            for check in exercise.checks:  # each check's row, its title whole (a "|" in it must not split the table)
                assert f"<td>{html.escape(getattr(check.title, lang), quote=False)}</td>" in page, check.name
            for hint in exercise.hints:
                assert html.escape(getattr(hint, lang).split("`")[0], quote=False) in page
    for quiz in load_bank():
        assert (built_site / "quizzes" / quiz.id / "index.html").exists()
        assert (built_site / "en" / "quizzes" / quiz.id / "index.html").exists()


def test_quiz_pages_hold_no_plain_answer_or_explanation(built_site):
    for quiz in load_bank():
        for lang in ("zh", "en"):
            page = built_site / ("" if lang == "zh" else "en") / "quizzes" / quiz.id / "index.html"
            text = page.read_text(encoding="utf-8")
            for question in quiz.questions:
                explanation = question.explanation(lang)
                assert explanation[:40] not in text, (quiz.id, question.id)
                lead = question.hint(lang).split("$")[0][:15] if question.hint is not None else ""
                if lead.strip():  # the hint is published, for the second wrong try
                    assert html.escape(lead, quote=True) in text, (quiz.id, question.id)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("note", NOTES)
def test_notes_render_every_formula_offline_without_errors(site_url, visit, note, lang):
    prefix = "" if lang == "zh" else "/en"
    page = visit(f"{site_url}{prefix}/notes/{note}/")
    page.wait_for_math()
    article = page.page.locator("article")
    assert page.page.locator("article mjx-container").count() > 0
    # typeset but unstyled math (glyph CSS lost) takes no space: every formula must be visible
    widths = page.page.evaluate("() => Array.from(document.querySelectorAll('article mjx-container'), "
                                "element => element.getBoundingClientRect().width)")
    assert min(widths) > 0, f"{widths.count(0)} formulas take no space"
    assert not RAW_MATH.search(article.inner_text()), RAW_MATH.search(article.inner_text())
    assert page.errors == []
    assert all(url.startswith(site_url) or url.startswith("data:") for url in page.requests), \
        [url for url in page.requests if not url.startswith(site_url)]
    for image in page.page.locator("article img").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute("src")


def _first(quiz_type, with_math=False):
    """The first question of a type (in a quiz whose page shows formulas, if asked)."""
    for quiz in load_bank():
        has_math = "$" in quiz.model_dump_json()
        for question in quiz.questions:
            if isinstance(question, quiz_type) and (has_math or not with_math):
                return quiz, question
    raise AssertionError(f"no {quiz_type.__name__} question in the bank")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_quiz_checks_answers_and_shows_the_explanation(site_url, visit, screenshots, lang):
    quiz, question = _first(SingleChoice, with_math=True)
    prefix = "" if lang == "zh" else "/en"
    page = visit(f"{site_url}{prefix}/quizzes/{quiz.id}/")
    page.wait_for_math()
    assert not RAW_MATH.search(page.page.locator("article").inner_text()), "a formula in a prompt or choice is raw"
    choices = page.page.locator(".quiz-choice")
    assert choices.count() > 0
    for choice in choices.all():
        assert choice.is_visible() and choice.inner_text().strip(), "a quiz choice shows no text"
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    feedback = card.locator(".quiz-feedback")
    wrong = [choice.id for choice in question.choices if choice.id != question.answer]
    card.locator(f"input[value='{wrong[0]}']").check()
    card.locator(".quiz-check").click()
    page.page.wait_for_function("(el) => el.classList.contains('wrong')", arg=feedback.element_handle())
    assert feedback.is_visible()
    assert HINT[lang] not in feedback.inner_text(), "a hint after the first wrong try"
    # the second wrong try shows the hint, never the explanation (which states the answer)
    card.locator(f"input[value='{wrong[1]}']").check()
    card.locator(".quiz-check").click()
    shown = _wait_for_hint(page, feedback, lang)
    assert _start(question.hint(lang)) in shown and _start(question.explanation(lang)) not in shown
    card.locator(f"input[value='{question.answer}']").check()
    card.locator(".quiz-check").click()
    page.page.wait_for_function("(el) => el.classList.contains('right')", arg=feedback.element_handle())
    shown = feedback.inner_text()
    assert ("正确" if lang == "zh" else "Correct") in shown
    assert _start(question.explanation(lang)) in shown
    assert str(question.points) == page.page.locator(".quiz-earned").inner_text()
    assert page.errors == []
    page.page.screenshot(path=str(screenshots / f"quiz-{lang}.png"), full_page=False)


HINT = {"zh": "提示：", "en": "A hint: "}


def _start(text: str) -> str:
    """The first words of a text as the page shows it (formulas left out)."""
    plain = re.sub(r"\$[^$]*\$", "", text)
    return plain.split("。")[0].split(".")[0].split("：")[0][:8]


def _wait_for_hint(page, feedback, lang) -> str:
    page.page.wait_for_function(f"(el) => el.textContent.includes({HINT[lang]!r})", arg=feedback.element_handle())
    return feedback.inner_text().replace("\n", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_numeric_question_shows_its_hint_after_a_second_wrong_try(site_url, visit, screenshots, lang):
    """A number cannot be found by elimination: after two misses the hint shows the way to the worked answer."""
    quiz, question = _first(Numeric, with_math=True)
    page = visit(f"{site_url}{'' if lang == 'zh' else '/en'}/quizzes/{quiz.id}/")
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    feedback = card.locator(".quiz-feedback")
    for attempt in (1, 2):
        card.locator("input[type='text']").fill(str(question.answer + 1000 * attempt))
        card.locator(".quiz-check").click()
        if attempt == 1:
            page.page.wait_for_function("(el) => el.classList.contains('wrong')", arg=feedback.element_handle())
            assert HINT[lang] not in feedback.inner_text()
    shown = _wait_for_hint(page, feedback, lang)
    assert _start(question.hint(lang)) in shown and _start(question.explanation(lang)) not in shown
    assert page.page.locator(".quiz-earned").inner_text() == "0"
    page.wait_for_math()
    card.scroll_into_view_if_needed()
    page.page.screenshot(path=str(screenshots / f"quiz-hint-{lang}.png"), full_page=False)
    card.locator("input[type='text']").fill(f"{question.answer:.{question.precision}f}")
    card.locator(".quiz-check").click()
    page.page.wait_for_function("(el) => el.classList.contains('right')", arg=feedback.element_handle())
    assert _start(question.explanation(lang)) in feedback.inner_text().replace("\n", "")
    assert page.errors == []


def test_numeric_answers_are_rounded_like_the_grader(site_url, visit):
    quiz, question = _first(Numeric)
    page = visit(f"{site_url}/en/quizzes/{quiz.id}/")
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    card.locator("input[type='text']").fill(f"{question.answer:.{question.precision}f}")
    card.locator(".quiz-check").click()
    feedback = card.locator(".quiz-feedback")
    page.page.wait_for_function("(el) => el.classList.contains('right') || el.classList.contains('wrong')",
                                arg=feedback.element_handle())
    assert "Correct" in feedback.inner_text()
    assert page.errors == []


def test_switching_to_english_and_back(site_url, visit):
    page = visit(f"{site_url}/notes/regression/")
    assert "为什么要平方" in page.page.locator("h1").inner_text()
    page.page.locator(".md-header__option .md-select").hover()
    page.page.locator("a[hreflang='en']").first.click()
    page.page.wait_for_url("**/en/notes/regression/")
    assert "why square" in page.page.locator("h1").inner_text().lower()


def test_chinese_search_finds_the_page(site_url, visit):
    page = visit(f"{site_url}/")
    page.page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.page.locator("input.md-search__input")
    box.fill("过拟合")
    box.press("End")
    results = page.page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    targets = [link.get_attribute("href") for link in results.all()]
    assert any("lowering-the-loss" in (target or "") for target in targets), targets


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshot_of_a_notes_page(site_url, visit, screenshots, lang):
    prefix = "" if lang == "zh" else "/en"
    page = visit(f"{site_url}{prefix}/notes/classification/")
    page.wait_for_math()
    page.page.screenshot(path=str(screenshots / f"notes-{lang}.png"), full_page=False)
    assert (screenshots / f"notes-{lang}.png").stat().st_size > 10_000


def test_regenerating_rewrites_nothing(built_site):
    """`mkdocs serve` rebuilds when a file changes: the hook must write identical pages and figures as no change."""
    import sys

    hooks = Path(__file__).resolve().parents[2] / "site" / "hooks"
    sys.path.insert(0, str(hooks))
    try:
        import course
    finally:
        sys.path.remove(str(hooks))
    docs = hooks.parent / "docs"
    generated = [path for folder in ("exercises", "quizzes", "assets/figures") for path in (docs / folder).rglob("*")]
    before = {path: path.stat().st_mtime_ns for path in generated}
    course.on_config({"docs_dir": str(docs), "nav": []})
    assert {path: path.stat().st_mtime_ns for path in generated} == before
