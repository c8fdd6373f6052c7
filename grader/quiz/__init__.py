"""The quizzes: questions code cannot ask, answered in answers.yaml or the terminal and scored with the exercises."""

from grader.quiz.scoring import grade_quizzes

__all__ = ["grade_quizzes"]
