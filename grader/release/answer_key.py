"""The release's quiz key: salted hashes of practice answers (a right one opens the explanation); graded: none."""

from __future__ import annotations

import base64
import hashlib
import math
import secrets
from typing import Annotated, Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from grader.quiz.models import (RECORDED, MultipleChoice, Numeric, QuestionBase, Quiz, Scored, ShortText,
                                SingleChoice, TrueFalse, WRONG)
from grader.quiz.normalise import normalise_text, round_numeric
from grader.quiz.variant import variant_key
from grader.text import Text
from grader.variants import instructor_secret

MAX_NUMERIC_FORMS = 200
LOCKED = Text(zh="（这份课程副本不含明文答案：解析只在答对后随“正确！”一起显示。）",
              en="(This copy of the course holds no plain answers: the explanation comes with a right answer.)")


class Form(BaseModel):
    """One accepted answer: its salted hash, and the explanation's key wrapped with that answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    digest: str
    wrap: str


class Key(BaseModel):
    """A question's hashed key; `choices` holds one hash per correct choice, for partial credit."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    salt: str
    digits: Optional[int] = Field(default=None, description="numbers: the decimal places answers are rounded to")
    forms: list[Form] = Field(min_length=1)
    choices: list[str] = Field(default_factory=list)
    explanation: dict[str, str] = Field(description="zh and en, encrypted with the key the forms wrap")
    feedback: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="a wrong answer's feedback (grader.quiz.mistakes) by the hash of its "
        "canonical form, zh and en obfuscated with a key from that form (practice questions only)")

    def match(self, canonical: str) -> Optional[bytes]:
        """The explanation's key when `canonical` is an accepted answer, else None."""
        wanted = digest(self.salt, "check", canonical)
        for form in self.forms:
            if secrets.compare_digest(form.digest, wanted):
                return _xor(base64.b64decode(form.wrap), _hash(self.salt, "wrap", canonical))
        return None

    def explain(self, content_key: bytes) -> Text:
        return Text(**{lang: decrypt(content_key, lang, body) for lang, body in self.explanation.items()})

    def feedback_on(self, canonical_form: str) -> Optional[Text]:
        """The feedback an author wrote for this wrong answer, or None."""
        body = self.feedback.get(digest(self.salt, "feedback", canonical_form))
        if body is None:
            return None
        content_key = _hash(self.salt, "feedback-key", canonical_form)
        return Text(**{lang: decrypt(content_key, lang, text) for lang, text in body.items()})


def _hash(salt: str, purpose: str, canonical: str) -> bytes:
    return hashlib.sha256(f"loss-compass\0{purpose}\0{salt}\0{canonical}".encode("utf-8")).digest()


def digest(salt: str, purpose: str, canonical: str) -> str:
    return _hash(salt, purpose, canonical).hex()


def _stream(content_key: bytes, label: str, size: int) -> bytes:
    blocks = (hashlib.sha256(content_key + label.encode() + count.to_bytes(8, "big")).digest()
              for count in range(math.ceil(size / 32)))
    return b"".join(blocks)[:size]


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad))


def encrypt(content_key: bytes, lang: str, text: str) -> str:
    """`text` XORed with the SHA-256 stream of (content_key, lang), in base64 (quiz.js's `decrypt` undoes it)."""
    body = text.encode("utf-8")
    return base64.b64encode(_xor(body, _stream(content_key, lang, len(body)))).decode("ascii")


def decrypt(content_key: bytes, lang: str, body: str) -> str:
    data = base64.b64decode(body)
    return _xor(data, _stream(content_key, lang, len(data))).decode("utf-8")


# ---------------------------------------------------------------- canonical answers


def canonical(question: QuestionBase, parsed: Any, digits: Optional[int] = None) -> str:
    """The string that is hashed for an answer already read by `question.parse`."""
    if isinstance(question, MultipleChoice):
        return ",".join(sorted(parsed))
    if isinstance(question, TrueFalse):
        return "true" if parsed else "false"
    if isinstance(question, Numeric):
        return round_numeric(parsed, question.precision if digits is None else digits)
    if isinstance(question, ShortText):
        return normalise_text(parsed)
    return str(parsed)


def numeric_digits(question: Numeric) -> int:
    """Answers are rounded to one place more than asked (so 0.6951 counts for 0.6931 ± 0.005, as in the plain
    scorer), or fewer when the tolerance is wide, keeping at most MAX_NUMERIC_FORMS accepted values."""
    digits = question.precision + 1
    while digits > -6 and 2 * question.window * 10.0**digits + 1 > MAX_NUMERIC_FORMS:
        digits -= 1
    return digits


def accepted_forms(question: QuestionBase) -> list[str]:
    """Every canonical answer that earns full marks (numbers: every rounded value inside the tolerance)."""
    if isinstance(question, ShortText):
        return sorted({normalise_text(item) for item in question.accepted})
    if isinstance(question, Numeric):
        return numeric_forms(question, question.answer)  # type: ignore[arg-type]
    return [canonical(question, question.solution())]


def numeric_forms(question: Numeric, centre: float) -> list[str]:
    """Every rounded value (at the key's digits) that the question counts as `centre`."""
    digits = numeric_digits(question)
    unit = 10.0 ** -digits
    slack = question.window + 1e-9 * max(1.0, abs(centre))
    low, high = math.floor((centre - slack) / unit), math.ceil((centre + slack) / unit)
    forms = {round_numeric(k * unit, digits) for k in range(low, high + 1) if abs(k * unit - centre) <= slack}
    return sorted(forms) or [round_numeric(centre, digits)]


def feedback_forms(question: QuestionBase) -> list[tuple[str, Text]]:
    """(canonical wrong answer, its feedback) for every wrong answer an author wrote feedback for."""
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return [(choice.id, choice.feedback) for choice in question.choices if choice.feedback is not None]
    if isinstance(question, Numeric):
        return [(form, mistake.feedback) for mistake in question.mistakes
                for form in numeric_forms(question, mistake.value)]
    if isinstance(question, ShortText):
        return [(normalise_text(mistake.value), mistake.feedback) for mistake in question.mistakes]
    return []


def hashed_feedback(question: QuestionBase, salt: str) -> dict[str, dict[str, str]]:
    """The feedback map of a key: OBFUSCATION, NOT A SECRET (the key of each entry comes from the wrong answer
    itself, so trying each choice reads every entry, as trying it in the quiz would): it keeps which choices are
    wrong out of the file's plain text. Graded questions carry none (hashed_question)."""
    return {digest(salt, "feedback", form): {lang: encrypt(_hash(salt, "feedback-key", form), lang, text(lang))
                                             for lang in ("zh", "en")}  # type: ignore[arg-type]
            for form, text in feedback_forms(question)}


def make_key(question: QuestionBase, seed: Optional[str] = None) -> Key:
    """The hashed key of a question with its plain answer (run at release time, by the instructor).

    `seed` makes the salt and the explanation's key reproducible (the site rebuilds identical pages);
    the release leaves it out and gets fresh random ones.
    """
    if seed is None:
        salt, content_key = secrets.token_hex(16), secrets.token_bytes(32)
    else:
        salt = _hash(seed, "salt", question.id).hex()[:32]
        content_key = _hash(seed, "content", question.id)
    forms = [Form(digest=digest(salt, "check", form),
                  wrap=base64.b64encode(_xor(content_key, _hash(salt, "wrap", form))).decode("ascii"))
             for form in accepted_forms(question)]
    choices = sorted(digest(salt, "choice", item) for item in question.answer) \
        if isinstance(question, MultipleChoice) else []
    explanation = {lang: encrypt(content_key, lang, question.explanation(lang))  # type: ignore[arg-type]
                   for lang in ("zh", "en")}
    digits = numeric_digits(question) if isinstance(question, Numeric) else None
    return Key(salt=salt, digits=digits, forms=forms, choices=choices, explanation=explanation,
               feedback=hashed_feedback(question, salt))


# What a release keeps of a question's answer: nothing for a graded one (not even a hash: a small answer space
# is brute-forced in seconds), the formula of a parametrised practice one (each student's answer differs).
ANSWER_FIELDS = {"answer", "accepted", "explanation", "tolerance", "relative_tolerance", "let", "formula"}
GRADED_DROPS = ANSWER_FIELDS | {"hint"}  # a graded hint may fill {{slots}} with the steps to the answer
# Feedback on wrong answers names wrong choices and near-miss numbers: a practice key carries it obfuscated, a graded
# question none at all (the choices without feedback would be the answer).
FEEDBACK_FIELDS: dict[str, Any] = {"mistakes": True, "choices": {"__all__": {"feedback"}}}


def _without(fields: set[str]) -> dict[str, Any]:
    return {name: True for name in fields} | FEEDBACK_FIELDS


def hashed_question(question: QuestionBase, seed: Optional[str] = None, mode: str = "practice") -> dict[str, Any]:
    """The question as the release stores it: graded, no key at all; practice, no answer and a hashed key
    (a parametrised practice question keeps its formula, as every student's answer is computed from it)."""
    if mode == "graded":
        data = question.model_dump(mode="json", by_alias=True, exclude=_without(GRADED_DROPS), exclude_none=True)
        data["mode"] = "graded"
        return data
    if question.varies and isinstance(question, Numeric):
        return question.model_dump(mode="json", by_alias=True, exclude_none=True)
    data = question.model_dump(mode="json", exclude=_without(ANSWER_FIELDS), exclude_none=True)
    data["key"] = make_key(question, seed).model_dump(mode="json")
    return data


def hashed_quiz(quiz: Quiz, seed: Optional[str] = None, secret: Optional[str] = None) -> dict[str, Any]:
    """The quiz as the release stores it, with the key its variants are drawn from (from `secret`, else
    the instructor's secret, else the public seed: grader.quiz.variant)."""
    data = quiz.model_dump(mode="json", exclude={"questions"}, exclude_none=True)
    quiz_seed = None if seed is None else f"{seed}/{quiz.id}"
    data["questions"] = [hashed_question(question, quiz_seed, quiz.mode_of(question)) for question in quiz.questions]
    data["variants"] = variant_key(secret if secret is not None else instructor_secret())
    return data


# ---------------------------------------------------------------- the release's question models


class _Hashed:
    """Scores against the key; the explanation opens only with a right answer. Without a key: graded (the answer is
    recorded for the instructor) or a parametrised practice question (scored by its formula)."""

    key: Optional[Key]
    mode: Optional[str]

    def score(self, answer: Any) -> Scored:
        if self.key is None:
            if self.mode == "graded":
                return Scored(0.0, RECORDED)
            return super().score(answer)  # type: ignore[misc]
        content_key = self.key.match(canonical(self, answer, self.key.digits))  # type: ignore[arg-type]
        if content_key is not None:
            why = self.key.explain(content_key)
            return Scored(1.0, Text(zh=f"正确！{why.zh.strip()}", en=f"Correct! {why.en.strip()}"))
        return self.partial(answer)

    def _answer_elsewhere(self) -> bool:
        return True

    def feedback_on(self, answer: Any) -> list[Text]:
        if self.key is None:  # graded (none shipped) or a parametrised practice question (scored by its formula)
            return [] if self.mode == "graded" else super().feedback_on(answer)  # type: ignore[misc]
        if isinstance(self, (SingleChoice, MultipleChoice)):  # a choice's form is its id
            forms = answer if isinstance(answer, list) else [answer]
        else:
            forms = [canonical(self, answer, self.key.digits)]  # type: ignore[arg-type]
        found = [self.key.feedback_on(form) for form in forms]
        return [text for text in found if text is not None]

    def partial(self, answer: Any) -> Scored:
        return Scored(0.0, WRONG)

    def solution(self) -> Any:
        return None



class HashedSingle(_Hashed, SingleChoice):
    answer: Optional[str] = None  # type: ignore[assignment]
    explanation: Text = LOCKED
    key: Optional[Key] = None


class HashedMultiple(_Hashed, MultipleChoice):
    answer: Optional[list[str]] = None  # type: ignore[assignment]
    explanation: Text = LOCKED
    key: Optional[Key] = None

    def partial(self, answer: Any) -> Scored:
        if self.scoring != "partial" or not self.key.choices:
            return Scored(0.0, WRONG)
        correct = set(self.key.choices)
        hits = sum(digest(self.key.salt, "choice", item) in correct for item in answer)
        misses = len(answer) - hits
        return Scored(max(0.0, (hits - misses) / len(correct)), Text(
            zh=f"部分正确：选对了 {hits}/{len(correct)} 个正确选项，另选了 {misses} 个错误选项。",
            en=f"Partly right: {hits} of {len(correct)} correct choices picked, plus {misses} wrong."))


class HashedTrueFalse(_Hashed, TrueFalse):
    answer: Optional[bool] = None  # type: ignore[assignment]
    explanation: Text = LOCKED
    key: Optional[Key] = None


class HashedNumeric(_Hashed, Numeric):
    answer: Optional[float] = None  # type: ignore[assignment]
    explanation: Text = LOCKED
    key: Optional[Key] = None


class HashedText(_Hashed, ShortText):
    accepted: Optional[list[str]] = None  # type: ignore[assignment]
    explanation: Text = LOCKED
    key: Optional[Key] = None


HashedQuestion = Annotated[
    Union[HashedSingle, HashedMultiple, HashedTrueFalse, HashedNumeric, HashedText],
    Field(discriminator="type"),
]


class HashedQuiz(Quiz):
    """A quiz of the student release: the same questions, scored against salted hashes."""

    questions: list[HashedQuestion] = Field(min_length=1)  # type: ignore[assignment]
    variants: Optional[str] = Field(default=None, description="the key of the quiz's variants (not the secret)")


def is_hashed(data: Any) -> bool:
    """Whether a quiz file's data is a release's hashed quiz."""
    questions = data.get("questions") if isinstance(data, dict) else None
    if isinstance(data, dict) and "variants" in data:
        return True
    return isinstance(questions, list) and any(isinstance(item, dict) and "key" in item for item in questions)
