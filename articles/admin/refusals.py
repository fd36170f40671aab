"""How a refused change is shown to the editor: the whole save rolled back, the form back with what they
typed, the problems listed at the top (each a link to where it is) and each beside the field or inline row it
concerns. A list nested in an admin message looked like success (green, with a tick) and said nothing of where."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import format_html

from articles.models import Problem


@dataclass
class Refusal:
    """What the form shows when it comes back refused: a sentence saying what did not happen, and why."""

    heading: str
    problems: list


class TransitionRefused(Exception):
    """The status change a button asked for cannot be made: the save that carried it is rolled back too."""

    def __init__(self, heading, problems):
        super().__init__(heading)
        self.refusal = Refusal(heading, problems)


# Problems that are not a publish check's but concern a field all the same.
FIELD_OF_CODE = {"past": "published_at", "note": "note_to_reporter"}


def problems_of(error):
    """The ValidationError's messages as Problems, each knowing the field or row it concerns when it can."""
    problems = []
    for item in error.error_list:
        message = item.message % item.params if item.params else item.message
        if isinstance(message, Problem):
            problems.append(message)
        else:
            problems.append(Problem(str(message), field=FIELD_OF_CODE.get(item.code)))
    return problems


def refusal_message(heading, error):
    """An admin message: `heading`, then each of the error's problems as a list item (styled as an error by
    static/css/admin-newsroom.css)."""
    return format_html(
        '{}<ul class="refusal-problems">{}</ul>',
        heading,
        format_html("".join(f"<li>{{{i}}}</li>" for i in range(len(error.messages))), *error.messages),
    )


def with_row_problems(formset_class, problems):
    """`formset_class`, showing the problems that concern its inline: on their row when they name one, above
    the inline otherwise. Rows are counted as the publish checks count them: the rows kept, in order. Each
    problem learns its row's anchor, for the list at the top of the form."""

    def clean(self):
        formset_class.clean(self)
        mine = [problem for problem in problems if problem.inline == self.prefix]
        kept = [
            form
            for form in self.forms
            if not (self.can_delete and self._should_delete_form(form))
            and (form.instance.pk is not None or form.has_changed())
        ]
        kept.sort(
            key=lambda form: (
                form.cleaned_data.get("position") or 0,
                form.instance.pk is None,
                form.instance.pk or 0,
            )
        )
        whole = []
        for problem in mine:
            if problem.row is not None and problem.row < len(kept):
                kept[problem.row].add_error(None, problem)
                problem.anchor = kept[problem.row].prefix
            else:
                problem.anchor = f"{self.prefix}-group"
                whole.append(problem)
        if whole:
            raise ValidationError(whole)

    return type(formset_class.__name__, (formset_class,), {"clean": clean})
