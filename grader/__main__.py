"""Entry point for `python -m grader`."""

from grader.launch import main

main()
