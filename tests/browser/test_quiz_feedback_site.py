"""The site's quizzes, in a real browser: a wrong answer the author foresaw shows why it tempts and is wrong."""

from __future__ import annotations

import re

import pytest

from browser.test_site import _shown, _try
from grader.quiz.bank import load_bank

WHY_NOT = {"zh": "为什么不是 {label}：", "en": "Why not {label}: "}


def _question(quiz_id: str, question_id: str):
    quiz = next(quiz for quiz in load_bank() if quiz.id == quiz_id)
    return quiz, quiz.question(question_id)


def _plain(text: str) -> str:
    """The longest stretch of a text between formulas, as the page shows it with its formulas typeset."""
    return max(re.split(r"\$[^$]*\$", text), key=len).strip()[:30]


def _check(page, card, fill) -> str:
    """Answer, press Check, and return the feedback once it is there and its formulas are typeset."""
    feedback = card.locator(".quiz-feedback")
    _try(page, card, feedback, fill)
    return _shown(feedback)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_choice_shows_its_feedback_then_the_hint(site_url, visit, lang):
    quiz, question = _question("what_is_loss", "what_loss_measures")
    page = visit(f"{site_url}{'' if lang == 'zh' else '/en'}/quizzes/{quiz.id}/")
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    by_id = {choice.id: choice for choice in question.choices}
    shown = _check(page, card, lambda: card.locator("input[value='c']").check())
    why_not = WHY_NOT[lang].format(label="c") + _plain(by_id["c"].feedback(lang))
    assert why_not in shown, shown
    assert shown.index(why_not) < shown.index({"zh": "提示：", "en": "A hint: "}[lang])
    assert _plain(by_id["a"].feedback(lang)) not in shown  # only the choice picked
    shown = _check(page, card, lambda: card.locator(f"input[value='{question.answer}']").check())
    assert "为什么不是" not in shown and "Why not" not in shown
    assert page.errors == []


def test_each_wrong_pick_and_a_known_numeric_mistake_get_their_feedback(site_url, visit):
    quiz, question = _question("loss_zero", "three_readings")
    page = visit(f"{site_url}/en/quizzes/{quiz.id}/")
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    by_id = {choice.id: choice for choice in question.choices}
    shown = _check(page, card, lambda: [card.locator(f"input[value='{item}']").check() for item in ("a", "d", "e")])
    assert "Why not d: " + _plain(by_id["d"].feedback.en) in shown and "Why not e: " in shown, shown

    quiz, question = _question("why_not_mae", "mae_by_hand")
    page = visit(f"{site_url}/en/quizzes/{quiz.id}/")
    card = page.page.locator(f"#{quiz.id}-{question.id}")
    shown = _check(page, card, lambda: card.locator("input[type='text']").fill("1.67"))
    assert _plain(question.mistakes[0].feedback.en) in shown, shown
    shown = _check(page, card, lambda: card.locator("input[type='text']").fill("7"))  # foreseen by nobody
    assert not any(_plain(mistake.feedback.en) in shown for mistake in question.mistakes), shown
    assert page.errors == []
