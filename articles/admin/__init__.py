"""The editorial desk: articles, their bylines, corrections and images, with the workflow's rules.

The rules are not here: every page asks `articles.permissions` (who may see or do what to a story in its
state) and writes through `articles.services` (the status moves only by transitions; a live story passes the
publish checks after every change, or the change is refused whole and the form comes back with the editor's
input and each problem beside what it concerns).

One idea a module, as in articles.models: taxonomy, authors, images, article (with history, its revisions, and
refusals, how a refused change is shown), corrections, site (the site's settings). Other apps add inlines to the
story's form through ARTICLE_INLINES.
"""

from articles.admin import authors, corrections, images, site, taxonomy  # noqa: F401 (each registers its admin)
from articles.admin.article import ARTICLE_INLINES, ArticleAdmin

__all__ = ["ARTICLE_INLINES", "ArticleAdmin"]
