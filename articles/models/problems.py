"""What a story lacks to be published: each Problem says what and where, and other apps add their checks."""


class Problem(str):
    """A sentence telling the editor what a story lacks, and where: a field of the story (`field`), or an
    inline (`inline`, its formset prefix) and, when one row is at fault, that row's place in it (`row`)."""

    def __new__(cls, text, *, field=None, inline=None, row=None):
        problem = super().__new__(cls, text)
        problem.field, problem.inline, problem.row = field, inline, row
        return problem


# Other apps (sourcing) add their own publish checks: callables taking an article and returning messages.
PUBLISH_CHECKS = []
