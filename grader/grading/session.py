"""A pytest session inside the grader: collects the checks once, then runs them for each exercise it is given."""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence, TypeVar

import pytest

from grader.grading.held_out import HeldOut
from grader.grading.plugin import (CaseOutcome, CheckPlugin, case_id, check_name, exercise_of, exercise_of_nodeid,
                                   is_held_out)
from grader.paths import PACKAGE_DIR
from grader.sandbox.pool import WorkerFailed

CHECKS_DIR = PACKAGE_DIR / "checks"
T = TypeVar("T")

# pytest's built-in plugins that grading does not use. Each costs start-up time; the unraisable- and
# thread-exception plugins alone call gc.collect twice a session, about half of a session's cost.
UNUSED_PLUGINS = ("cacheprovider", "terminal", "warnings", "logging", "junitxml", "doctest", "pastebin",
                  "stepwise", "lfplugin", "unraisableexception", "threadexception", "faulthandler",
                  "tmpdir", "monkeypatch", "recwarn", "setuponly", "setupplan", "legacypath")
# The environment may configure pytest for the user's own projects; none of it applies to grading.
FOREIGN_SETTINGS = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD")


class ChecksError(Exception):
    """The checks themselves could not be collected: the course's bug, never the student's."""


class GradingSession(CheckPlugin):
    """The plugin of a grader-run session: pytest collects, the grader decides when each exercise runs."""

    def __init__(self, work: Callable[["GradingSession"], Any]) -> None:
        super().__init__()
        self.work = work
        self.items: dict[str, list[pytest.Item]] = {}
        self.collect_errors: dict[str, str] = {}
        self.current: tuple[Any, Any] | None = None
        self.result: Any = None
        self.error: BaseException | None = None

    def student_for(self, item: pytest.Item) -> Any:
        assert self.current is not None, "a check ran outside GradingSession.run"
        return self.current[0]

    def ref_for(self, item: pytest.Item) -> Any:
        assert self.current is not None, "a check ran outside GradingSession.run"
        return self.current[1]

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors[exercise_of_nodeid(report.nodeid)] = \
                str(report.longrepr).strip().splitlines()[-1] if report.longrepr else "collection failed"

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            self.items.setdefault(exercise_of(item), []).append(item)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        try:
            self.result = self.work(self)
        except BaseException as error:  # pytest would swallow it into an INTERNALERROR: hand it back
            self.error = error
        return True

    def run(self, exercise_id: str, student: Any, ref: Any, lang: str = "en",
            held_out: HeldOut | None = None, only: Callable[[CaseOutcome], bool] | None = None) -> list[CaseOutcome]:
        """Run one exercise's checks with these fixtures; stops at the first dead worker (the rest cannot run).

        Held-out cases run only when `held_out` is given; otherwise they are skipped, not failed.
        `only` picks the cases to run (by check name, case id, held_out), as pytest's -k would.
        """
        if exercise_id in self.collect_errors:
            raise ChecksError(f"grader/checks/{exercise_id}.py: {self.collect_errors[exercise_id]}")
        self.current, self.lang, self.held_out = (student, ref), lang, held_out  # type: ignore[assignment]
        outcomes: list[CaseOutcome] = []
        planned: list[tuple[pytest.Item, CaseOutcome]] = []
        for item in self.items.get(exercise_id, []):
            case = CaseOutcome(check_name(item), case_id(item), held_out=is_held_out(item))
            if only is not None and not only(case):
                continue
            if case.held_out and held_out is None:  # skipped as the fixture would, without pytest's round
                case.skipped = True
            planned.append((item, case))
        to_run = [item for item, case in planned if not case.skipped]
        following = dict(zip(to_run, to_run[1:]))
        session = to_run[0].session if to_run else None
        try:
            for item, case in planned:
                if case.skipped:
                    outcomes.append(case)
                    continue
                self.outcomes.pop(item.nodeid, None)
                # The next item keeps the checks' package and module set up between items (pytest tears
                # down only what the next one does not share); the last one, or a stop, tears down all.
                item.ihook.pytest_runtest_protocol(item=item, nextitem=following.get(item))
                outcome = self.outcomes.pop(item.nodeid)
                outcomes.append(outcome)
                if isinstance(outcome.error, WorkerFailed):
                    break
        finally:
            self.current, self.held_out = None, None
            if session is not None:
                session._setupstate.teardown_exact(None)  # what pytest does after its last item
        return outcomes


def check_files(exercises: Sequence[str] | None) -> list[str]:
    if exercises is None:
        return sorted(str(path) for path in CHECKS_DIR.glob("ex[0-9][0-9]_*.py"))
    return [str(CHECKS_DIR / f"{exercise_id}.py") for exercise_id in exercises]


@contextmanager
def _own_settings() -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in FOREIGN_SETTINGS if name in os.environ}
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # no third-party plugin runs beside the checks
    try:
        yield
    finally:
        os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        os.environ.update(saved)


def run_checks(work: Callable[[GradingSession], T], exercises: Sequence[str] | None = None) -> T:
    """Start a pytest session over the checks (of `exercises`, or all) and call `work(session)` inside it.

    `work` grades as many submissions and exercises as it likes with `session.run(...)`: pytest's start
    and collection are paid once per call, not once per exercise.
    """
    plugin = GradingSession(work)
    arguments = ["--noconftest", "--capture=no", f"--rootdir={CHECKS_DIR}", "-c", str(CHECKS_DIR / "pytest.ini")]
    for name in UNUSED_PLUGINS:
        arguments += ["-p", f"no:{name}"]
    with _own_settings():
        code = pytest.main(arguments + check_files(exercises), plugins=[plugin])
    if plugin.error is not None:
        raise plugin.error
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and plugin.result is None:
        raise ChecksError(f"pytest could not run the checks (exit code {int(code)})")
    return plugin.result
