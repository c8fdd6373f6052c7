"""`grader quiz`: run a quiz by id, or `validate` / `schema` for quiz authors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import click

from grader.commands.options import lang_option, resolve_lang
from grader.errors import GraderError, user_errors
from grader.paths import submission_folder
from grader.quiz.answers import ANSWERS_FILE
from grader.quiz.models import thorough_trials
from grader.quiz.bank import QUIZ_DIR, bank_files, display_path, find_quiz, load_bank, validate_files
from grader.quiz.identity import pinned_student
from grader.quiz.interactive import list_quizzes, run_quiz
from grader.quiz.models import Quiz
from grader.quiz.reread import notes_problems
from grader.quiz.variant import variants_for
from grader.variants import SecretError, instructor_secret, use_secret_file


class QuizGroup(click.Group):
    """A group whose first argument is a subcommand if it names one, else a quiz id for `run`."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[Optional[str], Optional[click.Command], list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "run", self.commands["run"], args
        return super().resolve_command(ctx, args)


def _answers_path(value: Optional[Path], lang: str) -> Path:
    if value is not None:
        return value
    return submission_folder(None, lang, how="pass --answers") / ANSWERS_FILE  # type: ignore[arg-type]


_answers_option = click.option(
    "--answers",
    "answers",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The answers file (default: exercises/{ANSWERS_FILE}).",
)
_secret_option = click.option(
    "--secret-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Instructors: the file holding the course secret (default: $LOSS_COMPASS_SECRET); keep it outside "
         "the release.",
)


def _use_secret(path: Optional[Path]) -> None:
    if path is None:
        return
    use_secret_file(path)
    try:
        instructor_secret()
    except SecretError as error:
        raise GraderError(str(error)) from None


@click.group(cls=QuizGroup, invoke_without_command=True, subcommand_metavar="[QUIZ_ID | COMMAND] [ARGS]...",
             short_help="Answer the quizzes in the terminal.")
@lang_option
@_answers_option
@_secret_option
@click.pass_context
@user_errors
def quiz(ctx: click.Context, lang: Optional[str], answers: Optional[Path], secret_file: Optional[Path]) -> None:
    """Answer the quizzes in the terminal: `grader quiz` lists them, `grader quiz QUIZ_ID` runs one.

    QUIZ_ID may also be the quiz's number in the list. Answers are saved to exercises/answers.yaml
    after each question, keeping the answers to other quizzes; a quiz resumes at its first unanswered
    question (`grader quiz QUIZ_ID --restart` starts it over).
    """
    ctx.ensure_object(dict)
    ctx.obj["quiz_lang"], ctx.obj["quiz_answers"] = lang, answers
    _use_secret(secret_file)
    if ctx.invoked_subcommand is None:
        chosen = resolve_lang(lang)
        path = _answers_path(answers, chosen)
        bank = load_bank()
        list_quizzes(bank, path, chosen, variants_for(path.parent, bank))


@quiz.command("run", hidden=True)
@click.argument("quiz_id")
@lang_option
@_answers_option
@_secret_option
@click.option("--restart", is_flag=True, help="Clear this quiz's saved answers and start at question 1 (by default "
              "a quiz resumes at its first unanswered question).")
@click.pass_context
@user_errors
def run(ctx: click.Context, quiz_id: str, lang: Optional[str], answers: Optional[Path],
        secret_file: Optional[Path], restart: bool) -> None:
    """Run one quiz (what `grader quiz QUIZ_ID` calls): from its first unanswered question, or --restart."""
    parent: dict[str, Any] = ctx.obj or {}
    _use_secret(secret_file)
    chosen = find_quiz(quiz_id)
    language = resolve_lang(lang or parent.get("quiz_lang"))
    path = _answers_path(answers or parent.get("quiz_answers"), language)
    # The student's own version needs their id; it is pinned in answers.yaml so that grading sees the same one.
    student = pinned_student(path, language) if chosen.varies else None
    run_quiz(chosen, path, language, variants_for(path.parent, load_bank(), student=student), restart=restart)


@quiz.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@user_errors
def validate(files: tuple[Path, ...]) -> None:
    """Check quiz files (default: the whole bank); print every problem with its file and place."""
    paths = list(files) or bank_files(QUIZ_DIR)
    if not paths:
        raise GraderError(f"no quiz files in {display_path(QUIZ_DIR)}")
    with thorough_trials():  # every formula on 200 students' draws, not the few a grading tries
        quizzes, problems = validate_files(paths)
    if not problems:  # with every file valid, quizzes and paths pair up
        problems = notes_problems(quizzes, paths)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        files_with_problems = len({problem.file for problem in problems})
        raise click.ClickException(f"{len(problems)} problem(s) in {files_with_problems} file(s)")
    questions = sum(len(q.questions) for q in quizzes)
    click.echo(f"ok: {len(quizzes)} quizzes, {questions} questions in {len(paths)} file(s)")


@quiz.command("schema")
def schema() -> None:
    """Print the JSON Schema of a quiz file (point your editor's YAML support at it)."""
    document = Quiz.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "Loss Compass quiz"
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
