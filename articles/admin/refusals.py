"""How a refused change is shown to the editor: each problem beside the field or inline row it concerns, or
listed in a message."""

from django.core.exceptions import ValidationError
from django.utils.html import format_html


def refusal_message(heading, error):
    """An admin message: `heading`, then each of the error's problems as a list item."""
    return format_html(
        "{}<ul>{}</ul>",
        heading,
        format_html("".join(f"<li>{{{i}}}</li>" for i in range(len(error.messages))), *error.messages),
    )


def with_row_problems(formset_class, problems):
    """`formset_class`, showing the problems that concern its inline: on their row when they name one, above
    the inline otherwise. Rows are counted as the publish checks count them: the rows kept, in order."""

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
            else:
                whole.append(problem)
        if whole:
            raise ValidationError(whole)

    return type(formset_class.__name__, (formset_class,), {"clean": clean})
