"""Tools for instructors: scaffolds for a new exercise or quiz, and `grader doctor`, the course's health check."""
