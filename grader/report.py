"""The grading report: pydantic models shared by every output format (text, JSON and the rest)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ExerciseStatus = Literal["passed", "failed", "not_implemented", "error", "missing"]


class CheckResult(BaseModel):
    """One hidden check of one exercise."""

    model_config = ConfigDict(extra="forbid")

    name: str
    passed: bool
    points: int = Field(description="points earned (0 or the check's full value)")
    max_points: int
    message: str = Field(default="", description="why it failed: the call, expected, got, the misconception")
    title: str = ""
    advice: str = Field(default="", description="advice that costs no points (for example: vectorise this loop)")
    held_out: Literal["", "passed", "failed", "not_run"] = Field(
        default="", description="the check's held-out cases (drawn from the instructor's secret and the student's "
                                "id): passed, failed, not_run where no secret and reference were given; "
                                "'' for a check without held-out cases")


class HeldOutRun(BaseModel):
    """Whether held-out cases ran, for whom, and with which secret (its fingerprint, never the secret)."""

    model_config = ConfigDict(extra="forbid")

    student_id: str
    student_id_source: str = Field(description="where the id came from: answers.yaml, metadata, git, folder name")
    secret_fingerprint: str = Field(description="the same secret always gives the same fingerprint")


class ExerciseResult(BaseModel):
    """All checks of one exercise module."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = ""
    score: int
    max_score: int
    status: ExerciseStatus
    reason: str = Field(default="", description="one line when the whole exercise failed (import error, timeout, crash)")
    checks: list[CheckResult]
    seconds: float = 0.0
    output: str = Field(default="", exclude=True,
                        description="what the student's code printed (capped, cleaned); shown by `grader check`, "
                                    "never written to a report")


class QuestionResult(BaseModel):
    """One quiz question."""

    model_config = ConfigDict(extra="forbid")

    id: str
    score: float
    max_score: float
    passed: bool
    message: str = ""
    explanation: str = Field(default="", description="after a wrong answer, the explanation (it states the answer): "
                                                     "reports leave it out unless the instructor passes --show-explanations")

    def feedback(self) -> str:
        """The message and, where it was kept, the explanation."""
        return f"{self.message} {self.explanation}".strip()


class QuizResult(BaseModel):
    """One quiz, scored from the submission's answers.yaml."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str = ""
    score: float
    max_score: float
    questions: list[QuestionResult] = Field(default_factory=list)
    error: str = Field(default="", description="why the whole quiz scored 0, e.g. a malformed answers entry")


class Limits(BaseModel):
    """The limits and isolation every exercise ran under."""

    model_config = ConfigDict(extra="forbid")

    timeout_seconds: float
    memory_bytes: int
    isolation: list[str] = Field(description="the isolation layers that were in force")
    warnings: list[str] = Field(default_factory=list, description="isolation layers that could not be applied, and why")


class Provenance(BaseModel):
    """Which grader produced the report, with what, under which limits and when: enough to cite it in a dispute."""

    model_config = ConfigDict(extra="forbid")

    grader_version: str
    fingerprint: str = Field(description="SHA-256 over the version and every component below; `grader --version` "
                                         "prints it for the installed grader and its default reference")
    components: dict[str, str] = Field(description="SHA-256 of the checks, catalog, quiz bank, reference and grader code")
    reference: str = Field(description="the reference solutions' folder, or the recorded values of a student release")
    timeout_seconds: float
    memory_bytes: int
    graded_at: str = Field(description="when grading finished, ISO 8601 in UTC")


class Late(BaseModel):
    """What a deadline did to a grade-all score: the time used and where it came from, raw score, penalty, final."""

    model_config = ConfigDict(extra="forbid")

    submitted_at: str = ""
    time_source: str = Field(default="", description="the LMS's timestamp, the last commit, or the files' newest time")
    raw_score: float
    penalty: float
    final_score: float


class Report(BaseModel):
    """The whole grade of one submission folder."""

    model_config = ConfigDict(extra="forbid")

    submission: str
    score: float
    max_score: float
    exercises: list[ExerciseResult]
    quizzes: list[QuizResult]
    limits: Limits | None = None
    lang: str = "en"
    seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    held_out: HeldOutRun | None = Field(default=None, description="set when held-out cases ran")
    provenance: Provenance | None = Field(default=None, description="the grader, checks and reference that gave this grade")
    late: Late | None = Field(default=None, description="set by grade-all with a --deadline: `score` is then the raw "
                                                        "score, `late.final_score` the one grades.csv gives")


def without_explanations(report: Report) -> Report:
    """The report as a student may see it: no explanation after a wrong answer, as in the student release."""
    if not any(question.explanation for quiz in report.quizzes for question in quiz.questions):
        return report
    hidden = report.model_copy(deep=True)
    for quiz in hidden.quizzes:
        for question in quiz.questions:
            question.explanation = ""
    return hidden
