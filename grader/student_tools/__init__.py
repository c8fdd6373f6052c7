"""What a student uses besides grading: the notes in the terminal, figures of the losses, opening a file."""
