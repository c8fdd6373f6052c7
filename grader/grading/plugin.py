"""The pytest plugin the checks run under: `student` and `ref` fixtures, each case's outcome, short failure reports."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import pytest

from grader.reference import ReferenceUnavailable
from grader.sandbox.pool import WorkerFailed
from grader.student import CheckFailed, MissingFunction, StudentRaised
from grader.text import Lang, Text

# What a check raises to give its verdict; anything else escaping a check is a bug in the check.
VERDICTS = (CheckFailed, StudentRaised, MissingFunction, WorkerFailed, ReferenceUnavailable)


@dataclass
class CaseOutcome:
    """One pytest item's result: a check, or one parametrised case of it."""

    check: str  # the catalog's check name: the test function's name without "test_"
    case: str  # the parametrisation id, "" for an unparametrised check
    error: BaseException | None = None
    advice: Any = None  # what a passing check returned: a Text of advice, or None
    phase: str = "call"  # where the error arose: "setup" (a fixture) or "call" (the check)

    @property
    def passed(self) -> bool:
        return self.error is None


def exercise_of(item: pytest.Item) -> str:
    """The exercise id a check belongs to: its module's name (grader/checks/<id>.py)."""
    return item.path.stem


def check_name(item: pytest.Item) -> str:
    name = getattr(item, "originalname", None) or item.name
    return name.removeprefix("test_")


def case_id(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.id if callspec is not None else ""


def verdict_text(error: BaseException, lang: Lang) -> str:
    """A grader exception as the one-paragraph message students and instructors read."""
    if isinstance(error, CheckFailed):
        return error.message(lang)
    if isinstance(error, StudentRaised):
        return error.describe()(lang)
    if isinstance(error, MissingFunction):
        return error.message(lang)
    if isinstance(error, ReferenceUnavailable):
        return Text(en=f"cannot be graded here: {error}", zh=f"无法在这里评分：{error}")(lang)
    return str(error)


class CheckPlugin:
    """What both ways of running the checks share; subclasses say where `student` and `ref` come from."""

    lang: Lang = "en"

    def __init__(self) -> None:
        self.outcomes: dict[str, CaseOutcome] = {}  # by pytest node id

    # The two fixtures every check may ask for.
    def student_for(self, item: pytest.Item) -> Any:
        raise NotImplementedError

    def ref_for(self, item: pytest.Item) -> Any:
        raise NotImplementedError

    @pytest.fixture
    def student(self, request: pytest.FixtureRequest) -> Any:
        return self.student_for(request.node)

    @pytest.fixture
    def ref(self, request: pytest.FixtureRequest) -> Any:
        return self.ref_for(request.node)

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool:
        """Call the check as pytest would, but keep what it returns: a passing check may still advise."""
        function = pyfuncitem.obj
        arguments = {name: pyfuncitem.funcargs[name] for name in inspect.signature(function).parameters
                     if name in pyfuncitem.funcargs}
        returned = function(**arguments)
        self._outcome(pyfuncitem).advice = returned
        return True

    def _outcome(self, item: pytest.Item) -> CaseOutcome:
        if item.nodeid not in self.outcomes:
            self.outcomes[item.nodeid] = CaseOutcome(check_name(item), case_id(item))
        return self.outcomes[item.nodeid]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport | None:
        """Record the outcome; a grader verdict is reported as its message, without a traceback to format."""
        error = call.excinfo.value if call.excinfo is not None else None
        if call.when == "call" or error is not None:
            outcome = self._outcome(item)
            if error is not None and outcome.error is None:
                outcome.error, outcome.phase = error, call.when
        if not isinstance(error, VERDICTS):
            return None  # pytest's own report: skips, xfails, and bugs in a check with their traceback
        return pytest.TestReport(item.nodeid, item.location, {name: 1 for name in item.keywords}, "failed",
                          verdict_text(error, self.lang), call.when, [], call.duration, call.start, call.stop,
                          user_properties=item.user_properties)
