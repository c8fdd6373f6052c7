"""Running untrusted student code in isolated worker processes."""
