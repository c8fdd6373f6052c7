"""The terminal quiz: one question at a time, feedback and explanation at once, answers saved as you go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from grader.quiz.answers import AnswersFileError, read_answers, save_quiz_answers
from grader.quiz.excerpt import excerpt
from grader.quiz.models import (RECORDED, AnswerError, ChoiceQuestion, MultipleChoice, Numeric, QuestionBase, Quiz,
                                TrueFalse)
from grader.quiz.scoring import grade_quiz
from grader.quiz.variant import PUBLIC_NOTE, Variants
from grader.terminal_math import render as unicode_math

# The few fixed phrases of the terminal quiz, in both languages.
UI = {
    "zh": {
        "question": "第 {n}/{total} 题（{points} 分）",
        "single": "你的答案（{ids}）",
        "multiple": "你的答案（可多选：{ids}，用逗号分隔）",
        "true_false": "你的答案（对/错，true/false）",
        "numeric": "你的答案（一个数，保留 {precision} 位小数）",
        "integer": "你的答案（一个整数）",
        "text": "你的答案",
        "try_again": "无法识别 {raw}：{error}。请再输入一次。",
        "explanation": "解析：",
        "score": "得分：{score:g}/{max:g}",
        "saved": "答案已保存到 {path}",
        "start": "每答一题就会保存；按 Ctrl+C 可随时退出。",
        "list_title": "测验列表（答案文件：{path}）",
        "status": "已答 {answered}/{total}，得分 {score:g}/{max:g}",
        "next": "下一个未完成的测验：grader quiz {id}",
        "all_done": "所有测验都已作答。可以用 grader quiz ID 重新作答。",
        "run_hint": "运行 grader quiz ID（或序号）开始一个测验；加 --lang en 使用英文。",
        "graded": "（计分题：提交后由老师评分，这里不显示对错）",
        "recorded": "计分题 {count} 道，答案已记录，由老师评分。",
        "student": "你的题目版本属于：{id}（来自 {source}）",
    },
    "en": {
        "question": "Question {n}/{total} (points: {points})",
        "single": "Your answer ({ids})",
        "multiple": "Your answer (one or more of {ids}, comma-separated)",
        "true_false": "Your answer (true/false)",
        "numeric": "Your answer (a number, to {precision} decimal places)",
        "integer": "Your answer (a whole number)",
        "text": "Your answer",
        "try_again": "Could not read that: {error}. Please try again.",
        "explanation": "Why: ",
        "score": "Score: {score:g}/{max:g}",
        "saved": "Answers saved to {path}",
        "start": "Each answer is saved at once; press Ctrl+C to stop at any time.",
        "list_title": "Quizzes (answers file: {path})",
        "status": "answered {answered}/{total}, score {score:g}/{max:g}",
        "next": "Next unfinished quiz: grader quiz {id}",
        "all_done": "Every quiz is answered. Run grader quiz ID to answer one again.",
        "run_hint": "Run grader quiz ID (or its number) to start a quiz; add --lang zh for Chinese.",
        "graded": "(graded: your instructor scores it after you submit; no feedback here)",
        "recorded": "{count} graded question(s) recorded for your instructor to score.",
        "student": "Your version of the questions belongs to: {id} (from {source})",
    },
}


def _prompt_label(question: QuestionBase, lang: str) -> str:
    phrases = UI[lang]
    if isinstance(question, ChoiceQuestion):
        if isinstance(question, MultipleChoice):
            return phrases["multiple"].format(ids=", ".join(question.labels))
        return phrases["single"].format(ids="/".join(question.labels))
    if isinstance(question, TrueFalse):
        return phrases["true_false"]
    if isinstance(question, Numeric):
        return phrases["numeric"].format(precision=question.precision) if question.precision else phrases["integer"]
    return phrases["text"]


def ask(question: QuestionBase, lang: str) -> Any:
    """Show one question and prompt until the answer can be read; return it in canonical form."""
    if isinstance(question, ChoiceQuestion):
        for label, choice in question.shown():
            click.echo(f"  {label}) {unicode_math(choice.text(lang))}")
    while True:
        raw = click.prompt(_prompt_label(question, lang), type=str)
        try:
            return question.parse(raw)
        except AnswerError as error:
            click.secho(UI[lang]["try_again"].format(error=_why_unreadable(question, error, lang), raw=excerpt(raw)),
                        fg="yellow")


def _why_unreadable(question: QuestionBase, error: AnswerError, lang: str) -> str:
    """Why a typed answer cannot be read, in the quiz's language (AnswerError's own text is English)."""
    if lang != "zh":
        return str(error)
    if isinstance(question, MultipleChoice):
        return f"请从 {', '.join(question.labels)} 中选择一个或多个，用逗号分隔"
    if isinstance(question, ChoiceQuestion):
        return f"这不是一个选项；选项为 {', '.join(question.labels)}"
    if isinstance(question, TrueFalse):
        return "请回答 对 或 错（true/false）"
    if isinstance(question, Numeric):
        return "这不是一个有限的数"
    return "请输入一个简短的答案"


def run_quiz(quiz: Quiz, answers_path: Path, lang: str, variants: Variants | None = None) -> float:
    """Ask every question of `quiz` in the student's own version, saving each answer to `answers_path`; return
    the score of its practice questions (a graded question's answer is only recorded: the instructor scores it)."""
    phrases = UI[lang]
    read_answers(answers_path)  # fail before the first question, not after it, if the file is unusable
    click.secho(unicode_math(quiz.title(lang)), bold=True)  # type: ignore[arg-type]
    if quiz.intro is not None:
        click.echo(unicode_math(quiz.intro(lang).strip()))  # type: ignore[arg-type]
    click.echo(phrases["start"])
    if variants is not None and quiz.varies:
        click.echo(phrases["student"].format(id=variants.student.value, source=variants.student.source))
        if variants.public:
            click.secho(PUBLIC_NOTE(lang), fg="yellow")  # type: ignore[arg-type]
    total, recorded = 0.0, 0
    for number, original in enumerate(quiz.questions, start=1):
        question = variants.of(quiz, original) if variants is not None else original
        graded = quiz.mode_of(original) == "graded"
        click.echo()
        click.secho(
            phrases["question"].format(n=number, total=len(quiz.questions), points=question.points), bold=True
        )
        click.echo(unicode_math(question.prompt(lang).strip()))  # type: ignore[arg-type]
        if graded:
            click.echo(phrases["graded"])
        answer = ask(question, lang)
        save_quiz_answers(answers_path, quiz.id, {question.id: question.written(answer)})
        if graded:  # no feedback, not even from the instructor's own bank: students see what a release shows
            recorded += 1
            click.secho(RECORDED(lang), fg="cyan")  # type: ignore[arg-type]
            continue
        fraction, feedback = question.score(answer)
        total += question.points * fraction
        colour = "green" if fraction == 1 else ("yellow" if fraction > 0 else "red")
        click.secho(feedback(lang), fg=colour, bold=True)  # type: ignore[arg-type]
        click.echo(phrases["explanation"] + unicode_math(question.explanation(lang).strip()))  # type: ignore[arg-type]
    click.echo()
    practice = sum(q.points for q in quiz.questions if quiz.mode_of(q) != "graded")
    click.secho(phrases["score"].format(score=round(total, 4), max=practice), bold=True)
    if recorded:
        click.echo(phrases["recorded"].format(count=recorded))
    click.echo(phrases["saved"].format(path=answers_path))
    return total


def list_quizzes(bank: tuple[Quiz, ...], answers_path: Path, lang: str, variants: Variants | None = None) -> None:
    """Every quiz with how much of it is answered, and the next one to do."""
    phrases = UI[lang]
    click.secho(phrases["list_title"].format(path=answers_path), bold=True)
    try:
        answers = read_answers(answers_path)
    except AnswersFileError as error:
        click.secho(f"warning: {error}", fg="yellow", err=True)
        answers = {}
    unfinished = None
    for number, quiz in enumerate(bank, start=1):
        entry = answers.get(quiz.id)
        entry = entry if isinstance(entry, dict) else {}
        answered = sum(1 for question in quiz.questions if entry.get(question.id) is not None)
        result = grade_quiz(quiz, entry, lang, source=str(answers_path), variants=variants)
        if unfinished is None and answered < len(quiz.questions):
            unfinished = quiz
        status = phrases["status"].format(
            answered=answered, total=len(quiz.questions), score=result.score, max=result.max_score
        )
        click.echo(f"{number:>2}. {quiz.id:<24} {unicode_math(quiz.title(lang))}  [{status}]")  # type: ignore[arg-type]
    click.echo()
    click.echo(phrases["next"].format(id=unfinished.id) if unfinished else phrases["all_done"])
    click.echo(phrases["run_hint"])
