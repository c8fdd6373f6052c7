"""The hidden checks: one module per exercise, a `test_<name>` function per catalog check."""
