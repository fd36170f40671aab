from django.apps import AppConfig
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from newsroom import pagecache


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Editorial")  # its stories, sections, tags, authors and pictures

    def ready(self):
        from articles import purging, tasks
        from articles.models import PUBLISH_CHECKS, Article, Correction, Image
        from articles.publish_checks import body_image_problems, untranslated_text_problems
        from articles.revisions import keep_rows

        models.signals.post_save.connect(
            tasks.fetch_poster_when_missing, sender=Article, dispatch_uid="articles.video_poster"
        )
        # An image a live story shows is not deleted from under it by any path (the admin asks first; the
        # database protects a lead image); a deleted image's files go once the delete commits.
        models.signals.pre_delete.connect(
            refuse_deleting_a_shown_image, sender=Image, dispatch_uid="articles.refuse_deleting_a_shown_image"
        )
        models.signals.post_delete.connect(
            delete_image_files, sender=Image, dispatch_uid="articles.delete_image_files"
        )

        # Body images come from the library and have alt text; a translation is translated (ready() can run
        # more than once).
        for check in (body_image_problems, untranslated_text_problems):
            if check not in PUBLISH_CHECKS:
                PUBLISH_CHECKS.append(check)

        # A revision shows the corrections as they stood; a restore never takes a published correction back.
        keep_rows(Correction, restored=False)

        # Every story, section, tag, author and correction is page content; time changes it too.
        pagecache.register_content(self.label)
        pagecache.register_next_change(Article.objects.next_scheduled_change)
        # A proxy in front keeps pages longer: a story's change purges the pages that show it from there.
        purging.connect_signals()


def delete_image_files(sender, instance, **kwargs):
    transaction.on_commit(instance.delete_files)


def refuse_deleting_a_shown_image(sender, instance, **kwargs):
    if instance.shown_by_live_story():
        raise models.ProtectedError(f"A published or scheduled story shows image {instance.pk}.", {instance})
