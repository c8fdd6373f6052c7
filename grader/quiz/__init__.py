"""The quizzes: questions code cannot ask, answered in answers.yaml or the terminal and scored with the exercises."""
