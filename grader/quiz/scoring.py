"""Score a submission's answers.yaml against the bank: one complete QuizResult per quiz, whatever the file holds."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Optional

from grader.quiz.answers import ANSWERS_FILE, AnswersFileError, read_answers
from grader.quiz.bank import display_path, load_bank
from grader.quiz.excerpt import excerpt, name_of
from grader.quiz.formula import FormulaError
from grader.quiz.models import RECORDED, AnswerError, Quiz
from grader.quiz.variant import Variants, variants_for
from grader.report import QuestionResult, QuizResult
from grader.text import Text
from grader.variants import StudentId

NOT_ANSWERED = {"zh": "未作答", "en": "not answered"}
UNDRAWABLE = Text(zh="无法为你生成这道题的数字，请告诉老师", en="this question's numbers cannot be drawn for you: tell your instructor")
STUDENT_ID_KEY = "id"  # answers.yaml's `id:`, the student's id (grader.variants)
ANONYMOUS = StudentId("", "none")
# Warnings about unknown ids, at most: a file of thousands of junk keys must not make a huge report.
MAX_WARNINGS = 20


def grade_quiz(
    quiz: Quiz,
    entry: Any,
    lang: str = "en",
    *,
    source: str = ANSWERS_FILE,
    error: str = "",
    variants: Optional[Variants] = None,
) -> QuizResult:
    """Score one quiz from its entry in answers.yaml (None when absent); never raises.

    Each question is scored in the student's own version of it (`variants`; without them, the
    public seed's version for an anonymous student).

    `error` marks the whole quiz as ungradable (the file or this entry is malformed): every
    question scores 0 and the reason is kept. Unknown question ids are left to the caller.
    """
    if not error and entry is not None and not isinstance(entry, dict):
        error = (
            f"{source}: {quiz.id}: expected a mapping from question id to answer, "
            f"got {type(entry).__name__} {excerpt(entry, 40)}"
        )
    results: list[QuestionResult] = []
    if variants is None and quiz.varies:
        variants = variants_for(Path("."), (quiz,), student=ANONYMOUS)
    for question in quiz.questions:
        if variants is not None:
            try:
                question = variants.of(quiz, question)
            except FormulaError as problem:  # validation tries many draws; a grid can still hide a bad one
                results.append(_zero(question.id, question.points, f"{UNDRAWABLE(lang)} ({problem})"))
                continue
        if error:
            results.append(_zero(question.id, question.points, "not graded: " + error))
            continue
        raw = entry.get(question.id) if isinstance(entry, dict) else None
        if raw is None:
            results.append(_zero(question.id, question.points, NOT_ANSWERED.get(lang, NOT_ANSWERED["en"])))
            continue
        try:
            fraction, feedback = question.check(raw)
        except AnswerError as problem:
            results.append(_zero(question.id, question.points, f"{source}: {quiz.id}.{question.id}: {problem}"))
            continue
        if feedback == RECORDED:  # a release's graded question: the instructor's bank scores it
            results.append(_zero(question.id, question.points, feedback(lang)))
            continue
        # The explanation states the answer: kept apart so that reports can leave it out (grader.report).
        results.append(
            QuestionResult(
                id=question.id,
                score=round(question.points * fraction, 4),
                max_score=float(question.points),
                passed=fraction == 1,
                message=feedback(lang),
                explanation="" if fraction == 1 else question.explanation(lang).strip(),
            )
        )
    return QuizResult(
        id=quiz.id,
        title=quiz.title(lang),  # type: ignore[arg-type]
        score=round(sum(result.score for result in results), 4),
        max_score=quiz.max_score,
        questions=results,
        error=error,
    )


def grade_quizzes(
    submission_dir: Path,
    lang: str = "en",
    *,
    warnings: Optional[list[str]] = None,
    bank: Optional[tuple[Quiz, ...]] = None,
) -> list[QuizResult]:
    """One QuizResult per quiz in the bank, in course order, from `submission_dir/answers.yaml`.

    A missing file means every quiz is unanswered (score 0, no error). A file that cannot be used
    at all gives every quiz score 0 with the reason in `error`. A malformed quiz entry gives that
    quiz 0 with `error`; a malformed answer gives that question 0 with the reason in its `message`;
    every reason names the file and the entry (`exercises/answers.yaml: loss_zero.overfitting_symptom: ...`).
    Unknown quiz or question ids are attached to the entry they were probably meant for (a close
    id that has no answer); the rest are appended to `warnings` when a list is passed.
    """
    quizzes = load_bank() if bank is None else bank
    path = Path(submission_dir) / ANSWERS_FILE
    source = display_path(path)
    try:
        answers = read_answers(path)
        file_error = ""
    except AnswersFileError as error:
        answers, file_error = {}, str(error)

    known = {quiz.id: quiz for quiz in quizzes}
    quiz_errors: dict[str, str] = {}
    leftovers: list[str] = []
    variants = variants_for(Path(submission_dir), quizzes) if any(quiz.varies for quiz in quizzes) else None
    for key in answers:
        if key in known or key == STUDENT_ID_KEY:
            continue
        message = f"{source}: {excerpt(key)} is not a quiz id"
        target = _closest(key, [q for q in known if q not in answers and q not in quiz_errors])
        if target:
            quiz_errors[target] = f"{message} (did you mean {target!r}?); that quiz is unanswered"
        else:
            leftovers.append(f"{message}; the quizzes are {', '.join(known)}")

    results = []
    for quiz in quizzes:
        entry = answers.get(quiz.id)
        result = grade_quiz(quiz, entry, lang, source=source, error=file_error or quiz_errors.get(quiz.id, ""),
                            variants=variants)
        if isinstance(entry, dict) and not result.error:
            leftovers.extend(_unknown_questions(quiz, entry, result, source))
        results.append(result)
    if warnings is not None:
        warnings.extend(leftovers[:MAX_WARNINGS])
        if len(leftovers) > MAX_WARNINGS:
            warnings.append(f"{source}: {len(leftovers) - MAX_WARNINGS} more unknown ids not listed")
    return results


def _unknown_questions(quiz: Quiz, entry: dict[Any, Any], result: QuizResult, source: str) -> list[str]:
    """Report question ids the quiz does not have, on the unanswered question they were meant for."""
    leftovers = []
    by_id = {question.id: question for question in result.questions}
    for key in entry:
        if isinstance(key, str) and quiz.question(key) is not None:
            continue
        message = f"{source}: {quiz.id}.{name_of(key)}: not a question of quiz {quiz.id}"
        open_ids = [qid for qid, r in by_id.items() if entry.get(qid) is None and r.message in NOT_ANSWERED.values()]
        target = _closest(key, open_ids)
        if target:
            by_id[target].message = f"{message} (did you mean {target!r}?); {target} is unanswered"
        else:
            leftovers.append(f"{message}; its questions are {', '.join(q.id for q in quiz.questions)}")
    return leftovers


def _closest(key: Any, candidates: list[str]) -> Optional[str]:
    """The id a misspelt key probably meant; only a short str can be a misspelling of an id."""
    if type(key) is not str or len(key) > 100:
        return None
    matches = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None


def _zero(question_id: str, points: int, message: str) -> QuestionResult:
    return QuestionResult(id=question_id, score=0.0, max_score=float(points), passed=False, message=message)
