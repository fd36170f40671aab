"""Macedonian: "3 декември 2026, 14:30" (Django's own writes "03 Декември 2026" and "3. Декември 2026 14:30")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
