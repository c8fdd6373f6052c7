"""Loss Compass: auto-graded exercises and quizzes that teach what a loss function is and why."""

__version__ = "0.1.0"


def check(exercise: str, lang: str | None = None, figure: bool = True):  # type: ignore[no-untyped-def]
    """In a notebook: grade the functions it defines for `exercise` in the sandbox, as `grader check` does.

    Imported on first use: every command imports this package, and a notebook's check needs much more.
    """
    from grader.notebook.kernel import check as check_in_notebook

    return check_in_notebook(exercise, lang, figure)  # type: ignore[arg-type]
