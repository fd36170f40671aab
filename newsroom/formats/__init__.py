"""How dates and numbers are written in Macedonian and Albanian (FORMAT_MODULE_PATH): "3 декември 2026",
"3 dhjetor 2026", "300,50". Each language's formats.py holds only what differs from Django's own.

Both languages write month names in lower case, inside a date and on their own; Django's catalogs give them
capitalised ("Декември", "Dhjetor"). They are translated again in locale/ (which wins over Django's), and
marked here so that makemessages keeps them.
"""

from django.utils.translation import gettext_lazy as _

MONTH_NAMES = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
