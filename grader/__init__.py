"""Loss Compass: auto-graded exercises and quizzes that teach what a loss function is and why."""

__version__ = "0.1.0"
