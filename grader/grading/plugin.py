"""The pytest plugin the checks run under: `student` and `ref` fixtures, each case's outcome, short failure reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import pytest

from grader.grading.held_out import HELD_OUT, MARKER, PUBLIC, PUBLIC_ONLY, HeldOut, drawing
from grader.reference import ReferenceUnavailable
from grader.sandbox.pool import WorkerFailed
from grader.show import show
from grader.student import CheckFailed, MissingFunction, Returned, StudentRaised
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
    held_out: bool = False  # a case drawn from the instructor's secret and the student's id
    skipped: bool = False  # not run here (held-out cases where no instructor's secret and reference are)

    @property
    def passed(self) -> bool:
        return self.error is None and not self.skipped


def exercise_of(item: pytest.Item) -> str:
    """The exercise id a check belongs to: its module's name (grader/checks/<id>.py)."""
    return item.path.stem


def exercise_of_nodeid(nodeid: str) -> str:
    """The exercise id in a node id such as grader/checks/ex03_huber.py::test_worked_example[case]."""
    return nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")


def check_name(item: pytest.Item) -> str:
    name = getattr(item, "originalname", None) or item.name
    return name.removeprefix("test_")


def case_id(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.id if callspec is not None else ""


def is_held_out(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("case_set") == HELD_OUT


class HeldOutFailed(CheckFailed):
    """A held-out case failed: the call and what came back, but not the expected value (it is the instructor's)."""

    def __init__(self, last: Returned | None, original: CheckFailed) -> None:
        if last is None:
            message = Text(en="a held-out case failed (its inputs and expected value are the instructor's)",
                           zh="一个保留测试用例未通过（其输入和期望值由教师保留）")
        else:
            message = Text(en=f"held-out case: {last.call} returned {show(last.value)}, which is wrong "
                              "(the expected value of a held-out case is not shown)",
                           zh=f"保留测试用例：{last.call} 返回 {show(last.value)}，结果不对（保留用例不显示期望值）")
        super().__init__(message)
        self.original = original


class LastCall:
    """The student, remembering the last value a call returned, so a held-out failure can show it."""

    def __init__(self, student: Any) -> None:
        self._student = student
        self.last: Returned | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._student, name)

    def call(self, function: str, *args: Any, **kwargs: Any) -> Returned:
        self.last = self._student.call(function, *args, **kwargs)
        return self.last

    def call_many(self, function: str, argsets: Any) -> list[Returned]:
        results = self._student.call_many(function, argsets)
        self.last = results[-1] if results else self.last
        return results

    def timed_call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        result = self._student.timed_call(function, *args, **kwargs)
        self.last = result[0]
        return result


LAST_CALL = pytest.StashKey[LastCall]()


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
    held_out: HeldOut | None = None  # held-out cases run only where this is set
    item: pytest.Item  # the item being set up and run (pytest runs one at a time)

    def __init__(self) -> None:
        self.outcomes: dict[str, CaseOutcome] = {}  # by pytest node id

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARKER}: the check also runs on held-out cases, drawn with "
                                           "grader.checks.cases.rng from the instructor's secret and the student's id")
        config.addinivalue_line("markers", f"{PUBLIC_ONLY}(reason): the check has public cases only, and why no "
                                           "held-out case can differ from them")

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """A check marked held_out runs twice: on its public cases, and on this student's held-out ones."""
        if metafunc.definition.get_closest_marker(MARKER) is not None:
            metafunc.parametrize("case_set", [PUBLIC, HELD_OUT], indirect=True)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Remember the item being set up: the fixtures below read it here rather than from `request`,
        whose every use costs pytest a fixture definition made anew (about a tenth of a case's time)."""
        self.item = item

    @pytest.fixture(autouse=True)
    def case_set(self) -> Iterator[str]:
        item = self.item
        if not is_held_out(item):
            yield PUBLIC
            return
        if self.held_out is None:
            pytest.skip("held-out cases run only where the instructor grades")
        with drawing(self.held_out, exercise_of(item), check_name(item)):
            yield HELD_OUT

    # The two fixtures every check may ask for.
    def student_for(self, item: pytest.Item) -> Any:
        raise NotImplementedError

    def ref_for(self, item: pytest.Item) -> Any:
        raise NotImplementedError

    @pytest.fixture
    def student(self, case_set: str) -> Any:
        student = self.student_for(self.item)
        if case_set == HELD_OUT:
            student = self.item.stash[LAST_CALL] = LastCall(student)
        return student

    @pytest.fixture
    def ref(self) -> Any:
        return self.ref_for(self.item)

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool:
        """Call the check as pytest would, but keep what it returns: a passing check may still advise."""
        # The names pytest resolved from the check's signature at collection (as its own pytest_pyfunc_call uses)
        arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        returned = pyfuncitem.obj(**arguments)
        self._outcome(pyfuncitem).advice = returned
        return True

    def _outcome(self, item: pytest.Item) -> CaseOutcome:
        if item.nodeid not in self.outcomes:
            self.outcomes[item.nodeid] = CaseOutcome(check_name(item), case_id(item), held_out=is_held_out(item))
        return self.outcomes[item.nodeid]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport | None:
        """Record the outcome; a grader verdict is reported as its message, without a traceback to format."""
        error = call.excinfo.value if call.excinfo is not None else None
        if isinstance(error, CheckFailed) and is_held_out(item) and not (self.held_out and self.held_out.show_expected):
            error = HeldOutFailed(item.stash.get(LAST_CALL, LastCall(None)).last, error)
        if isinstance(error, pytest.skip.Exception):
            self._outcome(item).skipped = True
        elif call.when == "call" or error is not None:
            outcome = self._outcome(item)
            if error is not None and outcome.error is None:
                outcome.error, outcome.phase = error, call.when
        if not isinstance(error, VERDICTS):
            return None  # pytest's own report: skips, xfails, and bugs in a check with their traceback
        return pytest.TestReport(item.nodeid, item.location, {name: 1 for name in item.keywords}, "failed",
                          verdict_text(error, self.lang), call.when, [], call.duration, call.start, call.stop,
                          user_properties=item.user_properties)
