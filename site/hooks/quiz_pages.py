"""One page per quiz from the grader's bank: practice answers checked in the browser by hash; graded ones keyless."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from generated import tex_inline, write_if_changed
from grader.quiz.bank import load_bank
from grader.quiz.models import ChoiceQuestion, QuestionBase, Quiz
from grader.quiz.variant import Variants, variant_key
from grader.release.answer_key import digest, encrypt, hashed_quiz
from grader.variants import StudentId

# The same salted-hash key as a student release (grader/release/answer_key.py), with reproducible salts so
# that rebuilding the site rewrites nothing: the page holds no plain answer and no plain explanation.
# The site's quizzes are practice (a student can try every choice in the browser anyway; summative marks are to
# come from held-out questions): a first wrong try shows the question's hint, a second the worked explanation.
# So each card carries a second copy of its explanation, `data-practice`, XORed with a stream keyed by SHA-256 of
# the question's salt and the card's id. That is OBFUSCATION, NOT A SECRET: everything needed to read it is on the
# page, and anyone who runs quiz.js's few lines by hand reads every explanation, and so every answer. It keeps the
# explanations out of the page's plain text (no reading them by accident, in the HTML, a search index or a grep);
# a right answer still opens the first copy, encrypted under a key only the right answer unwraps.
SEED = "loss-compass-site"
# The site shows one practice version of every question that varies per student (drawn numbers, shuffled choices):
# the public seed's, for this made-up student. A student's own version, the one graded, comes from `grader quiz`.
SITE_VARIANTS = Variants(variant_key(None), StudentId("site-practice", "site"), public=True)
WORDS = {
    "zh": {"check": "检查", "points": "分", "index": "小测验", "score": "本页得分",
           "number_hint": "输入一个数", "text_hint": "输入答案", "true": "对", "false": "错",
           "graded": "计分题：请在终端里用 `grader quiz` 作答，由老师评分；这里只是一个练习版本，不能检查对错。",
           "intro": "选择或填写答案，点击“检查”即可看到对错：答对后显示讲解；答错一次显示解题提示，答错两次显示讲解"
                    "（这时本题在本页得分中计 0 分）。这些小测验供练习，同样的题目也可以在终端里用 `grader quiz` 作答。"
                    "标为计分题的题目这里不能检查：请用 `grader quiz` 作答，由老师评分；有些题目的数字或选项顺序因人而异，"
                    "这里显示的是一个练习版本，`grader quiz` 会显示你自己的版本。"},
    "en": {"check": "Check", "points": "pt", "index": "Quizzes", "score": "Score on this page",
           "number_hint": "a number", "text_hint": "your answer", "true": "True", "false": "False",
           "graded": "Graded: answer it in the terminal with `grader quiz`, your instructor scores it; this is a "
                     "practice version and cannot be checked here.",
           "intro": "Choose or type an answer and press Check to see whether it is right: a right answer shows why, a "
                    "first wrong try shows a hint, a second wrong try the worked explanation (the question then "
                    "counts 0 in the page's score). These quizzes are for practice; the same questions run in the "
                    "terminal with `grader quiz`. Graded questions cannot be checked here: answer them with "
                    "`grader quiz`, your instructor scores them. Some questions have numbers or a choice order of each "
                    "student's own: this page shows a practice version, `grader quiz` shows yours."},
}


def _text(value: dict, lang: str) -> str:
    return html.escape(tex_inline(value[lang]))


def _code(text: str) -> str:
    """Escaped text with `code` spans as <code> (a raw HTML block is not Markdown)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def question_html(question: dict, quiz_id: str, lang: str) -> str:
    words = WORDS[lang]
    name = f"{quiz_id}-{question['id']}"
    kind = question["type"]
    if kind in ("single", "multiple"):
        input_type = "radio" if kind == "single" else "checkbox"
        by_id = {choice["id"]: choice for choice in question["choices"]}
        # The value is the choice's id, what the key hashes; the label is where a shuffled question shows it.
        inputs = "".join(
            f'<label class="quiz-choice"><input type="{input_type}" name="{name}" value="{html.escape(choice_id)}">'
            f'<span class="quiz-choice-id">{html.escape(label)}.</span> '
            f'<span class="arithmatex">{_text(by_id[choice_id]["text"], lang)}</span></label>'
            for label, choice_id in question["shown"])
    elif kind == "true_false":
        inputs = "".join(f'<label class="quiz-choice"><input type="radio" name="{name}" value="{value}">'
                         f'<span>{words[value]}</span></label>' for value in ("true", "false"))
    else:
        hint = words["number_hint"] if kind == "numeric" else words["text_hint"]
        inputs = f'<input type="text" name="{name}" placeholder="{hint}" autocomplete="off">'
    if question.get("mode") == "graded":  # no key, no hint, no explanation: nothing to check against
        return (f'<div class="quiz-question quiz-graded" id="{html.escape(name)}" data-type="{kind}" '
                f'data-lang="{lang}"><div class="quiz-prompt arithmatex">{_text(question["prompt"], lang)} '
                f'<span class="quiz-points">({question["points"]} {words["points"]})</span></div>'
                f'{inputs}<div class="quiz-note">{_code(words["graded"])}</div></div>')
    key = html.escape(json.dumps(question["key"], separators=(",", ":")), quote=True)
    scoring = html.escape(question.get("scoring", ""))
    hint = html.escape(tex_inline(question["hint"][lang]), quote=True) if question.get("hint") else ""
    practice = html.escape(question["practice"][lang], quote=True)
    return (f'<div class="quiz-question" id="{html.escape(name)}" data-type="{kind}" data-points="{question["points"]}" '
            f'data-scoring="{scoring}" data-lang="{lang}" data-key="{key}" data-hint="{hint}" '
            f'data-practice="{practice}">'
            f'<div class="quiz-prompt arithmatex">{_text(question["prompt"], lang)} '
            f'<span class="quiz-points">({question["points"]} {words["points"]})</span></div>'
            f'{inputs}<div><button type="button" class="quiz-check">{words["check"]}</button></div>'
            f'<div class="quiz-feedback" role="status"></div></div>')


def quiz_page(quiz: dict, lang: str) -> str:
    words = WORDS[lang]
    lines = [f"# {quiz['title'][lang]}", ""]
    if quiz.get("intro"):
        lines += [quiz["intro"][lang], ""]
    total = sum(question["points"] for question in quiz["questions"] if question.get("mode") != "graded")
    lines += [f'<div class="quiz" data-total="{total}">', ""]
    lines += [question_html(question, quiz["id"], lang) + "\n" for question in quiz["questions"]]
    lines += [f'<div class="quiz-score">{words["score"]}: <span class="quiz-earned">0</span> / {total}</div>', "",
              "</div>", ""]
    return "\n".join(lines)


def index_page(quizzes: list[dict], lang: str) -> str:
    words = WORDS[lang]
    lines = [f"# {words['index']}", "", words["intro"], ""]
    lines += [f"- [{quiz['title'][lang]}]({quiz['id']}.md)" for quiz in quizzes]
    return "\n".join(lines) + "\n"


def practice_key(salt: str, card_id: str) -> bytes:
    """The key of a card's practice copy: derived from what the page holds (see the note at the top)."""
    return bytes.fromhex(digest(salt, "practice", card_id))


def practice_copy(question: QuestionBase, salt: str, card_id: str) -> dict[str, str]:
    """The explanation the page shows after a second wrong try, obfuscated (not encrypted: see the top)."""
    return {lang: encrypt(practice_key(salt, card_id), lang, question.explanation(lang)) for lang in ("zh", "en")}


def practice_version(quiz: Quiz) -> Quiz:
    """The quiz with the site's version of every question that varies per student."""
    return quiz.model_copy(update={"questions": [SITE_VARIANTS.of(quiz, question) for question in quiz.questions]})


def write_quiz_pages(folder: Path) -> list[str]:
    bank = [practice_version(quiz) for quiz in load_bank()]
    quizzes = [hashed_quiz(quiz, SEED, secret="") for quiz in bank]
    for quiz, source in zip(quizzes, bank):
        for question, original in zip(quiz["questions"], source.questions):
            shown = original.shown() if isinstance(original, ChoiceQuestion) else []
            question["shown"] = [(label, choice.id) for label, choice in shown]
            if "key" in question:
                question["practice"] = practice_copy(original, question["key"]["salt"],
                                                     f"{quiz['id']}-{question['id']}")
    for lang, suffix in (("zh", ""), ("en", ".en")):
        write_if_changed(folder / f"index{suffix}.md", index_page(quizzes, lang))
        for quiz in quizzes:
            write_if_changed(folder / f"{quiz['id']}{suffix}.md", quiz_page(quiz, lang))
    return [f"quizzes/{quiz['id']}.md" for quiz in quizzes]
