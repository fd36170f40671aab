"""Related rows fetched inside their parent's row, as JSON: one query where prefetching takes one per relation.

`prefetch_related` costs a round trip and an ORM query compilation per relation. For a page that shows one
row with several short lists (a story's bylines, tags, corrections, sources and quotes), `RelatedRows`
selects each list as a JSON array in the parent's own query, with the rows it points at (`joined`, like
`select_related`) nested inside, and `with_related_rows` turns those arrays back into model instances kept
where `prefetch_related` would have kept them, so `article.tags.all()` or `quote.speaker` read them without
a query.
"""

import datetime

from django.db import models
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.dateparse import parse_datetime


class RelatedRows(RawSQL):
    """The objects of the relation `relation` (a related manager's name) of each row, as a JSON array of
    objects holding the related model's `fields` (all of them by default); `link` is the related model's
    lookup back to the row, and each name in `joined` a foreign key whose row comes along.

    The SQL is the ORM's, compiled once per database vendor and kept: compiling these nested JSON
    subqueries cost more than the round trips they save, when it was done for every query.
    """

    def __init__(self, relation, model, link, fields=None, joined=()):
        self.relation, self.related_model, self.link = relation, model, link
        self.fields = list(fields or _all_fields(model))
        self.joined = {name: model._meta.get_field(name) for name in joined}
        self.compiled = {}
        super().__init__("", (), output_field=JSONField())

    def as_sql(self, compiler, connection):
        if connection.vendor not in self.compiled:
            self.compiled[connection.vendor] = self._compile(connection)
        return self.compiled[connection.vendor]

    def _compile(self, connection):
        columns = {name: name for name in self.fields}
        for name, field in self.joined.items():
            columns[name] = JSONObject(
                **{column: f"{name}__{column}" for column in _all_fields(field.related_model)}
            )
        model = self.related_model
        rows = model._base_manager.filter(**{self.link: OuterRef("pk")}).values(row=JSONObject(**columns))
        # Compiled inside a query of the parent model, whose table the outer reference then names: the
        # same table every query of that model starts from.
        parent = model._meta.get_field(self.link).related_model
        query = parent._base_manager.annotate(rows=Subquery(rows)).query
        rows_sql, params = query.get_compiler(connection=connection).compile(query.annotations["rows"])
        if connection.vendor == "postgresql":
            sql = f"(SELECT COALESCE(jsonb_agg(related.row), '[]'::jsonb) FROM {rows_sql} related)"
        else:  # SQLite: json() keeps each object an object instead of a string inside the array
            sql = f"(SELECT COALESCE(json_group_array(json(related.row)), '[]') FROM {rows_sql} related)"
        return sql, tuple(params)

    def instances(self, rows, parent, using):
        """Model instances from the JSON objects, in the related model's default ordering, each with its
        joined rows and its parent (for a foreign key back to it) cached as select_related would."""
        link = self.related_model._meta.get_field(self.link)
        found = []
        for row in rows:
            obj = _instance(self.related_model, self.fields, row, using)
            for name, field in self.joined.items():
                joined = row.get(name) or {}
                pk_name = field.related_model._meta.pk.attname
                value = (
                    _instance(field.related_model, list(joined), joined, using)
                    if joined.get(pk_name)
                    else None
                )
                field.set_cached_value(obj, value)
            if isinstance(link, models.ForeignKey):
                link.set_cached_value(obj, parent)
            found.append(obj)
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
                objects = expression.instances(getattr(instance, name) or [], instance, self.queryset.db)
                _keep_as_prefetched(instance, expression.relation, objects)
                delattr(instance, name)
            yield instance


def _all_fields(model):
    return [field.attname for field in model._meta.concrete_fields]


def _instance(model, names, row, using):
    # from_db takes the values in the order of the model's fields (jsonb keeps keys in an order of its own).
    names = [name for name in _all_fields(model) if name in set(names)]
    return model.from_db(using, names, [_from_json(model, name, row[name]) for name in names])


def _from_json(model, name, value):
    """A field's value as the database driver would have given it, from its JSON form."""
    if value is None:
        return None
    field = model._meta.get_field(name)
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        # PostgreSQL writes the offset; SQLite writes the stored UTC time without one.
        moment = parse_datetime(value)
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)
    if kind in ("DateField", "BooleanField"):  # ISO dates as text; SQLite's booleans as 0 and 1
        return field.to_python(value)
    return value


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
