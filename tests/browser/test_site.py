"""The course site, built strictly and looked at in a real browser: math, quizzes, languages, search, links."""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from grader.catalog import load_catalog
from grader.quiz.bank import load_bank
from grader.quiz.models import Numeric, ShortText, SingleChoice
from grader.quiz.normalise import normalise_text, round_numeric
from grader.release.answer_key import decrypt

NOTES = ["what-is-a-loss", "lowering-the-loss", "regression", "classification", "optimization", "probability",
         "backprop"]
RAW_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\[")
HOOKS = Path(__file__).resolve().parents[2] / "site" / "hooks"


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


def _sentences(text: str) -> list[str]:
    """The explanation's sentences, formulas left out: the pieces someone could grep for."""
    plain = re.sub(r"\$[^$]*\$", "|", text)
    return [re.sub(r"\s+", " ", piece.strip()) for piece in re.split(r"[|。！？；：.!?;:]", plain)
            if len(piece.strip()) >= 12]


def test_quiz_pages_hold_no_plain_answer_or_explanation(built_site):
    """No explanation sentence anywhere in the built site (pages, scripts, search index), no answer in a card; the
    practice copy the page reveals after a second wrong try is the explanation, under a key the page derives."""
    sys.path.insert(0, str(HOOKS))
    try:
        from quiz_pages import practice_key, practice_version
    finally:
        sys.path.remove(str(HOOKS))
    published = []
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".json":  # a search index may escape non-ASCII: compare the decoded text too
                text += json.dumps(json.loads(text), ensure_ascii=False)
            published.append(text)
    everything = "\n".join(published)
    # what the site publishes on purpose (prompts, choices, hints, intros, the notes): a sentence an explanation
    # shares with it is no leak
    docs = Path(__file__).resolve().parents[2] / "site" / "docs"
    meant = "\n".join([*(quiz.model_dump_json(exclude={"questions": {"__all__": {"explanation"}}})
                         for quiz in load_bank()),
                        *(page.read_text(encoding="utf-8") for page in docs.rglob("*.md")
                          if "quizzes" not in page.parts)])
    meant = re.sub(r"\s+", " ", meant.replace("**", ""))  # as the page reads: one line, no emphasis marks
    for quiz in map(practice_version, load_bank()):  # the version of each varying question the site shows
        for lang in ("zh", "en"):
            page = built_site / ("" if lang == "zh" else "en") / "quizzes" / quiz.id / "index.html"
            text = page.read_text(encoding="utf-8")
            cards = dict(re.findall(r'<div class="quiz-question" id="([^"]+)"(.*?)</div></div>', text, re.S))
            for question in quiz.questions:
                explanation = question.explanation(lang)
                assert explanation[:40] not in text, (quiz.id, question.id)
                for sentence in _sentences(explanation):
                    if sentence in meant:
                        continue
                    assert sentence not in everything and html.escape(sentence) not in everything, (quiz.id, sentence)
                card_id = f"{quiz.id}-{question.id}"
                if quiz.mode_of(question) == "graded":  # no key, no copy: tests/test_quiz_variants.py
                    assert card_id not in cards and f'id="{card_id}"' in text
                    continue
                card = cards[card_id]
                # the hashed key and the practice copy are ciphertext (the decryption below proves it); the rest of
                # the card must not hold the answer unless the prompt, a choice or the hint already shows it (the
                # question's id, in the card's id and input names, is the bank's and left out here)
                plain = html.unescape(re.sub(r'(data-key|data-practice|name)="[^"]*"', "", card))
                visible = re.sub(r"<[^>]+>", " ", plain) + question.prompt(lang) + \
                    (question.hint(lang) if question.hint is not None else "")
                if isinstance(question, Numeric):
                    answer = round_numeric(question.answer, question.precision)
                    if answer not in visible:
                        assert not re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d])", plain), (quiz.id, question.id)
                if isinstance(question, ShortText):
                    for accepted in question.accepted:
                        word = normalise_text(accepted)
                        if word not in normalise_text(visible):
                            assert word not in normalise_text(plain), (quiz.id, question.id, accepted)
                key = json.loads(html.unescape(re.search(r'data-key="([^"]+)"', card).group(1)))
                practice = html.unescape(re.search(r'data-practice="([^"]+)"', card).group(1))
                revealed = decrypt(practice_key(key["salt"], card_id), lang, practice)
                assert revealed == explanation, (quiz.id, question.id)
                lead = question.hint(lang).split("$")[0][:15] if question.hint is not None else ""
                if lead.strip():  # the hint is published, for the first wrong try
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


def _fixed_practice(quiz, question) -> bool:
    """A practice question the same for every student (graded and varying ones: tests/test_quiz_variants.py)."""
    return quiz.mode_of(question) == "practice" and not question.varies


def _worked(quiz_type):
    """The first question of a type with a hint and formulas in its explanation (in both languages)."""
    for quiz in load_bank():
        for question in quiz.questions:
            if isinstance(question, quiz_type) and question.hint is not None and _fixed_practice(quiz, question) \
                    and all("$" in question.explanation(lang) for lang in ("zh", "en")):
                return quiz, question
    raise AssertionError(f"no {quiz_type.__name__} question with a worked explanation in the bank")


HINT = {"zh": "提示：", "en": "A hint: "}
WORKED = {"zh": "讲解：", "en": "The worked explanation: "}
NOT_YOURS = {"zh": "不是你答出的", "en": "not from you"}
COUNTS_0 = {"zh": "讲解已经显示过", "en": "The explanation was shown before"}


def _start(text: str) -> str:
    """The first words of a text as the page shows it (formulas left out)."""
    plain = re.sub(r"\$[^$]*\$", "", text)
    return plain.split("。")[0].split(".")[0].split("：")[0][:8]


def _longest(text: str) -> str:
    """The longest piece of a text between its formulas and punctuation: as the page shows it, formulas typeset."""
    return max((piece.strip() for piece in re.split(r"\$[^$]*\$|[。！？；：，,.!?;:]", text)), key=len)[:30]


def _telling(question, lang: str) -> str:
    """A piece of the explanation that neither the prompt nor the hint holds: seen only with the explanation."""
    published = question.prompt(lang) + question.hint(lang)
    return next(piece[:30] for piece in _sentences(question.explanation(lang)) if piece[:30] not in published)


def _shown(feedback) -> str:
    return feedback.inner_text().replace("\n", "")


def _try(page, card, feedback, fill) -> None:
    """One try: answer, press Check, wait for the feedback (and its formulas) to settle."""
    feedback.evaluate("(el) => { el.className = 'quiz-feedback'; }")
    fill()
    card.locator(".quiz-check").click()
    page.page.wait_for_function("(el) => el.classList.contains('right') || el.classList.contains('wrong')",
                                arg=feedback.element_handle())
    page.wait_for_math()


def _assert_hint_then_explanation(page, card, feedback, question, lang, wrong_tries, score=0) -> None:
    """First wrong try: the hint, no explanation. Second: the explanation, labelled, typeset, earning nothing
    (`score`: what the page's other questions earned)."""
    explanation, hint = _telling(question, lang), _longest(question.hint(lang))
    _try(page, card, feedback, wrong_tries[0])
    shown = _shown(feedback)
    assert "wrong" in feedback.get_attribute("class")
    assert ("不对" if lang == "zh" else "Not quite") in shown
    assert HINT[lang] in shown and hint in shown, shown
    assert explanation not in shown and WORKED[lang] not in shown, shown
    _try(page, card, feedback, wrong_tries[1])
    shown = _shown(feedback)
    assert "wrong" in feedback.get_attribute("class")
    assert WORKED[lang] in shown and explanation in shown, shown
    assert NOT_YOURS[lang] in shown, shown
    worked = feedback.locator(".quiz-worked")
    assert worked.locator("mjx-container").count() > 0, "the explanation's formulas are not typeset"
    assert not RAW_MATH.search(worked.inner_text()), RAW_MATH.search(worked.inner_text())
    widths = worked.evaluate("(el) => Array.from(el.querySelectorAll('mjx-container'), "
                             "(m) => m.getBoundingClientRect().width)")
    assert min(widths) > 0, "a formula of the explanation takes no space"
    assert page.page.locator(".quiz-earned").inner_text() == str(score)
    assert page.errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_quiz_checks_answers_and_shows_the_explanation(site_url, visit, screenshots, lang):
    quiz, question = _worked(SingleChoice)
    prefix = "" if lang == "zh" else "/en"
    page = visit(f"{site_url}{prefix}/quizzes/{quiz.id}/")
    page.wait_for_math()
    assert not RAW_MATH.search(page.page.locator("article").inner_text()), "a formula in a prompt or choice is raw"
    choices = page.page.locator(".quiz-choice")
    assert choices.count() > 0
    for choice in choices.all():
        assert choice.is_visible() and choice.inner_text().strip(), "a quiz choice shows no text"
    # another question of the page, answered right at once: its points count
    other = next(item for item in quiz.questions if isinstance(item, SingleChoice) and item.id != question.id
                 and _fixed_practice(quiz, item))
    other_card = page.page.locator(f"#{quiz.id}-{other.id}")
    _try(page, other_card, other_card.locator(".quiz-feedback"),
         lambda: other_card.locator(f"input[value='{other.answer}']").check())
    assert _longest(other.explanation(lang)) in _shown(other_card.locator(".quiz-feedback"))
    assert page.page.locator(".quiz-earned").inner_text() == str(other.points)
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    feedback = card.locator(".quiz-feedback")
    wrong = [choice.id for choice in question.choices if choice.id != question.answer]
    _assert_hint_then_explanation(page, card, feedback, question, lang, [
        lambda: card.locator(f"input[value='{wrong[0]}']").check(),
        lambda: card.locator(f"input[value='{wrong[1]}']").check()], score=other.points)
    card.scroll_into_view_if_needed()
    page.page.screenshot(path=str(screenshots / f"quiz-explained-{lang}.png"), full_page=False)
    # the right answer now: still "correct" with its explanation, but it was shown first, so it earns 0
    _try(page, card, feedback, lambda: card.locator(f"input[value='{question.answer}']").check())
    shown = _shown(feedback)
    assert "right" in feedback.get_attribute("class")
    assert ("正确" if lang == "zh" else "Correct") in shown and _start(question.explanation(lang)) in shown
    assert COUNTS_0[lang] in shown, shown
    assert page.page.locator(".quiz-earned").inner_text() == str(other.points)
    assert page.errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_numeric_question_shows_its_worked_solution_after_a_second_wrong_try(site_url, visit, screenshots, lang):
    """A number cannot be found by elimination: a first miss shows the hint, a second the worked solution."""
    quiz, question = _worked(Numeric)
    page = visit(f"{site_url}{'' if lang == 'zh' else '/en'}/quizzes/{quiz.id}/")
    page.wait_for_math()
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    feedback = card.locator(".quiz-feedback")
    box = card.locator("input[type='text']")
    _assert_hint_then_explanation(page, card, feedback, question, lang, [
        lambda: box.fill(str(question.answer + 1000)), lambda: box.fill(str(question.answer + 2000))])
    card.scroll_into_view_if_needed()
    page.page.screenshot(path=str(screenshots / f"quiz-numeric-explained-{lang}.png"), full_page=False)
    _try(page, card, feedback, lambda: box.fill(f"{question.answer:.{question.precision}f}"))
    assert "right" in feedback.get_attribute("class")
    assert _start(question.explanation(lang)) in _shown(feedback) and COUNTS_0[lang] in _shown(feedback)
    assert page.page.locator(".quiz-earned").inner_text() == "0"
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
