"""The grading core's pytest side: the checks in grader/checks run as pytest tests, in the trusted process."""
