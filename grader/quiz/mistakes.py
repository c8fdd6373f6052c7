"""Feedback on a predictable wrong answer: a wrong choice's `feedback`, a numeric or text question's `mistakes`."""

from __future__ import annotations

import re
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

from grader.text import Text

# `notes:` of a question: the section of the notes to reread, as `grader notes PAGE#ANCHOR` takes it.
NOTES_REF = re.compile(r"^[a-z0-9][a-z0-9-]*#[A-Za-z0-9_-]+$")
FEEDBACK_DESCRIPTION = "a wrong choice only: why it is tempting and why it is wrong (shown before the explanation)"


class NumericMistake(BaseModel):
    """A wrong number students are known to reach (forgot to square, forgot to average) and what it shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float = Field(description="the wrong answer; matched within the question's own tolerance")
    feedback: Text = Field(description="why this answer is tempting and what step went wrong")


class TextMistake(BaseModel):
    """A wrong word students are known to give (a near-synonym, the opposite notion) and what it shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str = Field(min_length=1, description="the wrong answer; compared as accepted answers are")
    feedback: Text = Field(description="why this answer is tempting and why it is not the one asked for")


def notes_ref(value: Optional[str]) -> Optional[str]:
    """A `notes:` reference in the form `page#anchor` (that the anchor exists is checked by `grader quiz validate`)."""
    if value is not None and not NOTES_REF.match(value):
        raise ValueError(f"notes {value!r} must be PAGE#ANCHOR, as `grader notes` takes it "
                         "(e.g. regression#why-square)")
    return value


def first_match(mistakes: list[Any], matches: Any) -> Optional[Text]:
    """The feedback of the first mistake `matches` accepts, or None."""
    return next((mistake.feedback for mistake in mistakes if matches(mistake.value)), None)

