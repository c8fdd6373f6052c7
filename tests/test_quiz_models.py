"""The quiz models and bank: the real bank is accepted, and each kind of authoring mistake is named precisely."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pytest
import yaml

from grader.errors import GraderError
from grader.quiz.bank import QUIZ_DIR, bank_files, load_bank, validate_file, validate_files
from grader.quiz.models import Quiz
from grader.quiz.normalise import normalise_text, parse_bool, parse_number, round_numeric

VALID = {
    "id": "sample_quiz",
    "title": {"zh": "示例", "en": "Sample"},
    "questions": [
        {
            "id": "pick_one",
            "type": "single",
            "points": 1,
            "prompt": {"zh": "选一个", "en": "Pick one"},
            "choices": [
                {"id": "a", "text": {"zh": "甲", "en": "A"}},
                {"id": "b", "text": {"zh": "乙", "en": "B"}},
            ],
            "answer": "a",
            "explanation": {"zh": "因为甲。", "en": "Because A."},
        },
        {
            "id": "pick_many",
            "type": "multiple",
            "points": 2,
            "prompt": {"zh": "选多个", "en": "Pick several"},
            "choices": [
                {"id": "a", "text": {"zh": "甲", "en": "A"}},
                {"id": "b", "text": {"zh": "乙", "en": "B"}},
                {"id": "c", "text": {"zh": "丙", "en": "C"}},
            ],
            "answer": ["a", "b"],
            "explanation": {"zh": "甲和乙。", "en": "A and B."},
        },
        {
            "id": "compute",
            "type": "numeric",
            "points": 1,
            "prompt": {"zh": "算", "en": "Compute"},
            "answer": 9.2103,
            "precision": 2,
            "explanation": {"zh": "-ln 0.0001", "en": "-ln 0.0001"},
        },
        {
            "id": "name_it",
            "type": "text",
            "points": 1,
            "prompt": {"zh": "叫什么", "en": "Name it"},
            "accepted": ["overfitting", "过拟合"],
            "explanation": {"zh": "过拟合。", "en": "Overfitting."},
        },
    ],
}


def write(tmp_path: Path, data: object, name: str = "quiz.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_for(tmp_path: Path, data: object) -> list[str]:
    quiz, problems = validate_file(write(tmp_path, data))
    assert quiz is None, "the mistake was accepted"
    return [f"{problem.location}: {problem.message}" for problem in problems]


# --- the real bank -------------------------------------------------------------------------------


def test_bank_is_valid_and_large_enough():
    bank = load_bank()
    assert len(bank) >= 7
    assert sum(len(quiz.questions) for quiz in bank) >= 90
    assert [quiz.id for quiz in bank] == [quiz.id for quiz in load_bank()], "order must be stable"


def test_bank_uses_every_question_type_and_partial_credit():
    questions = [question for quiz in load_bank() for question in quiz.questions]
    assert {question.type for question in questions} == set(Quiz.TYPES)
    assert any(getattr(question, "scoring", "") == "partial" for question in questions)
    assert sum(question.type == "numeric" for question in questions) >= 8, "numeric questions computed by hand"


def test_bank_files_validate_without_problems():
    quizzes, problems = validate_files(bank_files(QUIZ_DIR))
    assert problems == []
    assert len(quizzes) == len(bank_files(QUIZ_DIR))


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _question(question_id: str):
    for quiz in load_bank():
        question = quiz.question(question_id)
        if question is not None:
            return question
    raise AssertionError(f"no question {question_id}")


@pytest.mark.parametrize(
    "question_id, value",
    [
        ("tiny_p_loss", -math.log(0.0001)),
        ("half_loss", -math.log(0.5)),
        ("certain_loss", -math.log(1.0)),
        ("tenfold_step", math.log(10)),
        ("uniform_guess_loss", math.log(50000)),
        ("how_many_times", math.log(0.0001) / math.log(0.9)),
        ("mae_by_hand", (1 + 0 + 2) / 3),
        ("bce_negative_by_hand", -math.log(0.2)),
        # mse_by_hand, outlier_share, bce_positive_by_hand, bce_mean_by_hand draw their numbers per student:
        # tests/test_quiz_variants.py checks their formulas against the same computation for many students
        ("square_gradient_by_hand", 2 * 0.1),
        ("update_by_hand", 2.0 - 0.1 * 0.5),
        # the deeper notes: where the losses come from, sigmoid + MSE, backpropagation, overfitting in code
        ("mse_best_constant", sum([2, 4, 5, 7, 22]) / 5),
        ("mae_best_constant", sorted([2, 4, 5, 7, 22])[2]),
        ("gaussian_nll_by_hand", 0.5 * math.log(2 * math.pi) + 2**2 / 2),
        ("soft_target_ce", -(0.5 * math.log(0.8) + 0.5 * math.log(0.2))),
        ("kl_by_hand", 0.5 * math.log(0.5 / 0.8) + 0.5 * math.log(0.5 / 0.2)),
        ("mse_gradient_confidently_wrong", 2 * (_sigmoid(-3) - 1) * _sigmoid(-3) * (1 - _sigmoid(-3))),
        ("bce_gradient_confidently_wrong", _sigmoid(-3) - 1),
        ("largest_mse_gradient", 2 * (1 / 3) * (2 / 3) ** 2),
        ("backprop_dw_by_hand", 1 * (0.5 * 1 - 2) + 2 * (0.5 * 2 - 3)),
        ("backprop_db_by_hand", (0.5 * 1 - 2) + (0.5 * 2 - 3)),
        ("backprop_step_by_hand", 0.5 - 0.1 * (1 * (0.5 * 1 - 2) + 2 * (0.5 * 2 - 3))),
        ("softmax_logit_gradient", math.exp(2) / (math.exp(2) + math.exp(1) + 1) - 1),
        ("interpolating_degree", 8 - 1),
        ("choose_degree_by_hand", 3),
    ],
)
def test_worked_numbers_are_right(question_id, value):
    """The bank's hand-computed answers agree with the computation (natural log throughout)."""
    question = _question(question_id)
    assert question.score(value).fraction == 1
    assert question.score(float(round_numeric(value, question.precision))).fraction == 1


def test_tiny_probability_gives_about_9_21():
    question = _question("tiny_p_loss")
    assert question.check("9.21").fraction == 1
    assert question.check("13.29").fraction == 0, "log base 2 is not what the notes use"
    assert question.check("4").fraction == 0, "log base 10 is not what the notes use"


# --- authoring mistakes ---------------------------------------------------------------------------


def mutate(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


MISTAKES = {
    "duplicate question id": (
        lambda d: d["questions"][1].update(id="pick_one"),
        "questions",
        "duplicate question ids: pick_one",
    ),
    "single with no correct answer": (
        lambda d: d["questions"][0].update(answer=[]),
        "questions[0] (pick_one).answer",
        "needs exactly one correct answer, got 0",
    ),
    "single with the answer missing": (
        lambda d: d["questions"][0].pop("answer"),
        "questions[0] (pick_one).answer",
        "required field is missing",
    ),
    "single with two correct answers": (
        lambda d: d["questions"][0].update(answer=["a", "b"]),
        "questions[0] (pick_one).answer",
        "needs exactly one correct answer, got 2: a, b",
    ),
    "single answer not a choice": (
        lambda d: d["questions"][0].update(answer="e"),
        "questions[0] (pick_one).answer",
        "answer names 'e', which is not a choice (the choices are a, b)",
    ),
    "multiple answer not a choice": (
        lambda d: d["questions"][1].update(answer=["a", "z"]),
        "questions[1] (pick_many).answer",
        "answer names 'z', which is not a choice",
    ),
    "duplicate choice ids": (
        lambda d: d["questions"][1]["choices"][2].update(id="a"),
        "questions[1] (pick_many).choices",
        "duplicate choice ids: a",
    ),
    "negative tolerance": (
        lambda d: d["questions"][2].update(tolerance=-0.1),
        "questions[2] (compute).tolerance",
        "tolerance must be a finite number >= 0, got -0.1",
    ),
    "negative relative tolerance": (
        lambda d: d["questions"][2].update(relative_tolerance=-0.01),
        "questions[2] (compute).relative_tolerance",
        "relative_tolerance must be a finite number >= 0",
    ),
    "tolerance tighter than the precision asked": (
        lambda d: d["questions"][2].update(tolerance=0.001),
        "questions[2] (compute).tolerance",
        "below half a unit of precision 2",
    ),
    "missing English prompt": (
        lambda d: d["questions"][0]["prompt"].pop("en"),
        "questions[0] (pick_one).prompt.en",
        "missing the English (en) text",
    ),
    "missing Chinese explanation": (
        lambda d: d["questions"][3]["explanation"].pop("zh"),
        "questions[3] (name_it).explanation.zh",
        "missing the Chinese (zh) text",
    ),
    "missing explanation": (
        lambda d: d["questions"][3].pop("explanation"),
        "questions[3] (name_it).explanation",
        "required field is missing",
    ),
    "empty prompt": (
        lambda d: d["questions"][0]["prompt"].update(zh="   "),
        "questions[0] (pick_one).prompt.zh",
        "must not be empty",
    ),
    "unknown question type": (
        lambda d: d["questions"][0].update(type="essay"),
        "questions[0] (pick_one)",
        "'essay'",
    ),
    "misspelt field": (
        lambda d: d["questions"][0].update(anwser="a"),
        "questions[0] (pick_one).anwser",
        "unknown field",
    ),
    "quiz id not snake_case": (
        lambda d: d.update(id="Sample-Quiz"),
        "id",
        "must be snake_case",
    ),
    "quiz id that is a subcommand": (
        lambda d: d.update(id="validate"),
        "id",
        "reserved",
    ),
    "accepted answers equal once normalised": (
        lambda d: d["questions"][3].update(accepted=["Overfitting", "overfitting."]),
        "questions[3] (name_it).accepted",
        "the same after normalisation: overfitting",
    ),
    "zero points": (
        lambda d: d["questions"][0].update(points=0),
        "questions[0] (pick_one).points",
        "greater than 0",
    ),
    "no questions": (
        lambda d: d.update(questions=[]),
        "questions",
        "at least 1",
    ),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_authoring_mistake_is_named_precisely(tmp_path, name):
    change, location, message = MISTAKES[name]
    problems = problems_for(tmp_path, mutate(change))
    assert any(location in problem and message in problem for problem in problems), problems


def test_valid_sample_is_accepted(tmp_path):
    quiz, problems = validate_file(write(tmp_path, VALID))
    assert problems == []
    assert quiz is not None and quiz.max_score == 5


def test_every_problem_is_reported_with_its_line(tmp_path):
    data = mutate(lambda d: (d["questions"][0].update(answer="e"), d["questions"][2].update(tolerance=-1)))
    path = write(tmp_path, data)
    _, problems = validate_file(path)
    assert len(problems) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    for problem in problems:
        number = int(problem.location.split(":")[0].removeprefix("line "))
        field = problem.location.rsplit(".", 1)[-1]
        assert lines[number - 1].strip().startswith(f"{field}:"), (problem, lines[number - 1])
        assert str(problem).startswith("quiz.yaml") or str(path) in str(problem)


def test_not_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ntitle: {zh: a, en: b\nquestions: []\n", encoding="utf-8")
    quiz, problems = validate_file(path)
    assert quiz is None
    assert len(problems) == 1 and "not valid YAML" in problems[0].message
    assert problems[0].location.startswith("line ")


def test_top_level_must_be_a_mapping(tmp_path):
    problems = problems_for(tmp_path, ["not", "a", "quiz"])
    assert problems == ["(top): expected a mapping with id, title and questions, got list"]


def test_duplicate_quiz_ids_across_files(tmp_path):
    first = write(tmp_path, VALID, "01_first.yaml")
    second = write(tmp_path, VALID, "02_second.yaml")
    quizzes, problems = validate_files([first, second])
    assert len(quizzes) == 1
    assert len(problems) == 1
    assert problems[0].file == second
    assert "duplicate quiz id 'sample_quiz', already used in" in problems[0].message
    assert "01_first.yaml" in problems[0].message


def test_load_bank_refuses_a_broken_bank_listing_every_problem(tmp_path):
    write(tmp_path, VALID, "01_ok.yaml")
    write(tmp_path, VALID, "02_duplicate.yaml")
    write(tmp_path, mutate(lambda d: d.update(id="other", title={"zh": "x"})), "03_untranslated.yaml")
    with pytest.raises(GraderError) as caught:
        load_bank(tmp_path)
    text = str(caught.value)
    assert "2 problem(s)" in text
    assert "02_duplicate.yaml: id: duplicate quiz id" in text
    assert "03_untranslated.yaml" in text and "title.en: missing the English (en) text" in text


def test_schema_describes_every_question_type():
    schema = Quiz.model_json_schema()
    types = {
        definition["properties"]["type"].get("const")
        for definition in schema["$defs"].values()
        if "type" in definition.get("properties", {})
    }
    assert set(Quiz.TYPES) <= types
    assert schema["additionalProperties"] is False


# --- normalisation and rounding (what a hashed release will hash) --------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Over   Fitting。", "over fitting"),
        ("ＣＲＯＳＳ－ＥＮＴＲＯＰＹ！", "cross-entropy"),
        ("交叉熵；", "交叉熵"),
        ("Cross\tEntropy...", "cross entropy"),
        ("-log(p)", "-log(p)"),
        ("STRASSE", "strasse"),
        ("过拟合 ", "过拟合"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    "value, precision, expected",
    [(9.210340371976182, 2, "9.21"), (2.675, 2, "2.68"), (-0.001, 2, "0.00"), (20, 0, "20"), (0.5, 0, "1"), (1.6667, 2, "1.67")],
)
def test_round_numeric(value, precision, expected):
    assert round_numeric(value, precision) == expected


def test_parse_number_and_bool():
    assert parse_number("９.２１") == pytest.approx(9.21)
    assert parse_number(" −3 ") == -3
    for bad in (True, "nan", "inf", "9,21", [1], None):
        with pytest.raises(ValueError):
            parse_number(bad)
    assert parse_bool("对") is True and parse_bool("False") is False and parse_bool(False) is False
    with pytest.raises(ValueError):
        parse_bool("maybe")
