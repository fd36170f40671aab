"""Albanian: "3 dhjetor 2026, 14:30" (Django's own writes "03 Dhjetor 2026", and its dates with times the
English way, "Dhj. 3, 2026, 2:30 p.m.")."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
