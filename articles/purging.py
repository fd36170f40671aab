"""Which public pages show a story, named by surrogate keys (newsroom.surrogate), and purging them from the
caching proxy in front (newsroom.purge) when a story is published, edited, unpublished or deleted, when a
correction is made, when the section menu changes, and when a tag, an author or an image is edited on its own.

The keys, all of one edition (a story's language, articles.editions) but the story's own:

- `article-<pk>`: the story's page; `translations-<pk of the original>`: the pages of it and its translations,
  each of which links to the others;
- `home-<edition>`, `search-<edition>`, `feed-<edition>`, `sitemap-<edition>`, `authors-<edition>` (the
  authors index counts stories), `corrections-<edition>` (the corrections list names the story);
- `section-<pk>-<edition>`, `tag-<pk>-<edition>`, `author-<pk>-<edition>`: a section's, tag's or author's page
  and its feeds;
- `not-found` (newsroom.surrogate.NOT_FOUND): every page that answered 404, and a story address that answered
  with a redirect (the proxy keeps those too), in any edition: the story may be there now;
- the keys other apps name for the pages they show the story in, from EXTRA_STORY_KEYS (sourcing: its
  speakers' and events' pages, the quotes list and the people index).

A story's change purges the keys of every page that shows it as it was before the save and as it is after
(moved to another section, its old section's page goes too), once the transaction commits. A draft that
was never public purges nothing. A correction saved or deleted on its own purges its story's page, the
corrections list and the feeds and sitemap that date the story's update. A change to the section menu (a
section added, removed, renamed, re-slugged or reordered) or to the site's settings shows on every page:
it purges `site` (newsroom.surrogate.EVERY_PAGE), which every page named by keys carries.
"""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.editions import edition_of
from newsroom import surrogate
from newsroom.purge import purge_on_commit, when_proxied

EDITION_PAGES = ("home", "search", "feed", "sitemap", "authors", "corrections")
# Pages of other apps that show a story: callables `article -> list of keys`, which their AppConfig.ready()
# adds (articles must not import them). Called only for a story that was or is public, once a save each.
EXTRA_STORY_KEYS = []


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
    return [*keys, surrogate.NOT_FOUND]


def extra_story_keys(article):
    """The keys other apps name for their pages that show `article` (EXTRA_STORY_KEYS)."""
    return [key for keys_of in EXTRA_STORY_KEYS for key in keys_of(article)]


def every_edition(*names):
    """`names` in every edition: for pages that show something of every edition (a section's name)."""
    return [key for code in settings.NEWSROOM_EDITIONS for key in edition_keys(*names, edition=code)]


# Purging when a story changes ----------------------------------------------------------------------------


def _shown(article):
    return article.pk is not None and article.is_public()


@when_proxied
def _before_save(sender, instance, raw=False, **kwargs):
    instance._purge_before = instance._purge_extra_edition = None
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
        ) + extra_story_keys(before)
        instance._purge_extra_edition = before.language


@when_proxied
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
        # The story's quotes and sources are other rows, the same before and after this save: asked again
        # only if the story moved to another edition.
        if getattr(instance, "_purge_extra_edition", None) != instance.language:
            keys += extra_story_keys(instance)
    instance._purge_extra_edition = None
    if keys:
        purge_on_commit(keys)


@when_proxied
def _after_delete(sender, instance, **kwargs):
    keys = getattr(instance, "_purge_before_delete", None)
    if keys:
        purge_on_commit(keys)


@when_proxied
def _before_delete(sender, instance, **kwargs):
    # The tags and authors are gone once the row is, so they are read before.
    instance._purge_before_delete = _shown(instance) and story_keys(
        instance,
        section_id=instance.section_id,
        language=instance.language,
        tag_ids=list(instance.tags.values_list("pk", flat=True)),
        author_ids=list(instance.authors.values_list("pk", flat=True)),
    ) + extra_story_keys(instance)


@when_proxied
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


@when_proxied
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


# Purging when a correction, a section or the site's settings change -----------------------------------------


def _deleted_with_its_story(origin, article_model):
    """A row deleted because its story was: the story's own purge names the pages it showed on."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, article_model)


@when_proxied
def _correction_before_save(sender, instance, raw=False, **kwargs):
    instance._purge_stories = {instance.article_id}
    if not raw and instance.pk is not None:  # moved to another story: the old one's page showed it
        instance._purge_stories.update(
            sender.objects.filter(pk=instance.pk).values_list("article", flat=True)
        )


@when_proxied
def _correction_changed(sender, instance, raw=False, origin=None, **kwargs):
    """A correction saved or deleted on its own (the corrections admin): its story's page, the corrections
    list, and the feeds and sitemap, which date the story's update by its newest correction."""
    article_model = sender._meta.get_field("article").related_model
    if raw or _deleted_with_its_story(origin, article_model):
        return
    story_ids = getattr(instance, "_purge_stories", None) or {instance.article_id}
    keys = []
    for story in article_model.objects.filter(pk__in=story_ids).only(
        "status", "published_at", "unpublish_at", "language", "translation_of_id"
    ):
        if _shown(story):
            keys += story_page_keys(story) + edition_keys(
                "corrections", "feed", "sitemap", edition=story.language
            )
    if keys:
        purge_on_commit(keys)


MENU_FIELDS = ("slug", "order")  # and the names in every language (articles.translation)


def _menu_of(section):
    names = [field.attname for field in section._meta.concrete_fields if field.attname.startswith("name")]
    return tuple(getattr(section, name) for name in (*names, *MENU_FIELDS))


@when_proxied
def _section_before_save(sender, instance, raw=False, **kwargs):
    before = None if raw or instance.pk is None else sender.objects.filter(pk=instance.pk).first()
    instance._purge_menu_before = before and _menu_of(before)


@when_proxied
def _section_changed(sender, instance, raw=False, **kwargs):
    """A section's name, slug or order is in every page's menu, in every edition: a change purges them all.
    Its own pages (its description) are purged on any save."""
    if raw:
        return
    keys = every_edition(f"section-{instance.pk}")
    before = getattr(instance, "_purge_menu_before", None)
    if kwargs.get("signal") is post_delete or before is None or before != _menu_of(instance):
        keys.append(surrogate.EVERY_PAGE)
    purge_on_commit(keys)


@when_proxied
def _site_settings_changed(sender, raw=False, **kwargs):
    """The site's settings (the share image) are in every page's head."""
    if not raw:
        purge_on_commit([surrogate.EVERY_PAGE])


# Purging when a tag, an author or an image is edited on its own ---------------------------------------------


@when_proxied
def _tag_or_author_changed(sender, instance, raw=False, created=False, **kwargs):
    """A tag's or author's name (an author's role and photo too) shows on its own pages and wherever one of
    its stories does, in every edition: naming those would cost more than the rare edit is worth, so it
    purges every page, as a change to the section menu does (a deleted tag leaves its stories without an m2m
    signal, so a delete purges too). A new one shows only on its own page, until now a 404."""
    if not raw:
        purge_on_commit([surrogate.NOT_FOUND if created else surrogate.EVERY_PAGE])


@when_proxied
def _image_changed(sender, instance, raw=False, created=False, **kwargs):
    """An image's file, alt text, caption or credit shows wherever a public story leading with it (or using it
    as its video's poster) does; as an author's photo or the site's share image, on every page. One just
    uploaded (and its renditions, saved after) shows nowhere yet."""
    if raw or created:
        return
    from articles.models import Article, Author, SiteSettings

    keys = []
    stories = Article.objects.filter(Q(lead_image=instance.pk) | Q(video_poster=instance.pk))
    for story in stories.prefetch_related("tags", "authors"):
        if _shown(story):
            keys += story_keys(
                story,
                section_id=story.section_id,
                language=story.language,
                tag_ids=[tag.pk for tag in story.tags.all()],
                author_ids=[author.pk for author in story.authors.all()],
            )
    if (
        Author.objects.filter(photo=instance.pk).exists()
        or SiteSettings.objects.filter(share_image=instance.pk).exists()
    ):
        keys.append(surrogate.EVERY_PAGE)
    if keys:
        purge_on_commit(keys)


def connect_signals():
    """Called from ArticlesConfig.ready(), beside the page cache's registration of the same changes."""
    from articles.models import Article, ArticleAuthor, Author, Correction, Image, Section, SiteSettings, Tag

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
    pre_save.connect(_correction_before_save, sender=Correction, dispatch_uid="articles.purge.correction")
    for signal in (post_save, post_delete):
        signal.connect(
            _correction_changed, sender=Correction, dispatch_uid=f"articles.purge.correction.{id(signal)}"
        )
    pre_save.connect(_section_before_save, sender=Section, dispatch_uid="articles.purge.section")
    for signal in (post_save, post_delete):
        signal.connect(_section_changed, sender=Section, dispatch_uid=f"articles.purge.section.{id(signal)}")
        signal.connect(
            _site_settings_changed, sender=SiteSettings, dispatch_uid=f"articles.purge.site.{id(signal)}"
        )
    for model in (Tag, Author):
        for signal in (post_save, post_delete):
            signal.connect(
                _tag_or_author_changed,
                sender=model,
                dispatch_uid=f"articles.purge.{model.__name__}.{id(signal)}",
            )
    # Before the delete: the stories it led lose it then (their video's poster is set to none).
    for signal in (post_save, pre_delete):
        signal.connect(_image_changed, sender=Image, dispatch_uid=f"articles.purge.image.{id(signal)}")
