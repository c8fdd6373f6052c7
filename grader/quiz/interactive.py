"""The terminal quiz: one question at a time, feedback and explanation at once, answers saved as you go."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from grader.quiz.answers import AnswersFileError, forget_quiz_answers, read_answers, save_quiz_answers
from grader.quiz.excerpt import excerpt
from grader.quiz.models import (RECORDED, AnswerError, ChoiceQuestion, MultipleChoice, Numeric, QuestionBase, Quiz,
                                TrueFalse)
from grader.quiz.reread import HEADING as REREAD, reread_lines, wrong_refs
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
        "why_not": "为什么不是 {answer}：",
        "resume": "从第 {n}/{total} 题继续（前面的 {done} 题已作答）；加 --restart 从头开始。",
        "redo": "这个测验的每道题都已作答：从第 1 题重新作答（新答案会替换旧答案）。",
        "restarted": "已清除这个测验之前的答案，从第 1 题开始。",
        "stopped": "已停止：{done}/{total} 题的答案已保存到 {path}。再次运行 grader quiz {id} 会从第 {n} 题继续。",
        "stopped_all": "已停止：每道题的答案都已保存到 {path}。",
        "reread_list": "   重读：{refs}",
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
        "why_not": "Why not {answer}: ",
        "resume": "Resuming at question {n} of {total} ({done} answered before); --restart to start over.",
        "redo": "Every question of this quiz is answered: starting again at question 1 (new answers replace old ones).",
        "restarted": "This quiz's earlier answers are cleared; starting at question 1.",
        "stopped": "Stopped: {done} of {total} answers are saved in {path}. Run grader quiz {id} again to resume at "
                   "question {n}.",
        "stopped_all": "Stopped: an answer to every question is saved in {path}.",
        "reread_list": "   reread: {refs}",
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


def _first_open(quiz: Quiz, answers_path: Path) -> tuple[int, int]:
    """(index of the first question without a saved answer or len(questions), how many are answered)."""
    entry = read_answers(answers_path).get(quiz.id)
    entry = entry if isinstance(entry, dict) else {}
    answered = [entry.get(question.id) is not None for question in quiz.questions]
    return (answered.index(False) if False in answered else len(answered)), sum(answered)


def _where_to_start(quiz: Quiz, answers_path: Path, lang: str, restart: bool) -> int:
    """Resume at the first unanswered question; from the start when asked to, or when every one is answered."""
    phrases = UI[lang]
    if restart:
        forget_quiz_answers(answers_path, quiz.id)
        click.echo(phrases["restarted"])
        return 0
    first, done = _first_open(quiz, answers_path)
    if first == len(quiz.questions):
        if done:
            click.echo(phrases["redo"])
        return 0
    if first > 0:
        click.secho(phrases["resume"].format(n=first + 1, total=len(quiz.questions), done=done), fg="cyan")
    return first


def _show_feedback(question: QuestionBase, answer: Any, lang: str) -> None:
    """Why the answer picked is tempting and wrong (the author's feedback on it), before the explanation."""
    if not isinstance(question, ChoiceQuestion):
        for text in question.feedback_on(answer):
            click.echo(unicode_math(text(lang).strip()))  # type: ignore[arg-type]
        return
    picked = set(answer if isinstance(answer, list) else [answer])
    for label, choice in question.shown():  # one wrong pick at a time, so that each is named
        if choice.id in picked:
            for text in question.feedback_on([choice.id] if isinstance(answer, list) else choice.id):
                why_not = UI[lang]["why_not"].format(answer=label)
                click.echo(why_not + unicode_math(text(lang).strip()))  # type: ignore[arg-type]


def run_quiz(quiz: Quiz, answers_path: Path, lang: str, variants: Variants | None = None,
             restart: bool = False) -> float:
    """Ask the questions of `quiz` in the student's own version from the first one not answered yet, saving each
    answer to `answers_path` as it is given; return the score of its practice questions over every saved answer (a
    graded question's answer is only recorded: the instructor scores it)."""
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
    first = _where_to_start(quiz, answers_path, lang, restart)
    try:
        recorded = _ask_from(quiz, first, answers_path, lang, variants)
    except (click.Abort, KeyboardInterrupt):  # Ctrl-C or the end of input: each answer given is saved already
        _stopped(quiz, answers_path, lang)
    return _summary(quiz, answers_path, lang, variants, recorded)


def _ask_from(quiz: Quiz, first: int, answers_path: Path, lang: str, variants: Variants | None) -> int:
    """Ask the questions from index `first` on, each answer saved (atomically) as it is given, with its feedback;
    return how many graded answers were recorded."""
    phrases = UI[lang]
    recorded = 0
    for number, original in enumerate(quiz.questions[first:], start=first + 1):
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
        colour = "green" if fraction == 1 else ("yellow" if fraction > 0 else "red")
        click.secho(feedback(lang), fg=colour, bold=True)  # type: ignore[arg-type]
        if fraction < 1:
            _show_feedback(question, answer, lang)
        click.echo(phrases["explanation"] + unicode_math(question.explanation(lang).strip()))  # type: ignore[arg-type]
    return recorded


def _stopped(quiz: Quiz, answers_path: Path, lang: str) -> NoReturn:
    first, done = _first_open(quiz, answers_path)
    click.echo()
    if first == len(quiz.questions):  # stopped while answering a finished quiz again: nothing is left open
        click.secho(UI[lang]["stopped_all"].format(path=answers_path), fg="yellow")
    else:
        click.secho(UI[lang]["stopped"].format(done=done, total=len(quiz.questions), path=answers_path, id=quiz.id,
                                               n=first + 1), fg="yellow")
    raise SystemExit(130)  # the shell's code for an interrupted command


def _summary(quiz: Quiz, answers_path: Path, lang: str, variants: Variants | None, recorded: int) -> float:
    """The score over every saved answer to the quiz (this run's and earlier ones), and what to reread."""
    phrases = UI[lang]
    entry = read_answers(answers_path).get(quiz.id)
    result = grade_quiz(quiz, entry, lang, source=str(answers_path), variants=variants)
    graded = {q.id for q in quiz.questions if quiz.mode_of(q) == "graded"}
    total = sum(scored.score for scored in result.questions if scored.id not in graded)
    practice = sum(q.points for q in quiz.questions if q.id not in graded)
    click.echo()
    click.secho(phrases["score"].format(score=round(total, 4), max=practice), bold=True)
    if recorded:
        click.echo(phrases["recorded"].format(count=recorded))
    refs = wrong_refs(quiz, result)
    if refs:
        click.echo(REREAD(lang))  # type: ignore[arg-type]
        for line in reread_lines(refs, lang):  # type: ignore[arg-type]
            click.echo(line)
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
        refs = wrong_refs(quiz, result)
        if refs:
            click.echo(phrases["reread_list"].format(refs=", ".join(f"grader notes {ref}" for ref in refs)))
    click.echo()
    click.echo(phrases["next"].format(id=unfinished.id) if unfinished else phrases["all_done"])
    click.echo(phrases["run_hint"])
