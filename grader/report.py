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


class QuestionResult(BaseModel):
    """One quiz question."""

    model_config = ConfigDict(extra="forbid")

    id: str
    score: float
    max_score: float
    passed: bool
    message: str = ""


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
