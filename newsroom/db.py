"""Related rows fetched inside their parent's row, as JSON: one query where prefetching takes one per relation.

`prefetch_related` costs a round trip and an ORM query compilation per relation. For a page that shows one
row with several short lists (a story's tags and corrections), `RelatedRows` selects each list as a JSON
array in the parent's own query, and `with_related_rows` turns those arrays back into model instances kept
where `prefetch_related` would have kept them, so `article.tags.all()` reads them without a query.
"""

import datetime

from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.dateparse import parse_datetime


class RelatedRows(Subquery):
    """The objects of the relation `relation` (a related manager's name) of each row, as a JSON array of
    objects holding the related model's `fields`; `link` is the related model's lookup back to the row."""

    def __init__(self, relation, model, link, fields):
        self.relation, self.related_model, self.fields = relation, model, list(fields)
        rows = model._base_manager.filter(**{link: OuterRef("pk")}).values(
            row=JSONObject(**{name: name for name in self.fields})
        )
        super().__init__(rows, output_field=JSONField())

    def as_sql(self, compiler, connection, template=None, **extra_context):
        rows, params = super().as_sql(compiler, connection, template, **extra_context)
        if connection.vendor == "postgresql":
            return f"(SELECT COALESCE(jsonb_agg(related.row), '[]'::jsonb) FROM {rows} related)", params
        # SQLite: json() keeps each object an object instead of a string inside the array.
        return f"(SELECT COALESCE(json_group_array(json(related.row)), '[]') FROM {rows} related)", params

    def instances(self, rows, using):
        """Model instances from the JSON objects, in the related model's default ordering."""
        found = [
            self.related_model.from_db(
                using, self.fields, [_from_json(self.related_model, name, row[name]) for name in self.fields]
            )
            for row in rows
        ]
        ordering = self.related_model._meta.ordering
        if ordering:
            found.sort(key=lambda obj: tuple(_sort_value(obj, name) for name in ordering))
        return found


def with_related_rows(queryset, **relations):
    """`queryset` with each of `relations` (annotation name to RelatedRows) fetched in its own query."""
    queryset = queryset.annotate(**relations)
    queryset._iterable_class = RelatedRowsIterable
    return queryset


class RelatedRowsIterable(ModelIterable):
    def __iter__(self):
        relations = {
            name: expression
            for name, expression in self.queryset.query.annotations.items()
            if isinstance(expression, RelatedRows)
        }
        for instance in super().__iter__():
            for name, expression in relations.items():
                objects = expression.instances(getattr(instance, name) or [], self.queryset.db)
                _keep_as_prefetched(instance, expression.relation, objects)
                delattr(instance, name)
            yield instance


def _from_json(model, name, value):
    field = model._meta.get_field(name)
    if value is None or field.get_internal_type() != "DateTimeField":
        return value
    # PostgreSQL writes the offset; SQLite writes the stored UTC time without one.
    moment = parse_datetime(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def _sort_value(obj, name):
    if name.startswith("-"):
        raise ValueError(f"RelatedRows sorts by ascending orderings only, not {name}")
    return obj.pk if name == "pk" else getattr(obj, name)


def _keep_as_prefetched(instance, relation, objects):
    """Where prefetch_related keeps a relation's objects: an evaluated queryset, by the relation's name."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset
