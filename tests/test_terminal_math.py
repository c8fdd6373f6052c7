"""Formulas in the terminal: the course's TeX as readable Unicode, for every quiz and catalog text in both languages."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel
from click.testing import CliRunner

from grader.catalog import load_catalog
from grader.cli import cli
from grader.quiz.bank import load_bank
from grader.quiz.models import ChoiceQuestion
from grader.terminal_math import render, to_unicode
from grader.text import LANGS, Text

LEFTOVER = re.compile(r"\$|\\[A-Za-z]+|\\[,;:!|{}]")


@pytest.mark.parametrize("tex, expected", [
    (r"\frac{1}{n}\sum_i (\hat y_i - y_i)^2", "1/n Σᵢ (ŷᵢ - yᵢ)²"),
    (r"\tfrac12 e^2", "½ e²"),
    (r"\frac{(y - \hat y)^2}{2\sigma^2}", "(y - ŷ)²/(2σ²)"),
    (r"\frac{\mathrm{softmax}(z_i) - \mathrm{onehot}(t_i)}{4C}", "(softmax(zᵢ) - onehot(tᵢ))/(4C)"),
    (r"\frac{\partial L}{\partial \hat y_i}", "∂L/∂ŷᵢ"),
    (r"\frac{1}{\sqrt{2\pi\sigma^2}}", "1/√(2πσ²)"),
    (r"-\log p = \tfrac12\log(2\pi\sigma^2)", "-log p = ½ log(2πσ²)"),
    (r"\exp\left(-\frac{x}{2}\right)", "exp(-x/2)"),
    (r"w \leftarrow w - \eta \cdot \partial L / \partial w", "w ← w - η · ∂L / ∂w"),
    (r"\nabla_w L = X^\top g", "∇_w L = Xᵀ g"),
    (r"y \in \mathbb{R}^n", "y ∈ ℝⁿ"),
    (r"D_{\mathrm{KL}}(q \,\|\, p) \ge 0", "D_KL(q ‖ p) ≥ 0"),
    (r"n_{\text{test}} = 3", "n_test = 3"),
    (r"e^{-(y-\hat y)^2/(2\sigma^2)}", "e^(-(y-ŷ)²/(2σ²))"),
    (r"2 \times \frac13 \approx 0.67", "2 × ⅓ ≈ 0.67"),
    (r"\frac{d}{dc}\sum_i |y_i - c|", "d/dc Σᵢ |yᵢ - c|"),
    (r"\lvert e\rvert \le \delta", "|e| ≤ δ"),
])
def test_formulas_read_as_unicode(tex, expected):
    assert to_unicode(tex) == expected


def test_text_around_formulas_is_kept_and_dollars_go():
    assert render(r"MSE is $\frac1n\sum_i e_i^2$, and $$\hat y$$ too; 价格 5 元") == \
        "MSE is 1/n Σᵢ eᵢ², and ŷ too; 价格 5 元"
    assert render("no formula here") == "no formula here"


def _texts(value, where):
    """Every bilingual text inside a model, with where it is."""
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}[{index}]")
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), f"{where}.{name}")


def quiz_texts():
    for quiz in load_bank():
        yield from _texts(quiz, quiz.id)


def catalog_texts():
    for exercise in load_catalog():
        yield from _texts(exercise, exercise.id)


def test_the_walk_reaches_every_kind_of_text():
    places = [where for where, _ in quiz_texts()]
    for field in (".title", ".intro", ".prompt", ".explanation", ".hint", ".text"):
        assert any(place.endswith(field) for place in places), field
    places = [where for where, _ in catalog_texts()]
    for field in (".title", ".summary", ".quote", ".hints[0]"):
        assert any(place.endswith(field) for place in places), field
    assert sum(1 for _, text in quiz_texts() if "$" in text.zh + text.en) > 100  # formulas really are there


@pytest.mark.parametrize("source", [quiz_texts, catalog_texts], ids=["quizzes", "catalog"])
def test_no_dollar_or_backslash_command_reaches_the_terminal(source):
    problems = []
    for where, text in source():
        for lang in LANGS:
            shown = render(text(lang))
            if LEFTOVER.search(shown):
                problems.append(f"{where}.{lang}: {LEFTOVER.search(shown).group()!r} in {shown[:120]!r}")
    assert not problems, "\n".join(problems[:20])


def test_the_terminal_quiz_shows_unicode_not_tex(monkeypatch, tmp_path):
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    (tmp_path / "exercises").mkdir()
    quiz = next(q for q in load_bank() if any("$" in c.text.en for q2 in [q] for question in q2.questions
                                             if isinstance(question, ChoiceQuestion) for c in question.choices))
    answers = "".join("a\n" if isinstance(question, ChoiceQuestion) else "1\n" for question in quiz.questions)
    for lang in LANGS:
        result = CliRunner().invoke(cli, ["quiz", quiz.id, "--lang", lang], input=answers)
        assert result.exit_code == 0, result.output
        assert not LEFTOVER.search(result.output), LEFTOVER.search(result.output).group()
        assert "Σ" in result.output or "ŷ" in result.output or "/" in result.output


def test_hints_in_the_terminal_have_no_tex(monkeypatch, tmp_path):
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    for exercise in load_catalog():
        for lang in LANGS:
            result = CliRunner().invoke(cli, ["hint", exercise.id, "--all", "--lang", lang])
            assert result.exit_code == 0, result.output
            assert not LEFTOVER.search(result.output), (exercise.id, lang)
