"""The sourcing app: where each quoted word and each claim in a story comes from, as data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcingConfig(AppConfig):
    name = "sourcing"
    verbose_name = _("Sourcing")

    def ready(self):
        from articles.admin import ARTICLE_INLINES
        from articles.models import ARTICLE_PAGE_ROWS, PUBLISH_CHECKS
        from articles.purging import EXTRA_STORY_KEYS
        from articles.revisions import keep_rows
        from articles.services import TRANSLATION_STEPS
        from articles.structured_data import ARTICLE_JSONLD_PARTS
        from newsroom import pagecache
        from sourcing import purging
        from sourcing.admin import QuoteInline, SourceInline
        from sourcing.carry_over import carry_sourcing_over
        from sourcing.models import Quote, Source
        from sourcing.prefetch import article_page_rows
        from sourcing.publish_checks import sourcing_problems
        from sourcing.structured_data import article_jsonld_parts

        # ready() can run more than once (tests, reloads); each hook must be registered once.
        if sourcing_problems not in PUBLISH_CHECKS:
            PUBLISH_CHECKS.append(sourcing_problems)
        if article_jsonld_parts not in ARTICLE_JSONLD_PARTS:
            ARTICLE_JSONLD_PARTS.append(article_jsonld_parts)
        for inline in (SourceInline, QuoteInline):  # in the story's form, in this order
            if inline not in ARTICLE_INLINES:
                ARTICLE_INLINES.append(inline)
        # The article page reads a story's sources and quotes inside the story's own row.
        ARTICLE_PAGE_ROWS.update(article_page_rows())
        # Sources, quotes, speakers and events are page content (story pages, speaker pages, quote lists).
        pagecache.register_content(self.label)
        # The proxy in front: a story's change purges its speakers' and events' pages too, and a quote's,
        # source's, person's or event's own change the pages that show it.
        if purging.pages_of_story not in EXTRA_STORY_KEYS:
            EXTRA_STORY_KEYS.append(purging.pages_of_story)
        purging.connect_signals()
        # A translation rests on the same sources, and its quotes keep the words as they were said.
        if carry_sourcing_over not in TRANSLATION_STEPS:
            TRANSLATION_STEPS.append(carry_sourcing_over)
        # Each revision of a story keeps its sources and quotes; sources first, as quotes point at them.
        keep_rows(Source)
        keep_rows(Quote)

    def seed_demo(self, now):
        """`manage.py seed_demo` asks each app for its demo rows: sourcing's are a story sourced as data."""
        from sourcing.demo import seed_demo_sourcing

        return seed_demo_sourcing(now)
