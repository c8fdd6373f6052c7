"""Running a course: class-folder intake (archives, LMS downloads), rosters, deadlines and targeted regrades."""
