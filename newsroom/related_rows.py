"""Related rows fetched inside their parent's row, as JSON: one query where prefetching takes one per relation.

`prefetch_related` costs a round trip and an ORM query compilation per relation. For a page that shows one
row with several short lists (a story's bylines, tags, corrections, sources and quotes), `RelatedRows`
selects each list as a JSON array in the parent's own query, with the rows it points at (`joined`, like
`select_related`) nested inside, and `with_related_rows` turns those arrays back into model instances kept
where `prefetch_related` would have kept them, so `article.tags.all()` or `quote.speaker` read them without
a query.
"""

import datetime
import json
import operator

from django.db import models
from django.db.models import Func, JSONField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable


class RelatedRows(RawSQL):
    """The objects of the relation `relation` (a related manager's name) of each row, as a JSON array of rows
    holding the related model's `fields` (all of them by default); `link` is the related model's lookup back
    to the row, and each name in `joined` a foreign key whose row comes along.

    Each related row is a JSON array of its values in the order of the model's fields, the order
    `Model.from_db` takes them in: no keys to build, send back and look up. On PostgreSQL the arrays are
    json, not jsonb: jsonb would be parsed into its binary form only to be printed back as text.

    The SQL is the ORM's, compiled once per database vendor and kept: compiling these nested JSON
    subqueries cost more than the round trips they save, when it was done for every query.
    """

    def __init__(self, relation, model, link, fields=None, joined=(), ordering=None):
        self.relation, self.related_model, self.link = relation, model, link
        # Ascending field names; the related model's default ordering unless given.
        self.ordering = model._meta.ordering if ordering is None else ordering
        if any(name.startswith("-") for name in self.ordering):
            raise ValueError(f"RelatedRows sorts by ascending orderings only, not {self.ordering}")
        self.sort_key = operator.attrgetter(*self.ordering) if self.ordering else None
        self.fields = _in_model_order(model, fields or _all_fields(model))
        self.joined = {name: model._meta.get_field(name) for name in joined}
        self.reader = _RowReader(model, self.fields)
        self.joined_readers = [
            (field, _RowReader(field.related_model, _all_fields(field.related_model)))
            for field in self.joined.values()
        ]
        self.compiled = {}
        super().__init__("", (), output_field=JSONField())

    @property
    def identity(self):
        # Expression's own identity binds the constructor's arguments anew for each copy a query makes.
        return (
            RelatedRows,
            self.relation,
            self.related_model,
            self.link,
            tuple(self.fields),
            tuple(self.joined),
            tuple(self.ordering),
        )

    def get_db_converters(self, connection):
        return [_parsed]

    def as_sql(self, compiler, connection):
        if connection.vendor not in self.compiled:
            self.compiled[connection.vendor] = self._compile(connection)
        return self.compiled[connection.vendor]

    def _compile(self, connection):
        columns = [*self.fields]
        for name, field in self.joined.items():
            columns.append(_JSONRow(*(f"{name}__{column}" for column in _all_fields(field.related_model))))
        model = self.related_model
        # No ORDER BY: `instances` sorts the rows in the model's ordering anyway, since json_agg promises
        # no order of its own; sorting in the database as well cost a sort per relation per story.
        rows = (
            model._base_manager.filter(**{self.link: OuterRef("pk")})
            .order_by()
            .values(row=_JSONRow(*columns))
        )
        # Compiled inside a query of the parent model, whose table the outer reference then names: the
        # same table every query of that model starts from.
        parent = model._meta.get_field(self.link).related_model
        query = parent._base_manager.annotate(rows=Subquery(rows)).query
        rows_sql, params = query.get_compiler(connection=connection).compile(query.annotations["rows"])
        if connection.vendor == "postgresql":  # NULL when there are none: read as no rows
            sql = f"(SELECT json_agg(related.row) FROM {rows_sql} related)"
        else:  # SQLite: json() keeps each row an array instead of a string inside the array
            sql = f"(SELECT json_group_array(json(related.row)) FROM {rows_sql} related)"
        return sql, tuple(params)

    def instances(self, rows, parent, using):
        """Model instances from the JSON rows, in `ordering` (the related model's default), each with its
        joined rows and its parent (for a foreign key back to it) cached as select_related would."""
        link = self.related_model._meta.get_field(self.link)
        back_to_parent = isinstance(link, models.ForeignKey)
        found = []
        for row in rows:
            obj = self.reader.instance(row, using)
            for position, (field, reader) in enumerate(self.joined_readers, start=len(self.fields)):
                # A missing row (a null foreign key) comes as an array of nulls.
                values = row[position]
                field.set_cached_value(
                    obj, reader.instance(values, using) if values[reader.pk_position] is not None else None
                )
            if back_to_parent:
                link.set_cached_value(obj, parent)
            found.append(obj)
        if self.sort_key:
            found.sort(key=self.sort_key)
        return found


class _JSONRow(Func):
    """Values as one JSON array. Django's JSONArray casts each value and builds jsonb on PostgreSQL."""

    function = "JSON_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_ARRAY", **extra_context)


class _RowReader:
    """Model instances from JSON rows of `attnames` values (in the model's field order)."""

    def __init__(self, model, attnames):
        self.model, self.attnames = model, attnames
        self.pk_position = attnames.index(model._meta.pk.attname)
        self.converters = [
            (position, converter)
            for position, name in enumerate(attnames)
            if (converter := _FROM_JSON.get(model._meta.get_field(name).get_internal_type()))
        ]

    def instance(self, row, using):
        values = row[: len(self.attnames)]
        for position, converter in self.converters:
            if values[position] is not None:
                values[position] = converter(values[position])
        return self.model.from_db(using, self.attnames, values)


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


def _parsed(value, expression, connection):
    # psycopg parses PostgreSQL's json (Django keeps it from parsing only jsonb); SQLite's comes as text.
    return json.loads(value) if isinstance(value, str) else value


def _all_fields(model):
    return [field.attname for field in model._meta.concrete_fields]


def _in_model_order(model, names):
    names = set(names)
    return [name for name in _all_fields(model) if name in names]


def _datetime_from_json(value):
    # PostgreSQL writes the offset; SQLite writes the stored UTC time without one.
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


# A field's value as the database driver would have given it, from its JSON form, by the field's type.
_FROM_JSON = {
    "DateTimeField": _datetime_from_json,
    "DateField": datetime.date.fromisoformat,  # ISO dates as text
    "BooleanField": bool,  # SQLite's booleans are 0 and 1
}


def _keep_as_prefetched(instance, relation, objects):
    """Where prefetch_related keeps a relation's objects: an evaluated queryset, by the relation's name."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset
