from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles.models import Correction
        from articles.revisions import keep_rows

        # A revision shows the corrections as they stood; a restore never takes a published correction back.
        keep_rows(Correction, restored=False)
