"""The student release: stubs, a grader without solutions, recorded expected values and a hashed quiz key."""
