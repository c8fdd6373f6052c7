"""A parametrised question's numbers: how each is drawn, the {{name}} slots they fill, and the values of a draw."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Mapping, Optional

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from grader.quiz import formula
from grader.text import Text

SLOT = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
MAX_GRID = 10**6


class Param(BaseModel):
    """A number (or a list of `size` numbers) drawn from the grid from, from + step, ..., to."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    low: float = Field(alias="from")
    high: float = Field(alias="to")
    step: float = Field(default=1.0, gt=0)
    size: Optional[int] = Field(default=None, ge=1, le=20, description="a list of this many numbers")

    @model_validator(mode="after")
    def _grid(self) -> "Param":
        if self.high < self.low:
            raise ValueError(f"'to' ({self.high:g}) is below 'from' ({self.low:g})")
        if (self.high - self.low) / self.step > MAX_GRID:
            raise ValueError(f"more than {MAX_GRID} values between 'from' and 'to'; use a larger step")
        return self

    @property
    def places(self) -> int:
        """Decimal places of the grid (step 0.05 -> 2), so that 0.1 + 2 * 0.05 shows as 0.2, not 0.20000000000000004."""
        exponents = [Decimal(repr(value)).normalize().as_tuple().exponent for value in (self.low, self.step)]
        return max(0, *(-int(e) for e in exponents))  # type: ignore[arg-type]

    def draw(self, rng: random.Random) -> formula.Value:
        count = int((self.high - self.low) / self.step + 1e-9) + 1
        numbers = [round(self.low + rng.randrange(count) * self.step, self.places) for _ in range(self.size or 1)]
        return np.array(numbers, dtype=np.float64) if self.size else np.float64(numbers[0])


def slots(text: Text) -> set[str]:
    """The {{name}} slots of a bilingual text."""
    return set(SLOT.findall(text.zh)) | set(SLOT.findall(text.en))


def fill(text: Text, values: Mapping[str, formula.Value]) -> Text:
    """The text with every {{name}} replaced by its value as a prompt shows it."""
    def one(source: str) -> str:
        return SLOT.sub(lambda match: formula.show(values[match.group(1)]), source)

    return Text(zh=one(text.zh), en=one(text.en))


def draw_values(params: Mapping[str, Param], steps: Mapping[str, str], answer: Optional[str],
                seed: int) -> dict[str, formula.Value]:
    """Every param for one seed, then every `let` step and `answer` (when given: a release's graded question has
    none, and must still draw the same numbers, so a draw never depends on the formula)."""
    rng = random.Random(seed)
    values: dict[str, formula.Value] = {name: param.draw(rng) for name, param in params.items()}
    if answer is None:
        return values
    for name, text in (*steps.items(), ("answer", answer)):
        values[name] = formula.evaluate(formula.parse(text), values)
    if np.ndim(values["answer"]) != 0:
        raise formula.FormulaError(f"the answer {answer!r} is a list, not one number")
    return values
