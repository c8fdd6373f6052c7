"""Quizzes a shared answer sheet cannot pass: graded questions ship no key; numbers and choice orders vary."""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from grader import variants
from grader.cli import cli
from grader.errors import GraderError
from grader.quiz import formula
from grader.quiz.answers import read_answers
from grader.quiz.bank import bank_files, load_bank, validate_files
from grader.quiz.models import RECORDED, ChoiceQuestion, MultipleChoice, Numeric, ShortText, TrueFalse
from grader.quiz.normalise import round_numeric
from grader.quiz.scoring import grade_quizzes
from grader.quiz.variant import Variants, answer_sheet, bank_key, variant_key
from grader.release import build
from grader.release.answer_key import GRADED_DROPS, hashed_quiz
from grader.variants import StudentId, derive_seed, student_id

from conftest import PROJECT, SOLUTIONS

BANK = load_bank()
BY_ID = {quiz.id: quiz for quiz in BANK}
GRADED = [(quiz, question) for quiz in BANK for question in quiz.questions if quiz.mode_of(question) == "graded"]
STUDENTS = [f"student{n}@example.org" for n in range(40)]
SECRET = "the instructor's secret for this course run"


@pytest.fixture(autouse=True)
def no_secret(monkeypatch):
    monkeypatch.delenv(variants.SECRET_ENV, raising=False)
    # set, then removed: monkeypatch then records that it was absent and removes whatever the test leaves there
    monkeypatch.setenv(variants.SECRET_FILE_ENV, "unset")
    monkeypatch.delenv(variants.SECRET_FILE_ENV)


class _NothingRecorded:
    def save(self, path: Path) -> None:
        path.write_bytes(b"")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """A student release built with a secret; recording the exercises' values is skipped (quizzes only here)."""
    out = tmp_path_factory.mktemp("release") / "course"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "record", lambda solutions, extra: _NothingRecorded())
        patch.setenv(variants.SECRET_ENV, SECRET)
        build.build_release(out, SOLUTIONS, "git+https://example.org/course@v1")
    return out


def version_for(name: str) -> Variants:
    """A student's variants as the instructor's bank draws them (the secret, if set, else the public seed)."""
    key, public = bank_key(BANK)
    return Variants(key, StudentId(name, "test"), public)


def released_bank(release: Path):
    quizzes, problems = validate_files(sorted((release / "grader" / "quizzes").glob("*.yaml")))
    assert not problems
    return {quiz.id: quiz for quiz in quizzes}


def answer_space(question, reference) -> list:
    """Every answer worth trying: all choice sets, both truth values, numbers around the answer at its precision."""
    if isinstance(question, MultipleChoice):
        labels = question.labels
        return [list(subset) for size in range(1, len(labels) + 1) for subset in itertools.combinations(labels, size)]
    if isinstance(question, ChoiceQuestion):
        return question.labels
    if isinstance(question, TrueFalse):
        return [True, False]
    if isinstance(question, Numeric):
        unit = 10.0 ** -question.precision
        return [reference.answer + k * unit for k in range(-50, 51)]
    assert isinstance(question, ShortText)
    return reference.accepted


def test_the_bank_has_graded_and_varying_questions():
    assert GRADED and any(question.varies and isinstance(question, Numeric) for _, question in GRADED)
    drawn = [q for quiz in BANK for q in quiz.questions if isinstance(q, Numeric) and q.varies]
    shuffled = [q for quiz in BANK for q in quiz.questions if isinstance(q, ChoiceQuestion) and q.shuffle]
    assert len(drawn) >= 3 and shuffled
    assert all(quiz.mode == "practice" for quiz in BANK)  # the default; graded is chosen question by question


def test_brute_forcing_a_release_finds_no_graded_answer(release):
    """Every answer in a graded question's space scores the same in the release: recorded, 0, nothing opened."""
    shipped = released_bank(release)
    student = Variants(bank_key(tuple(shipped.values()))[0], StudentId("someone@example.org", "test"), False)
    for quiz, question in GRADED:
        released = shipped[quiz.id].question(question.id)
        assert released.mode == "graded" and getattr(released, "key", None) is None
        mine = student.of(shipped[quiz.id], released)
        reference = Variants(variant_key(SECRET), student.student, False).of(quiz, question)
        outcomes = {mine.check(raw) for raw in answer_space(mine, reference)}
        assert outcomes == {(0.0, RECORDED)}, (quiz.id, question.id)


def test_a_release_holds_nothing_derived_from_a_graded_answer(release):
    """The release's entry of a graded question is the same whatever its answer, and holds no answer field."""
    for quiz, question in GRADED:
        entry = next(item for item in yaml.safe_load((release / "grader" / "quizzes" / _file(quiz)).read_text(
            encoding="utf-8"))["questions"] if item["id"] == question.id)
        assert not GRADED_DROPS & set(entry) and "key" not in entry, (quiz.id, question.id)
        changed = {"formula": "42"} if question.varies and isinstance(question, Numeric) else \
            {"answer": 41.5} if isinstance(question, Numeric) else {"explanation": question.prompt}
        if isinstance(question, ChoiceQuestion) and not isinstance(question, MultipleChoice):
            changed["answer"] = next(i for i in question.choice_ids if i != question.answer)
        other = quiz.model_copy(update={"questions": [question.model_copy(update=changed) if q.id == question.id
                                                      else q for q in quiz.questions]})
        again = next(item for item in hashed_quiz(other, secret=SECRET)["questions"] if item["id"] == question.id)
        assert json.loads(json.dumps(again)) == entry, (quiz.id, question.id)
        for lang in ("zh", "en"):
            for path in release.rglob("*.yaml"):
                assert question.explanation(lang).strip()[:40] not in path.read_text(encoding="utf-8")


def _file(quiz) -> str:
    return next(path.name for path, known in zip(bank_files(), BANK) if known.id == quiz.id)


def test_a_release_shows_the_student_the_version_the_instructor_grades(release):
    """The release carries a key derived from the secret (never the secret): same numbers on both sides."""
    shipped = released_bank(release)
    key, public = bank_key(tuple(shipped.values()))
    assert not public and key == variant_key(SECRET) and key != variant_key(None)
    assert not any(SECRET in path.read_text(encoding="utf-8", errors="replace")
                   for path in release.rglob("*") if path.is_file())
    quiz = BY_ID["why_square"]
    for name in STUDENTS[:10]:
        student = StudentId(name, "test")
        theirs = Variants(key, student, False).of(shipped["why_square"], shipped["why_square"].question("mse_by_hand"))
        ours = Variants(variant_key(SECRET), student, False).of(quiz, quiz.question("mse_by_hand"))
        assert theirs.prompt == ours.prompt


def _numbers(text: str) -> list[list[float]]:
    return [[float(x) for x in group.split(",")] for group in re.findall(r"\[([-\d., ]+)\]", text)]


def _write(folder: Path, answers: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "answers.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return folder


def _question_score(folder: Path, quiz_id: str, question_id: str) -> float:
    result = next(quiz for quiz in grade_quizzes(folder) if quiz.id == quiz_id)
    return next(q.score for q in result.questions if q.id == question_id)


@pytest.mark.parametrize("secret", [None, SECRET])
def test_drawn_numbers_differ_between_students_and_each_is_scored_right(tmp_path, monkeypatch, secret):
    if secret:
        monkeypatch.setenv(variants.SECRET_ENV, secret)
    quiz = BY_ID["why_square"]
    question = quiz.question("mse_by_hand")
    mine = {}
    for name in STUDENTS:
        version = version_for(name).of(quiz, question)
        predictions, targets = _numbers(version.prompt("en"))
        expected = sum((p - t) ** 2 for p, t in zip(predictions, targets)) / 3  # computed apart from the formula
        assert version.prompt("zh").count(str(int(predictions[0]))) >= 1
        mine[name] = (version.prompt("en"), expected)
    assert len({prompt for prompt, _ in mine.values()}) >= 35  # 10^6 possible pairs of lists: repeats are rare
    shared = mine[STUDENTS[0]][1]
    for name, (_, expected) in list(mine.items())[:12]:
        folder = _write(tmp_path / name, {"id": name, "why_square": {"mse_by_hand": round(expected, 2)}})
        assert _question_score(folder, "why_square", "mse_by_hand") == 2, name
        if abs(expected - shared) > 0.01:  # a classmate's answer is wrong here
            _write(folder, {"id": name, "why_square": {"mse_by_hand": round(shared, 2)}})
            assert _question_score(folder, "why_square", "mse_by_hand") == 0, name


def test_the_secret_changes_every_students_numbers(monkeypatch):
    quiz = BY_ID["binary_cross_entropy"]
    question = quiz.question("bce_mean_by_hand")
    public = [version_for(name).of(quiz, question).prompt for name in STUDENTS]
    monkeypatch.setenv(variants.SECRET_ENV, SECRET)
    secret = [version_for(name).of(quiz, question).prompt for name in STUDENTS]
    assert sum(a != b for a, b in zip(public, secret)) >= 30


@pytest.mark.parametrize("question_id, compute", [
    ("outlier_share", lambda big: 100 * big**2 / (4 + big**2)),
    ("bce_positive_by_hand", lambda p: -math.log(p)),
    ("bce_mean_by_hand", lambda p1, p0: (-math.log(p1) - math.log(1 - p0)) / 2),
])
def test_every_drawn_formula_agrees_with_the_computation(question_id, compute):
    quiz = next(quiz for quiz in BANK if quiz.question(question_id) is not None)
    question = quiz.question(question_id)
    for name in STUDENTS:
        version = Variants(variant_key(None), StudentId(name, "t"), True).of(quiz, question)
        numbers = [float(x) for x in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", version.prompt("en"))]
        drawn = {"outlier_share": lambda: [numbers[4]], "bce_positive_by_hand": lambda: [numbers[1]],
                 "bce_mean_by_hand": lambda: [numbers[1], numbers[3]]}[question_id]()
        value = compute(*drawn)
        assert version.check(value).fraction == 1
        assert version.check(round_numeric(value, version.precision)).fraction == 1
        assert version.check(value + 3 * version.window).fraction == 0
        assert "{{" not in version.prompt("zh") + version.explanation("zh") + version.explanation("en")


def test_shuffled_choices_are_scored_by_the_choice_not_its_position(tmp_path):
    quiz = BY_ID["why_square"]
    question = quiz.question("half_in_the_mse")
    right_text = next(choice.text for choice in question.choices if choice.id == question.answer)
    labels = {}
    for name in STUDENTS:
        version = version_for(name).of(quiz, question)
        label = version.label_of(question.answer)
        assert dict(version.shown())[label].text == right_text
        labels[name] = label
    assert len(set(labels.values())) >= 3  # a shared "the answer is b" is wrong for most students
    for name in STUDENTS[:8]:
        folder = _write(tmp_path / name, {"id": name, "why_square": {"half_in_the_mse": labels[name]}})
        assert _question_score(folder, "why_square", "half_in_the_mse") == 1
        wrong = next(label for label in "abcd" if label != labels[name])
        _write(folder, {"id": name, "why_square": {"half_in_the_mse": wrong}})
        assert _question_score(folder, "why_square", "half_in_the_mse") == 0


def test_shuffled_multiple_choice_maps_every_label(tmp_path):
    question = BY_ID["why_square"].question("regression_tasks").model_copy(update={"shuffle": True})
    for seed in range(30):
        version = question.variant(seed)
        right = version.written(sorted(question.answer))
        assert version.check(right).fraction == 1 and version.check(",".join(right)).fraction == 1
        assert version.parse(right) == sorted(question.answer)


def test_site_page_of_a_graded_question_holds_no_key(tmp_path):
    sys.path.insert(0, str(PROJECT / "site" / "hooks"))
    try:
        from quiz_pages import write_quiz_pages
    finally:
        sys.path.remove(str(PROJECT / "site" / "hooks"))
    write_quiz_pages(tmp_path)
    for quiz, question in GRADED:
        for suffix, lang in (("", "zh"), (".en", "en")):
            page = (tmp_path / f"{quiz.id}{suffix}.md").read_text(encoding="utf-8")
            card = re.search(rf'<div class="quiz-question quiz-graded" id="{quiz.id}-{question.id}".*?</div></div>',
                             page, re.S)
            assert card, (quiz.id, question.id, lang)
            assert "data-key" not in card.group(0) and "data-practice" not in card.group(0)
            assert "quiz-check" not in card.group(0) and "grader quiz" in card.group(0)
            assert question.explanation(lang).strip()[:30] not in page
        assert "{{" not in page


MALFORMED = {
    "unknown name": ({"formula": "mean(guesses)"}, "unknown name(s) guesses"),
    "attribute": ({"formula": "x.__class__"}, "is not allowed in a formula"),
    "import": ({"formula": "__import__('os').system('true')"}, "call one of mean, sum"),
    "never finite": ({"formula": "log(x - x)"}, "not computable for every student"),
    "prompt shows a step": ({"let": {"y": "x * 2"}, "prompt": {"zh": "{{y}}？", "en": "{{y}}?"}}, "names no param"),
    "answer and formula": ({"answer": 3.0}, "a formula, not a fixed answer"),
    "slot": ({"prompt": {"zh": "{{y}} 是多少？", "en": "What is {{y}}?"}}, "{{y}} names no param"),
    "empty grid": ({"params": {"x": {"from": 5, "to": 1}}}, "'to' (1) is below 'from' (5)"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_parametrised_question_is_a_one_line_error_naming_the_file(tmp_path, monkeypatch, case):
    change, message = MALFORMED[case]
    question = {"id": "drawn", "type": "numeric", "points": 1, "precision": 2,
                "params": {"x": {"from": 1, "to": 9, "size": 3}}, "formula": "mean(x ** 2)",
                "prompt": {"zh": "{{x}} 的平方的平均值？", "en": "The mean square of {{x}}?"},
                "explanation": {"zh": "是 {{answer}}。", "en": "It is {{answer}}."}, **change}
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "99_drawn.yaml").write_text(yaml.safe_dump({"id": "drawn_quiz", "title": {"zh": "题", "en": "Quiz"},
                                                          "questions": [question]}, allow_unicode=True))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GraderError) as raised:
        load_bank(folder)
    problems = str(raised.value).splitlines()[1:]
    assert len(problems) == 1, problems
    assert problems[0].strip().startswith("bank/99_drawn.yaml: line ") and "(drawn)" in problems[0]
    assert message in problems[0]
    result = CliRunner().invoke(cli, ["quiz", "validate", str(folder / "99_drawn.yaml")])
    assert result.exit_code == 1 and message in result.stdout and len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize("text", ["(lambda: 1)()", "[x for x in y]", "open('f')", "x if x else y", "x[0:2]",
                                  "'text'", "x.real", "mean(x, axis=0)", "9 ** 9 ** 9 ** 9"])
def test_the_formula_language_runs_no_python(text):
    if text == "9 ** 9 ** 9 ** 9":  # float64 overflows to inf: refused as not finite, computed in microseconds
        with pytest.raises(formula.FormulaError, match="not finite"):
            formula.evaluate(formula.parse(text), {})
        return
    with pytest.raises(formula.FormulaError):
        formula.parse(text)


def test_student_id_comes_from_the_documented_places_in_order(tmp_path):
    folder = tmp_path / "alice" / "exercises"
    folder.mkdir(parents=True)
    assert student_id(folder) == ("alice", "folder name")
    (tmp_path / "alice" / "notebooks").mkdir()  # the course's notebooks/ folder, as every student's is called
    assert student_id(tmp_path / "alice" / "notebooks") == ("alice", "folder name")
    (tmp_path / "alice" / ".git").mkdir()
    (tmp_path / "alice" / ".git" / "config").write_text("[core]\n\tbare = false\n[user]\n\temail = Alice@Uni.edu\n")
    assert student_id(folder) == ("alice@uni.edu", "git config user.email")
    (tmp_path / "alice" / "submission_metadata.json").write_text(json.dumps(
        {"users": [{"email": "b@uni.edu", "id": 2}, {"email": "a@uni.edu", "id": 1}]}))
    assert student_id(folder) == ("a@uni.edu+b@uni.edu", "submission_metadata")
    (folder / "answers.yaml").write_text("id: 20261234\nwhy_square: {}\n")
    assert student_id(folder) == ("20261234", "answers.yaml")
    assert _question_score(folder, "why_square", "mse_by_hand") == 0  # the id is not a quiz: no warning, no error


def test_derived_seeds_depend_on_secret_student_and_purpose():
    seeds = {derive_seed(secret, name, purpose) for secret in (None, "s1", "s2") for name in ("a", "b")
             for purpose in ("quiz/x", "held_out/ex01")}
    assert len(seeds) == 12 and derive_seed("s1", "a", "p") == derive_seed("s1", "a", "p")
    assert derive_seed(None, "a", "p") == derive_seed(variants.PUBLIC_SECRET, "a", "p")
    folder_name = b"caf\xe9".decode("utf-8", "surrogateescape")  # a Latin-1 folder name, as os.listdir gives it
    assert derive_seed("s1", folder_name, "p") != derive_seed("s1", "café", "p")


def test_secret_file_wins_over_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(variants.SECRET_ENV, "from the environment")
    secret = tmp_path / "secret.txt"
    secret.write_text("from the file\n")
    assert variants.instructor_secret() == "from the environment"
    assert variants.instructor_secret(secret) == "from the file"
    variants.use_secret_file(secret)  # grade-all's job processes, started afterwards, read the same file
    child = subprocess.run([sys.executable, "-c", "from grader.variants import instructor_secret as s; print(s())"],
                           capture_output=True, text=True, cwd=PROJECT, timeout=60)
    assert child.stdout.strip() == "from the file" and variants.instructor_secret() == "from the file"
    variants.use_secret_file(None)  # the next command, without --secret-file: back to how the process started
    assert variants.instructor_secret() == "from the environment"
    secret.write_text("")
    with pytest.raises(variants.SecretError, match="empty"):
        variants.instructor_secret(secret)


@pytest.fixture
def course(monkeypatch, tmp_path):
    monkeypatch.setenv("LOSS_COMPASS_ROOT", str(tmp_path))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LOSS_COMPASS_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exercises").mkdir()
    return tmp_path / "exercises"


def test_grader_quiz_shows_the_students_version_and_records_a_graded_answer(course):
    (course / "answers.yaml").write_text("id: carol@example.org\n", encoding="utf-8")
    quiz = BY_ID["why_square"]
    student = Variants(variant_key(None), StudentId("carol@example.org", "answers.yaml"), True)
    answers = ["a, b", "a", "0.01", "100", "96", "1.23", "a, b, c", "true", "c"]
    result = CliRunner().invoke(cli, ["quiz", "why_square", "--lang", "en"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert student.of(quiz, quiz.question("mse_by_hand")).prompt("en") in result.output
    assert "public seed" in result.output and "carol@example.org" in result.output
    assert result.output.count(RECORDED("en")) == 2 and "2 graded question(s) recorded" in result.output
    saved = read_answers(course / "answers.yaml")
    assert saved["id"] == "carol@example.org" and saved["why_square"]["mse_by_hand"] == 1.23
    assert saved["why_square"]["half_in_the_mse"] == "c"


def test_grader_quiz_asks_for_an_id_once_and_pins_it(course, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")  # no email from this machine's git either
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    answers = "dave-42\n" + "\n".join(["a", "a", "0.01", "100", "96", "1", "a", "true", "a"]) + "\n"
    result = CliRunner().invoke(cli, ["quiz", "why_square", "--lang", "en"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Wrote id: dave-42" in result.output and read_answers(course / "answers.yaml")["id"] == "dave-42"


def test_a_shuffled_question_names_no_choice_by_its_letter():
    """Each student sees other letters: an explanation or hint saying "(a)" or "b is" would point at the wrong one."""
    for quiz in BANK:
        for question in quiz.questions:
            if not (isinstance(question, ChoiceQuestion) and question.shuffle):
                continue
            ids = "|".join(question.choice_ids)
            for text in (question.explanation, question.hint):
                for lang in ("zh", "en"):
                    found = re.search(rf"[(（]({ids})[)）]|(?<![\w$\\])({ids}) (is|是)\b", text(lang) if text else "")
                    assert not found, (quiz.id, question.id, lang, found)


def test_an_answer_sheet_scores_full_marks_for_its_student_only(tmp_path, monkeypatch):
    monkeypatch.setenv(variants.SECRET_ENV, SECRET)
    sheets = {name: answer_sheet(BANK, version_for(name)) for name in STUDENTS[:4]}
    for name, sheet in sheets.items():
        results = grade_quizzes(_write(tmp_path / name, sheet))
        assert all(quiz.score == quiz.max_score for quiz in results), name
    borrowed = {**sheets[STUDENTS[1]], "id": STUDENTS[0]}  # a classmate's answers under one's own id
    results = grade_quizzes(_write(tmp_path / "borrowed", borrowed))
    assert sum(quiz.score for quiz in results) < sum(quiz.max_score for quiz in results)


def test_validating_tries_every_formula_on_200_draws_and_loading_for_grading_on_a_few(tmp_path):
    """A formula that fails for a few students in 200 is found by `grader quiz validate`, not at each grading."""
    from pydantic import ValidationError

    from grader.quiz.models import Numeric, thorough_trials

    def question(bound: int) -> dict:
        return {"id": "drawn", "type": "numeric", "points": 1, "precision": 2,
                "params": {"x": {"from": 1, "to": 1000, "size": 1}}, "formula": f"log(x[0] - {bound})",
                "prompt": {"zh": "{{x}}？", "en": "{{x}}?"}, "explanation": {"zh": "{{answer}}。", "en": "{{answer}}."}}

    def fails(bound: int) -> bool:
        try:
            Numeric.model_validate(question(bound))
        except ValidationError:
            return True
        return False

    def fails_thoroughly(bound: int) -> bool:
        with thorough_trials():
            return fails(bound)

    rare = next(bound for bound in range(1, 60) if not fails(bound) and fails_thoroughly(bound))
    path = tmp_path / "99_rare.yaml"
    path.write_text(yaml.safe_dump({"id": "rare_quiz", "title": {"zh": "题", "en": "Quiz"},
                                    "questions": [question(rare)]}, allow_unicode=True))
    result = CliRunner().invoke(cli, ["quiz", "validate", str(path)])
    assert result.exit_code == 1 and "not computable for every student" in result.stdout
