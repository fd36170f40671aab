"""Which public pages show a story, named by surrogate keys (newsroom.surrogate), and purging them from the
caching proxy in front (newsroom.purge) when a story is published, edited or unpublished.

The keys, all of one edition (a story's language, articles.editions) but the story's own:

- `article-<pk>`: the story's page; `translations-<pk of the original>`: the pages of it and its translations,
  each of which links to the others;
- `home-<edition>`, `search-<edition>`, `feed-<edition>`, `sitemap-<edition>`, `authors-<edition>` (the
  authors index counts stories), `corrections-<edition>` (the corrections list names the story);
- `section-<pk>-<edition>`, `tag-<pk>-<edition>`, `author-<pk>-<edition>`: a section's, tag's or author's page
  and its feeds;
- `missing-story`: a story address that answered 404, in any edition (the proxy keeps a 404 too).

A story's change purges the keys of every page that shows it as it was before the save and as it is after
(moved to another section, its old section's page goes too), once the transaction commits. A draft that
was never public purges nothing. Other changes that show on many pages (a renamed section in every page's
menu) are left to the proxy's `s-maxage`.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.editions import edition_of
from newsroom import surrogate
from newsroom.purge import purge_on_commit

# A story address that answered 404 (or a redirect) in any edition: the story may be out now.
MISSING_STORY = "missing-story"
EDITION_PAGES = ("home", "search", "feed", "sitemap", "authors", "corrections")


def edition_keys(*names, edition=None):
    edition = edition_of(edition)
    return [f"{name}-{edition}" for name in names]


def story_page_keys(article):
    """The keys of the story's own page (no query: the fields are the article page's own)."""
    return [f"article-{article.pk}", f"translations-{article.translation_of_id or article.pk}"]


def add_keys(request, *names):
    """Views: the page shows the active edition's `names` ("home", "section-3", ...)."""
    surrogate.add_keys(request, *edition_keys(*names))


def keyed(view, *names):
    """`view`, its pages named by the active edition's `names` (for views of other apps, e.g. sitemaps)."""

    def keyed_view(request, *args, **kwargs):
        add_keys(request, *names)
        return view(request, *args, **kwargs)

    return keyed_view


def story_keys(article, *, section_id, language, tag_ids=(), author_ids=()):
    """Every page that shows `article`, as it stands with these section, edition, tags and authors."""
    related = [f"section-{section_id}"] if section_id else []
    related += [f"tag-{pk}" for pk in tag_ids] + [f"author-{pk}" for pk in author_ids]
    keys = story_page_keys(article) + edition_keys(*EDITION_PAGES, *related, edition=language)
    return [*keys, MISSING_STORY]


# Purging when a story changes ----------------------------------------------------------------------------


def _shown(article):
    return article.pk is not None and article.is_public()


def _before_save(sender, instance, raw=False, **kwargs):
    instance._purge_before = None
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).first()
    if before is not None and _shown(before):
        instance._purge_before = story_keys(
            before,
            section_id=before.section_id,
            language=before.language,
            tag_ids=before.tags.values_list("pk", flat=True),
            author_ids=before.authors.values_list("pk", flat=True),
        )


def _after_save(sender, instance, raw=False, **kwargs):
    keys = list(getattr(instance, "_purge_before", None) or ())
    if not raw and _shown(instance):
        keys += story_keys(
            instance,
            section_id=instance.section_id,
            language=instance.language,
            tag_ids=instance.tags.values_list("pk", flat=True),
            author_ids=instance.authors.values_list("pk", flat=True),
        )
    if keys:
        purge_on_commit(keys)


def _after_delete(sender, instance, **kwargs):
    keys = getattr(instance, "_purge_before_delete", None)
    if keys:
        purge_on_commit(keys)


def _before_delete(sender, instance, **kwargs):
    # The tags and authors are gone once the row is, so they are read before.
    instance._purge_before_delete = _shown(instance) and story_keys(
        instance,
        section_id=instance.section_id,
        language=instance.language,
        tag_ids=list(instance.tags.values_list("pk", flat=True)),
        author_ids=list(instance.authors.values_list("pk", flat=True)),
    )


def _tags_or_authors_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A tag or author added to or taken off a public story: that tag's or author's pages show it now, or
    no longer."""
    if reverse or action not in ("post_add", "post_remove", "pre_clear") or not _shown(instance):
        return
    if action == "pre_clear":
        pk_set = set(model.objects.filter(articles=instance).values_list("pk", flat=True))
    name = "tag" if sender is instance.tags.through else "author"
    keys = [f"{name}-{pk}" for pk in pk_set or ()]
    if keys:
        purge_on_commit(edition_keys(*keys, edition=instance.language))


def _byline_saved_or_deleted(sender, instance, raw=False, **kwargs):
    """A byline (the admin's authors inline) added, changed or removed on a public story: its author's pages."""
    if raw:
        return
    author_ids = {instance.author_id}
    if kwargs.get("signal") is pre_save:  # the row's author replaced: the old one's pages too
        if instance.pk is not None:
            author_ids.update(sender.objects.filter(pk=instance.pk).values_list("author_id", flat=True))
        instance._purge_authors = author_ids
        return
    author_ids |= getattr(instance, "_purge_authors", set())
    article = instance._meta.get_field("article").related_model.objects.filter(pk=instance.article_id).first()
    if article is not None and _shown(article):
        purge_on_commit(edition_keys(*(f"author-{pk}" for pk in author_ids), edition=article.language))


def connect_signals():
    """Called from ArticlesConfig.ready(), beside the page cache's registration of the same changes."""
    from articles.models import Article, ArticleAuthor

    pre_save.connect(_before_save, sender=Article, dispatch_uid="articles.purge.pre_save")
    post_save.connect(_after_save, sender=Article, dispatch_uid="articles.purge.post_save")
    pre_delete.connect(_before_delete, sender=Article, dispatch_uid="articles.purge.pre_delete")
    post_delete.connect(_after_delete, sender=Article, dispatch_uid="articles.purge.post_delete")
    for through in (Article.tags.through, Article.authors.through):
        m2m_changed.connect(
            _tags_or_authors_changed, sender=through, dispatch_uid=f"articles.purge.{through}"
        )
    for signal in (pre_save, post_save, post_delete):
        signal.connect(
            _byline_saved_or_deleted, sender=ArticleAuthor, dispatch_uid=f"articles.purge.byline.{id(signal)}"
        )
