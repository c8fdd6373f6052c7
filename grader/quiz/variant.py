"""Which version of each quiz question one student gets: the variant key, the student's id, one seed per question."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple, Optional, Sequence

from grader.quiz.models import QuestionBase, Quiz
from grader.text import Text
from grader.variants import StudentId, derive_key, derive_seed, instructor_secret, student_id

PURPOSE = "quiz-variants"
PUBLIC_NOTE = Text(
    zh="注意：没有设置教师密钥（LOSS_COMPASS_SECRET 或 --secret-file），题目中的数字和选项顺序由公开的种子生成，"
       "任何人都能算出；仅适合练习。",
    en="Note: no instructor secret (LOSS_COMPASS_SECRET or --secret-file), so the numbers and choice orders come "
       "from a public seed that anyone can reproduce; fine for practice only.")


def variant_key(secret: Optional[str]) -> str:
    """The key every quiz variant is drawn from: derived from the secret, so it reveals nothing of it.

    A student release carries this key (the student's own `grader quiz` must show the numbers the
    instructor will grade), never the secret: held-out check cases derive their seeds from the secret
    itself for other purposes, which this key cannot reproduce.
    """
    return derive_key(secret, PURPOSE).hex()


class Variants(NamedTuple):
    """One student's variants: the key they are drawn from, the student's id, and whether the key is public."""

    key: str
    student: StudentId
    public: bool

    def seed(self, quiz: Quiz, question: QuestionBase) -> int:
        return derive_seed(self.key, self.student.value, f"{quiz.id}/{question.id}")

    def of(self, quiz: Quiz, question: QuestionBase) -> QuestionBase:
        """The student's version of `question` (the question itself when it does not vary)."""
        return question.variant(self.seed(quiz, question)) if question.varies else question


def bank_key(bank: Sequence[Quiz]) -> tuple[str, bool]:
    """The variant key and whether it is public: a release's shipped one, else from the instructor's secret."""
    shipped = next((quiz for quiz in bank if getattr(quiz, "variants", None)), None)
    if shipped is not None:
        return shipped.variants, shipped.variants == variant_key(None)  # type: ignore[attr-defined]
    secret = instructor_secret()
    return variant_key(secret), secret is None


def variants_for(submission: Path, bank: Sequence[Quiz], student: Optional[StudentId] = None) -> Variants:
    """The variants of the student who owns `submission` (their id found as grader.variants.student_id says)."""
    key, public = bank_key(bank)
    return Variants(key, student or student_id(submission), public)


def answer_sheet(bank: Sequence[Quiz], variants: Variants) -> dict[str, Any]:
    """Every question's right answer in this student's version, as their answers.yaml would hold it (instructors'
    keys, and tests that need full marks under a secret)."""
    sheet: dict[str, Any] = {"id": variants.student.value}
    for quiz in bank:
        versions = [variants.of(quiz, question) for question in quiz.questions]
        sheet[quiz.id] = {version.id: version.written(version.solution()) for version in versions}
    return sheet
