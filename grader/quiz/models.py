"""The quiz models: one pydantic class per question type, each knowing how to read and score an answer."""

from __future__ import annotations

import math
import random
import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, ClassVar, Iterator, Literal, NamedTuple, Optional, Union

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from grader.catalog import Visibility
from grader.quiz import formula
from grader.quiz.excerpt import excerpt
from grader.quiz.mistakes import FEEDBACK_DESCRIPTION, NumericMistake, TextMistake, first_match, notes_ref
from grader.quiz.params import Param, draw_values, fill, slots
from grader.quiz.normalise import normalise_text, parse_bool, parse_number, round_numeric
from grader.text import Text

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_CHOICE_SEPARATORS = re.compile(r"[\s,;，、；]+")

# `grader quiz NAME` runs quiz NAME unless NAME is one of these subcommands.
# `id` is the student's id in answers.yaml (grader.variants), not a quiz.
# A parametrised formula is tried on this many students' draws: a few each time the bank loads (every
# grading does), 200 when an author validates it (`grader quiz validate`, `grader doctor`, the tests).
TRIALS_AT_LOAD, TRIALS_WHEN_VALIDATING = range(8), range(200)
_trials: ContextVar[range] = ContextVar("loss_compass_formula_trials", default=TRIALS_AT_LOAD)


@contextmanager
def thorough_trials() -> Iterator[None]:
    token = _trials.set(TRIALS_WHEN_VALIDATING)
    try:
        yield
    finally:
        _trials.reset(token)


RESERVED_QUIZ_IDS = frozenset({"validate", "schema", "run", "list", "help", "id"})
# practice: the key ships and feedback is immediate; graded: no key leaves the instructor's bank.
Mode = Literal["practice", "graded"]
DEFAULT_MODE: Mode = "practice"
# A shuffled question is shown with these labels, in its per-student order.
LABELS = "abcdefghijklmnopqrstuvwxyz"


class AnswerError(ValueError):
    """An answer that cannot be read at all (wrong type, unknown choice): it scores 0 with this reason."""


class Scored(NamedTuple):
    """The share of a question's points an answer earned (0..1) and what to tell the student."""

    fraction: float
    feedback: Text


CORRECT = Text(zh="正确！", en="Correct!")
WRONG = Text(zh="不对。", en="Not quite.")
RECORDED = Text(zh="答案已记录：这道题由老师评分。", en="Answer recorded: your instructor scores this question.")


def _snake_case(value: str, what: str) -> str:
    if not _SNAKE.match(value):
        raise ValueError(f"{what} {value!r} must be snake_case (a-z, 0-9, _; starting with a letter)")
    return value


class Choice(BaseModel):
    """One option of a choice question; `id` is what the student types (a, b, c ...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: Text
    feedback: Optional[Text] = Field(default=None, description=FEEDBACK_DESCRIPTION)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _snake_case(value, "choice id")


class QuestionBase(BaseModel):
    """What every question has: id, points, a prompt, and an explanation that teaches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str
    id: str
    points: int = Field(gt=0)
    prompt: Text
    explanation: Text = Field(description="shown after answering: why the answer is right, not just that it is")
    hint: Optional[Text] = Field(default=None, description="shown on the site after a first wrong try (a second shows "
                                 "the explanation): the way to the answer, never the answer itself")
    mode: Optional[Mode] = Field(default=None, description="practice or graded; default: the quiz's mode")
    notes: Optional[str] = Field(default=None, description="the section of the notes to reread after a wrong answer: "
                                 "PAGE#ANCHOR, as `grader notes` takes it")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _snake_case(value, "question id")

    @field_validator("notes")
    @classmethod
    def _notes(cls, value: Optional[str]) -> Optional[str]:
        return notes_ref(value)

    def feedback_on(self, answer: Any) -> list[Text]:
        """What a wrong answer (returned by `parse`) shows before the explanation: why that answer is tempting and
        wrong (a wrong choice's `feedback`, a known mistake's); [] when the author foresaw nothing for it."""
        return []

    def parse(self, raw: Any) -> Any:
        """The answer in canonical form, from answers.yaml or from the terminal; AnswerError if unreadable."""
        raise NotImplementedError

    def score(self, answer: Any) -> Scored:
        """Score an answer already returned by `parse`."""
        raise NotImplementedError

    def solution(self) -> Any:
        """The correct answer, as it is written in answers.yaml."""
        raise NotImplementedError

    def check(self, raw: Any) -> Scored:
        """Parse then score; AnswerError if the answer cannot be read."""
        return self.score(self.parse(raw))

    @property
    def varies(self) -> bool:
        """Whether students see different versions of this question (drawn numbers, shuffled choices)."""
        return False

    def variant(self, seed: int) -> "QuestionBase":
        """The version of this question one seed gives (the question itself when it does not vary)."""
        return self

    def written(self, answer: Any) -> Any:
        """An answer returned by `parse`, as the student writes it in answers.yaml."""
        return int(answer) if isinstance(answer, float) and answer.is_integer() else answer


class ChoiceQuestion(QuestionBase):
    """A question whose answers are choice ids."""

    choices: list[Choice] = Field(min_length=2, max_length=len(LABELS))
    shuffle: bool = Field(default=False, description="show the choices in a per-student order, labelled a, b, c ...")
    # The choice ids in the order one student sees them (set by `variant`); None: as written, by id.
    _order: Optional[tuple[str, ...]] = PrivateAttr(default=None)

    @field_validator("choices")
    @classmethod
    def _unique_choices(cls, choices: list[Choice]) -> list[Choice]:
        ids = [choice.id for choice in choices]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate choice ids: {', '.join(duplicates)}")
        return choices

    @property
    def choice_ids(self) -> list[str]:
        return [choice.id for choice in self.choices]

    @property
    def labels(self) -> list[str]:
        """What the student types: the choice ids, or a, b, c ... in the shown order of a shuffled variant."""
        return list(LABELS[:len(self.choices)]) if self._order is not None else self.choice_ids

    def shown(self) -> list[tuple[str, Choice]]:
        """(label, choice) in the order the student sees them."""
        by_id = {choice.id: choice for choice in self.choices}
        order = self._order if self._order is not None else self.choice_ids
        return list(zip(self.labels, (by_id[choice_id] for choice_id in order)))

    @property
    def varies(self) -> bool:
        return self.shuffle

    def variant(self, seed: int) -> "ChoiceQuestion":
        if not self.shuffle:
            return self
        order = list(self.choice_ids)
        random.Random(seed).shuffle(order)
        copy = self.model_copy()
        copy._order = tuple(order)
        return copy

    def _no_feedback_on(self, correct: list[str]) -> None:
        """Feedback says why a choice is wrong: on a correct choice it is an author's slip (the explanation says why
        the answer is right), and in a release it would point at the answer."""
        teaching = [choice.id for choice in self.choices if choice.feedback is not None and choice.id in correct]
        if teaching:
            raise ValueError(f"choice {', '.join(teaching)} is a correct answer and has feedback; feedback is for "
                             "wrong choices (why they tempt, why they are wrong): say why the answer is right in "
                             "the explanation")

    def _choice_feedback(self, picked: list[str], correct: list[str]) -> list[Text]:
        wrong = {item for item in picked if item not in correct}
        return [choice.feedback for _, choice in self.shown() if choice.id in wrong and choice.feedback is not None]

    def label_of(self, choice_id: str) -> str:
        return dict((choice.id, label) for label, choice in self.shown())[choice_id]

    def written(self, answer: Any) -> Any:
        if self._order is None:
            return answer
        return sorted(self.label_of(item) for item in answer) if isinstance(answer, list) else self.label_of(answer)

    def _choice_id(self, raw: Any) -> str:
        """The id of the choice a typed label names (scoring is by choice, never by position)."""
        if not isinstance(raw, str):
            raise AnswerError(f"expected a choice id ({', '.join(self.labels)}), got {excerpt(raw)}")
        wanted = normalise_text(raw)
        if wanted not in self.labels:
            raise AnswerError(f"{excerpt(raw)} is not a choice; the choices are {', '.join(self.labels)}")
        return dict((label, choice.id) for label, choice in self.shown())[wanted]


def _known_choices(answer: list[str], info: ValidationInfo) -> None:
    """Every correct answer an author names must be one of the question's choices."""
    choices = info.data.get("choices")
    if choices is None:  # the choices themselves failed; that error is reported already
        return
    ids = [choice.id for choice in choices]
    unknown = [item for item in answer if item not in ids]
    if unknown:
        raise ValueError(
            f"answer names {', '.join(repr(item) for item in unknown)}, which is not a choice "
            f"(the choices are {', '.join(ids)})"
        )


class SingleChoice(ChoiceQuestion):
    """Exactly one correct choice."""

    type: Literal["single"]
    answer: str = Field(description="the id of the one correct choice")

    @field_validator("answer", mode="before")
    @classmethod
    def _exactly_one(cls, value: Any) -> Any:
        if value is None or isinstance(value, list):
            items = value or []
            if len(items) != 1:
                listed = f": {', '.join(map(str, items))}" if items else ""
                raise ValueError(
                    f"a single-choice question needs exactly one correct answer, got {len(items)}{listed}"
                )
            return items[0]
        return value

    @field_validator("answer")
    @classmethod
    def _answer_is_a_choice(cls, value: str, info: ValidationInfo) -> str:
        _known_choices([value], info)
        return value

    @model_validator(mode="after")
    def _feedback_on_wrong_choices(self) -> "SingleChoice":
        if self.answer is not None:  # a release's question has no plain answer
            self._no_feedback_on([self.answer])
        return self

    def parse(self, raw: Any) -> str:
        return self._choice_id(raw)

    def score(self, answer: str) -> Scored:
        return Scored(1.0, CORRECT) if answer == self.answer else Scored(0.0, WRONG)

    def feedback_on(self, answer: str) -> list[Text]:
        return self._choice_feedback([answer], [self.answer])

    def solution(self) -> str:
        return self.answer


class MultipleChoice(ChoiceQuestion):
    """One or more correct choices; all-or-nothing, or partial credit.

    Partial credit is (correct choices picked - wrong choices picked) / number of correct choices,
    never below 0: picking everything earns nothing, so guessing does not pay.
    """

    type: Literal["multiple"]
    answer: list[str] = Field(min_length=1, description="the ids of every correct choice")
    scoring: Literal["all_or_nothing", "partial"] = "all_or_nothing"

    @field_validator("answer")
    @classmethod
    def _answers_are_choices(cls, value: list[str], info: ValidationInfo) -> list[str]:
        duplicates = sorted({item for item in value if value.count(item) > 1})
        if duplicates:
            raise ValueError(f"answer lists {', '.join(duplicates)} more than once")
        _known_choices(value, info)
        return value

    @model_validator(mode="after")
    def _feedback_on_wrong_choices(self) -> "MultipleChoice":
        if self.answer is not None:  # a release's question has no plain answer
            self._no_feedback_on(self.answer)
        return self

    def feedback_on(self, answer: list[str]) -> list[Text]:
        return self._choice_feedback(answer, self.answer)

    def parse(self, raw: Any) -> list[str]:
        if isinstance(raw, str):
            items: list[Any] = [part for part in _CHOICE_SEPARATORS.split(raw) if part]
            # "ac" means a and c when every choice id is a single letter.
            if len(items) == 1 and items[0] not in self.labels and all(len(i) == 1 for i in self.labels):
                items = list(items[0])
        elif isinstance(raw, list):
            items = raw
        else:
            raise AnswerError(f"expected a list of choice ids ({', '.join(self.labels)}), got {excerpt(raw)}")
        return sorted({self._choice_id(item) for item in items})

    def score(self, answer: list[str]) -> Scored:
        picked, correct = set(answer), set(self.answer)
        if picked == correct:
            return Scored(1.0, CORRECT)
        if self.scoring == "all_or_nothing":
            return Scored(0.0, WRONG)
        hits, misses = len(picked & correct), len(picked - correct)
        fraction = max(0.0, (hits - misses) / len(correct))
        feedback = Text(
            zh=f"部分正确：选对了 {hits}/{len(correct)} 个正确选项，另选了 {misses} 个错误选项。",
            en=f"Partly right: {hits} of {len(correct)} correct choices picked, plus {misses} wrong.",
        )
        return Scored(fraction, feedback)

    def solution(self) -> list[str]:
        return sorted(self.answer)


class TrueFalse(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool

    def parse(self, raw: Any) -> bool:
        try:
            return parse_bool(raw)
        except ValueError as error:
            raise AnswerError(str(error)) from None

    def score(self, answer: bool) -> Scored:
        return Scored(1.0, CORRECT) if answer == self.answer else Scored(0.0, WRONG)

    def solution(self) -> bool:
        return self.answer


class Numeric(QuestionBase):
    """A number, accepted within a tolerance.

    `precision` is the number of decimal places the prompt asks for. The absolute `tolerance`
    defaults to half a unit in that place (precision 2 -> 0.005), so a correctly rounded answer
    always counts; a hashed release can instead compare `round_numeric(answer, precision)`.
    `relative_tolerance` widens the window for large answers: the window is the larger of the two.

    A parametrised question has `params` (numbers drawn per student), optional `let` steps and a
    `formula` instead of a fixed `answer`; its texts name them in {{slots}} (grader.quiz.params).
    """

    type: Literal["numeric"]
    answer: Optional[float] = Field(default=None, description="the answer; a parametrised question has `formula`")
    precision: int = Field(ge=0, le=12, description="decimal places the prompt asks for")
    tolerance: Optional[float] = Field(default=None, description="absolute; default: half a unit of precision")
    relative_tolerance: float = 0.0

    params: Optional[dict[str, Param]] = Field(default=None, description="numbers drawn for each student")
    let: dict[str, str] = Field(default_factory=dict, description="named steps, in order, for the explanation")
    formula: Optional[str] = Field(default=None, description="the answer from params and let (grader.quiz.formula)")
    mistakes: list[NumericMistake] = Field(default_factory=list, description="known wrong answers and why they are "
                                           "wrong (forgot to square, to average ...); not for parametrised questions")

    # Seeds drawn when the bank is read, so that a formula failing for some students fails for the author first
    # (choose grids on which it is finite everywhere: a draw is never redrawn, see grader.quiz.params).

    @field_validator("answer")
    @classmethod
    def _finite(cls, value: Optional[float]) -> Optional[float]:
        if value is not None and not math.isfinite(value):
            raise ValueError(f"answer must be a finite number, got {value}")
        return value

    @model_validator(mode="after")
    def _answer_or_formula(self) -> "Numeric":
        if self.params is not None and self.mistakes:
            raise ValueError("mistakes need a fixed answer: a parametrised question's wrong answers differ per student")
        if self.answer is not None:
            self._mistakes_are_wrong()
        if self.params is None:
            if self.formula is not None or self.let:
                raise ValueError("formula and let need params (the numbers drawn per student)")
            if self.answer is None and not self._answer_elsewhere():
                raise ValueError("a numeric question needs an answer, or params and a formula")
            return self
        if self.answer is not None:
            raise ValueError("a parametrised question has a formula, not a fixed answer")
        if self.formula is None:
            if self._answer_elsewhere():
                return self
            raise ValueError("a parametrised question needs a formula for its answer")
        self._check_formulas()
        return self

    def _answer_elsewhere(self) -> bool:
        """A release's question: its answer is a hashed key or stays with the instructor (release.answer_key)."""
        return False

    def _mistakes_are_wrong(self) -> None:
        for index, mistake in enumerate(self.mistakes):
            if self._near(mistake.value, self.answer):  # type: ignore[arg-type]
                raise ValueError(f"mistakes[{index}]: {mistake.value:g} would be marked right (within the tolerance "
                                 f"of the answer {self.answer:g})")
            earlier = [other.value for other in self.mistakes[:index] if self._near(mistake.value, other.value)]
            if earlier:
                raise ValueError(f"mistakes[{index}]: {mistake.value:g} is within the tolerance of the earlier "
                                 f"mistake {earlier[0]:g}")

    def _near(self, value: float, target: float) -> bool:
        """Whether `value` counts as `target`: within the window, with a tiny slack (9.215 vs 9.21 at 0.005 is in)."""
        return abs(value - target) <= self.window + 1e-9 * max(1.0, abs(target))

    def feedback_on(self, answer: float) -> list[Text]:
        found = first_match(self.mistakes, lambda value: self._near(answer, value))
        return [found] if found is not None else []

    def _check_formulas(self) -> None:
        assert self.params is not None and self.formula is not None
        known = set(self.params)
        for name, text in (*self.let.items(), ("answer", self.formula)):
            where = "formula" if name == "answer" else f"let.{name}"
            if name in formula.FUNCTIONS or (name in known and name != "answer"):
                raise ValueError(f"{where}: the name {name!r} is already a function or a param")
            try:
                unknown = formula.names(formula.parse(text)) - known
            except formula.FormulaError as error:
                raise ValueError(f"{where}: {error}") from None
            if unknown:
                raise ValueError(f"{where}: unknown name(s) {', '.join(sorted(unknown))} "
                                 f"(params and earlier let steps: {', '.join(sorted(known)) or 'none'})")
            known.add(name)
        hint = [("hint", self.hint)] if self.hint else []
        texts = [("prompt", self.prompt), ("explanation", self.explanation), *hint]
        for where, text in texts:
            # A release's graded question keeps only the params: its prompt can show nothing else.
            unknown = slots(text) - (set(self.params) if where == "prompt" else known)
            if unknown:
                raise ValueError(f"{where}: {{{{{sorted(unknown)[0]}}}}} names no "
                                 f"{'param' if where == 'prompt' else 'param, let step or answer'}")
        for seed in _trials.get():
            try:
                draw_values(self.params, self.let, self.formula, seed)
            except formula.FormulaError as error:
                raise ValueError(f"formula: not computable for every student (seed {seed}): {error}") from None

    @property
    def varies(self) -> bool:
        return self.params is not None

    def variant(self, seed: int) -> "Numeric":
        """The question with this seed's numbers in its texts and its answer computed (a release's graded
        question has no formula: only its prompt is filled)."""
        if self.params is None:
            return self
        values = draw_values(self.params, self.let, self.formula, seed)
        if self.formula is None:
            return self.model_copy(update={"prompt": fill(self.prompt, values), "params": None})
        answer = float(values["answer"])
        values["answer"] = np.float64(round(answer, self.precision))  # the texts show it as the prompt asks
        return self.model_copy(update={
            "answer": answer, "prompt": fill(self.prompt, values),
            "explanation": fill(self.explanation, values), "hint": self.hint and fill(self.hint, values),
            "params": None, "let": {}, "formula": None})

    @field_validator("tolerance")
    @classmethod
    def _tolerance(cls, value: Optional[float], info: ValidationInfo) -> Optional[float]:
        if value is None:
            return value
        if value < 0 or not math.isfinite(value):
            raise ValueError(f"tolerance must be a finite number >= 0, got {value}")
        precision = info.data.get("precision")
        if precision is not None and value + 1e-12 < 0.5 * 10.0**-precision:
            raise ValueError(
                f"tolerance {value} is below half a unit of precision {precision} ({0.5 * 10.0**-precision:g}): "
                "an answer rounded as asked would be marked wrong"
            )
        return value

    @field_validator("relative_tolerance")
    @classmethod
    def _relative(cls, value: float) -> float:
        if value < 0 or not math.isfinite(value):
            raise ValueError(f"relative_tolerance must be a finite number >= 0, got {value}")
        return value

    @property
    def window(self) -> float:
        """How far from `answer` an answer may be and still count."""
        absolute = self.tolerance if self.tolerance is not None else 0.5 * 10.0**-self.precision
        return max(absolute, self.relative_tolerance * abs(self.answer or 0.0))

    def parse(self, raw: Any) -> float:
        try:
            return parse_number(raw)
        except ValueError as error:
            raise AnswerError(str(error)) from None

    def score(self, answer: float) -> Scored:
        if self.answer is None:
            raise ValueError(f"{self.id}: score a student's version (variant) of a parametrised question, not it")
        return Scored(1.0, CORRECT) if self._near(answer, self.answer) else Scored(0.0, WRONG)

    def solution(self) -> float | int | None:
        if self.answer is None:  # a parametrised question: each student's version has its own (`variant`)
            return None
        rounded = float(round_numeric(self.answer, self.precision))
        return int(rounded) if self.precision == 0 else rounded


class ShortText(QuestionBase):
    """A word or short phrase, compared after `normalise_text` with a set of accepted answers."""

    type: Literal["text"]
    accepted: list[str] = Field(min_length=1, description="every accepted answer, in any language")
    mistakes: list[TextMistake] = Field(default_factory=list, description="known wrong answers and why they are wrong")

    @field_validator("accepted")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        forms = [normalise_text(item) for item in value]
        if "" in forms:
            raise ValueError("an accepted answer is empty after normalisation")
        duplicates = sorted({form for form in forms if forms.count(form) > 1})
        if duplicates:
            raise ValueError(f"accepted answers are the same after normalisation: {', '.join(duplicates)}")
        return value

    @model_validator(mode="after")
    def _mistakes_are_wrong(self) -> "ShortText":
        accepted = {normalise_text(item) for item in self.accepted or []}  # a release's question has none
        seen: set[str] = set()
        for index, mistake in enumerate(self.mistakes):
            form = normalise_text(mistake.value)
            if form in accepted:
                raise ValueError(f"mistakes[{index}]: {mistake.value!r} is an accepted answer")
            if form in seen or not form:
                raise ValueError(f"mistakes[{index}]: {mistake.value!r} is empty or given twice after normalisation")
            seen.add(form)
        return self

    def feedback_on(self, answer: str) -> list[Text]:
        found = first_match(self.mistakes, lambda value: normalise_text(value) == normalise_text(answer))
        return [found] if found is not None else []

    def parse(self, raw: Any) -> str:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise AnswerError(f"expected a short text, got {excerpt(raw)}")
        return str(raw).strip()

    def score(self, answer: str) -> Scored:
        accepted = {normalise_text(item) for item in self.accepted}
        return Scored(1.0, CORRECT) if normalise_text(answer) in accepted else Scored(0.0, WRONG)

    def solution(self) -> str:
        return self.accepted[0]


Question = Annotated[
    Union[SingleChoice, MultipleChoice, TrueFalse, Numeric, ShortText],
    Field(discriminator="type"),
]


class Quiz(BaseModel):
    """One quiz file: an id, a bilingual title, an optional intro, and its questions in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Text
    intro: Optional[Text] = None
    questions: list[Question] = Field(min_length=1)
    # Who sees the quiz's result on a platform that can hide tests (as a check's visibility in the catalog).
    visibility: Visibility = "visible"
    mode: Mode = Field(default=DEFAULT_MODE, description="every question's mode unless it sets its own")

    TYPES: ClassVar[tuple[str, ...]] = ("single", "multiple", "true_false", "numeric", "text")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        _snake_case(value, "quiz id")
        if value in RESERVED_QUIZ_IDS:
            raise ValueError(f"quiz id {value!r} is reserved for a `grader quiz` subcommand")
        return value

    @field_validator("questions")
    @classmethod
    def _unique_questions(cls, questions: list[QuestionBase]) -> list[QuestionBase]:
        ids = [question.id for question in questions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate question ids: {', '.join(duplicates)}")
        return questions

    @property
    def max_score(self) -> float:
        return float(sum(question.points for question in self.questions))

    def mode_of(self, question: QuestionBase) -> Mode:
        return question.mode or self.mode

    @property
    def varies(self) -> bool:
        return any(question.varies for question in self.questions)

    def question(self, question_id: str) -> Optional[QuestionBase]:
        return next((q for q in self.questions if q.id == question_id), None)
