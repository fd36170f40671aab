"""Revisions: one record per save, holding the story as the editor saw it, to compare and restore.

django-simple-history writes a story's revision when the story row is saved, with its tags and byline. A save
from the admin writes more after that row: the byline, sources and quotes (inlines), then perhaps a status
change. `complete_latest_revision` runs last and makes the revision hold all of it, so one save is one
revision, and a save that changed nothing is none (`discard_latest_revision_if_unchanged`). The rows of other
models that belong to a story (sourcing registers its sources and quotes) are kept inside the revision as
serialized rows (`RevisionRows.rows`), so articles needs to know nothing about them.

Every path of articles.services that writes a revision ends with `complete_latest_revision`, which records an
entry for each registered model, an empty list when the story has none of its rows. A revision without a
model's entry did not record its rows: one kept before bulk actions completed theirs, one written by a plain
`save()` (a demo seed, the shell), one made before the app registered the model. Its rows are unknown, not
none: a restore leaves the story's rows of that model alone (a bulk action's revision once deleted every
source and quote of the story), and the pages say "not recorded" rather than show them removed.
"""

import contextlib
import datetime
import json
import re
from dataclasses import dataclass
from html import unescape

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import yesno
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field


@dataclass(frozen=True)
class KeptRows:
    model: type
    article_field: str
    restored: bool  # brought back by a restore; corrections are kept to compare, never taken back


# In the order a restore writes them: a row restored later may point at one restored earlier (quote -> source).
KEPT_ROWS = []


def keep_rows(model, *, article_field="article", restored=True):
    """Keep `model`'s rows of a story in each of its revisions (an app's `ready()` calls this once)."""
    if not any(kept.model is model for kept in KEPT_ROWS):
        KEPT_ROWS.append(KeptRows(model, article_field, restored))


class RevisionRows(models.Model):
    """What a revision keeps besides the story's own fields, tags and byline: its registered related rows."""

    rows = models.JSONField(_("related rows"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


def recorded_rows(revision, kept):
    """The rows of `kept.model` that `revision` holds (perhaps none), or None when it did not record them: see
    this module's docstring."""
    return revision.rows.get(kept.model._meta.label_lower)


def rows_of(article_pk):
    """The story's registered related rows, as Django's JSON serializer writes them, by model label: every
    registered model has its entry, an empty list when the story has none of its rows."""
    return {
        kept.model._meta.label_lower: json.loads(
            serializers.serialize(
                "json",
                kept.model._default_manager.filter(**{f"{kept.article_field}_id": article_pk}).order_by("pk"),
            )
        )
        for kept in KEPT_ROWS
    }


def complete_latest_revision(article):
    """Make the story's newest revision hold the story as it is now stored: fields, tags, byline, rows."""
    revision = article.history.latest()
    stored = type(article)._default_manager.get(pk=article.pk)
    for field in revision._meta.concrete_fields:
        if hasattr(stored, field.attname) and field.attname not in ("id",) and not field.primary_key:
            setattr(revision, field.attname, getattr(stored, field.attname))
    revision.rows = rows_of(article.pk)
    revision.save()
    # Queries, not article.tags or article.bylines: the admin's copy of the story has them prefetched from
    # before the save.
    for name in ("tags", "authors"):
        kept = getattr(revision, name)
        through = getattr(type(article), name).through
        kept.all().delete()
        kept.model.objects.bulk_create(
            kept.model(
                history=revision,
                **{field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields},
            )
            for row in through.objects.filter(article_id=article.pk)
        )
    return revision


def discard_latest_revision_if_unchanged(article):
    """Delete the story's newest revision when it holds the same story as the one before it (a Save that
    changed nothing), and say whether it did.

    Compared on the stored values, not on what `compare` shows (which shortens a long body), as
    django-simple-history's `clean_duplicate_history` compares them; the kept rows are compared whole.
    """
    latest, previous = (list(article.history.order_by("-history_date", "-history_id")[:2]) + [None])[:2]
    if previous is None or latest.rows != previous.rows or latest.diff_against(previous).changes:
        return False
    # The byline's and tags' copies point at their revision without a foreign key that would cascade.
    for name in ("tags", "authors"):
        getattr(latest, name).all().delete()
    latest.delete()
    return True


def restore_rows(article, revision):
    """Make the story's restorable related rows what `revision` kept, keeping their ids (the body's
    shortcodes name quotes by id). A row pointing at something deleted since points at nothing. The rows of a
    model the revision did not record stay as they are: nothing says the story had none of them then."""
    restored = [kept for kept in KEPT_ROWS if kept.restored and recorded_rows(revision, kept) is not None]
    for kept in reversed(restored):
        wanted = {row["pk"] for row in recorded_rows(revision, kept)}
        kept.model._default_manager.filter(**{f"{kept.article_field}_id": article.pk}).exclude(
            pk__in=wanted
        ).delete()
    for kept in restored:
        rows = recorded_rows(revision, kept)
        for deserialized in serializers.deserialize("json", json.dumps(rows), ignorenonexistent=True):
            row = deserialized.object
            for field in row._meta.concrete_fields:
                target = getattr(row, field.attname)
                pointed_elsewhere = field.is_relation and field.attname != f"{kept.article_field}_id"
                if (
                    pointed_elsewhere
                    and target is not None
                    and not field.related_model._default_manager.filter(pk=target).exists()
                ):
                    setattr(row, field.attname, None)
            setattr(row, f"{kept.article_field}_id", article.pk)
            row.save()


# What articles.services writes as a revision's change reason: stored in English, in the database, so it is put
# in the reader's language when shown (the history in the mk/sq admin showed "Status set to published").
_STATUS_SET = re.compile(
    r"Status set to (?P<status>\w+)(?:\. Note to the reporter: (?P<note>.*))?", re.DOTALL
)
_TRANSLATION_STARTED = re.compile(r"Translation of story (?P<number>\d+) started")
_RESTORED = re.compile(r"Restored the revision of (?P<date>\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?)")
# Written by articles.services.article_corrected, for a correction made outside the story's form.
CORRECTION_REASONS = {
    "Correction added": _("Correction added"),
    "Correction changed": _("Correction changed"),
    "Correction deleted": _("Correction deleted"),
}


def revision_time(moment):
    """When a revision was made, as the history names it: the date the reader's way and the time to the
    second, so that the revisions of one minute (a bulk action, then a restore) can be told apart."""
    return f"{formats.date_format(timezone.localtime(moment), 'DATE_FORMAT')}, {timezone.localtime(moment):%H:%M:%S}"


def reason_shown(revision):
    """A revision's change reason as the person reading the history says it; one not known stays as written."""
    reason = revision.history_change_reason or ""
    if match := _STATUS_SET.fullmatch(reason):
        status = shown_value(revision._meta.get_field("status"), match["status"])
        if match["note"] is not None:
            return _("Status set to “%(status)s”. Note to the reporter: %(note)s") % {
                "status": status,
                "note": match["note"],
            }
        return _("Status set to “%(status)s”") % {"status": status}
    if match := _TRANSLATION_STARTED.fullmatch(reason):
        return _("Started as a translation of story %(number)s") % {"number": match["number"]}
    if match := _RESTORED.fullmatch(reason):
        # Written from the revision's time in UTC; the history lists times in the site's zone.
        written = "%Y-%m-%d %H:%M:%S" if match["date"].count(":") == 2 else "%Y-%m-%d %H:%M"  # older: minutes
        kept = datetime.datetime.strptime(match["date"], written).replace(tzinfo=datetime.UTC)
        return _("Restored the revision of %(date)s") % {"date": revision_time(kept)}
    return CORRECTION_REASONS.get(reason, reason)


@dataclass(frozen=True)
class Difference:
    what: str
    before: str
    after: str


def compare(older, newer):
    """What differs between two revisions of a story, as Differences a person can read."""
    differences = []
    for change in newer.diff_against(older).changes:
        field = newer.instance_type._meta.get_field(change.field)
        if field.many_to_many:
            before, after = _names(field, change.old), _names(field, change.new)
        elif isinstance(field, CKEditor5Field):
            before, after = _changed_passages(_readable_text(change.old), _readable_text(change.new))
        else:
            before, after = _changed_passages(
                shown_value(field, change.old, None), shown_value(field, change.new, None)
            )
        if before != after:
            differences.append(Difference(capfirst(field.verbose_name), before, after))
    for kept in KEPT_ROWS:
        if recorded_rows(older, kept) is None or recorded_rows(newer, kept) is None:
            continue  # not known at one of the two: no change to show, rather than every row removed or added
        old_rows = {row["pk"]: row for row in recorded_rows(older, kept)}
        new_rows = {row["pk"]: row for row in recorded_rows(newer, kept)}
        name = capfirst(kept.model._meta.verbose_name)
        for pk in sorted(old_rows.keys() | new_rows.keys()):
            before, after = _changed_passages(
                _row_text(kept, old_rows.get(pk), None), _row_text(kept, new_rows.get(pk), None)
            )
            if before != after:
                differences.append(Difference(name, before, after))
    return differences


# What a revision's page shows of the story's own fields, in the story form's order; the body is shown apart,
# as it reads.
SHOWN_FIELDS = [
    "headline",
    "kicker",
    "standfirst",
    "section",
    "language",
    "dateline",
    "byline_override",
    "lead_image",
    "video_url",
    "status",
    "published_at",
    "unpublish_at",
    "slug",
    "seo_title",
    "seo_description",
    "canonical_url",
]


def describe(revision):
    """A revision as a person reads it: (what, text) for each of its fields that has a value, its byline and
    tags, then each related row it keeps (sources, quotes, corrections)."""
    meta = revision.instance_type._meta
    lines = []
    for name in SHOWN_FIELDS:
        field = meta.get_field(name)
        lines.append((capfirst(field.verbose_name), shown_value(field, getattr(revision, field.attname))))
    for name in ("authors", "tags"):
        field = meta.get_field(name)
        target = f"{field.m2m_reverse_field_name()}_id"
        kept = sorted(getattr(revision, name).all(), key=lambda row: (getattr(row, "position", 0), row.pk))
        ids = [getattr(row, target) for row in kept]
        by_pk = field.related_model._default_manager.in_bulk(ids)
        lines.append((capfirst(field.verbose_name), ", ".join(str(by_pk[pk]) for pk in ids if pk in by_pk)))
    for kept in KEPT_ROWS:
        rows = recorded_rows(revision, kept)
        if rows is None:
            lines.append((capfirst(kept.model._meta.verbose_name_plural), _("not recorded in this revision")))
            continue
        name = capfirst(kept.model._meta.verbose_name)
        lines += [(name, _row_text(kept, row)) for row in rows]
    return [(what, text) for what, text in lines if text]


def _names(field, rows):
    """The names of an m2m change's rows (tags, authors) in order."""
    target = field.related_model
    ids = [row.get(field.m2m_reverse_field_name()) for row in rows or []]
    by_pk = target._default_manager.in_bulk(ids)
    return ", ".join(str(by_pk[pk]) if pk in by_pk else "?" for pk in ids)


def _row_text(kept, row, length=200):
    if row is None:
        return ""
    fields = {field.name: field for field in kept.model._meta.concrete_fields}
    return "; ".join(
        f"{fields[name].verbose_name}: {shown_value(fields[name], value, length)}"
        for name, value in row["fields"].items()
        if name in fields and name not in (kept.article_field, "position") and value not in ("", None)
    )


def _readable_text(html):
    """A body as its words read, a paragraph a line: the editor compares what readers read, not markup."""
    text = re.sub(r"(?i)<br\s*/?>|</(?:p|h[1-6]|li|blockquote|figcaption)>", "\n", html or "")
    lines = (" ".join(line.split()) for line in unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def _changed_passages(before, after, context=80, length=300):
    """Of two long texts, the part that differs with some words around it: cut to their first `length`
    characters, a change at the end of a long body looked like no change at all."""
    if before == after or max(len(before), len(after)) <= length:
        return before, after
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    start = max(0, prefix - context)
    return (
        _excerpt(before, start, len(before) - suffix + context, length),
        _excerpt(after, start, len(after) - suffix + context, length),
    )


def _excerpt(text, start, stop, length):
    stop = min(len(text), stop)
    excerpt, cut_at_the_end = text[start:stop], stop < len(text)
    if len(excerpt) > length:
        excerpt, cut_at_the_end = excerpt[: length - 1], True
    return ("…" if start else "") + excerpt + ("…" if cut_at_the_end else "")


def shown_value(field, value, length=300):
    """A stored value as the story form shows it: a choice's label, a time in the site's zone and language, yes
    or no, a related row's name. A serialized row's values are JSON (a date as "2026-12-03", a time in UTC as
    "2026-12-04T16:49:20Z"): the field makes them the Python values a revision's own fields already are."""
    with contextlib.suppress(ValidationError):  # a value the field does not take is shown as stored
        value = field.to_python(value)
    if value is None or value == "":
        text = ""
    elif isinstance(value, bool):
        text = yesno(value)
    elif field.choices:
        text = str(dict(field.flatchoices).get(value, value))
    elif isinstance(value, datetime.datetime):
        text = formats.localize(timezone.localtime(value))
    elif isinstance(value, datetime.date | datetime.time):
        text = formats.localize(value)
    elif field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        text = str(related) if related is not None else ""
    else:
        text = str(value)
    return text if length is None or len(text) <= length else text[: length - 1] + "…"
