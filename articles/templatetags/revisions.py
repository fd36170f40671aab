"""The story's history in the admin: `{{ record.history_date|revision_time }}` (articles.revisions)."""

from django import template

from articles import revisions

register = template.Library()
register.filter("revision_time", revisions.revision_time)
