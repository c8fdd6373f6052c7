"""The CLI's commands, one module each; grader/cli.py only wires them together."""
