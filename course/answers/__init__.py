"""The course's reference answers, kept on the grading side: never shipped in the student repository."""
