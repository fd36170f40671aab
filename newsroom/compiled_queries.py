"""Queries compiled by the ORM once per database and run again with each call's values (`compiled_once`).

Building a queryset and compiling it to SQL is Python work on every request, and for a query with nested
JSON subqueries (`newsroom.related_rows`) it costs more than the database spends running it. `compiled_once`
compiles a query whose shape never changes once, and runs that SQL again with each call's values.

Used in one place: the article page's story, `Article.objects.published_page(slug)` (articles.models
.queries), for the article page's target: uncached, at least 0.15x of the static file's requests/s
(`make bench`, bench/RESULTS.md). Built and compiled on every request, that query took an uncached article
from 14.5 to 19.6 million instructions (`bench/profile_page.py /articles/story-0/ --no-page-cache
--instructions`, 1,000 stories); in the benchmark, run in turns on a busy machine, it was 0.14x to 0.17x
of the static file in three runs of four (0.10x in the fourth) against 0.09x and 0.10x without.

Everything else builds its queries the plain Django way. The home page's union of newest stories per
section was compiled once too, for a page with no such target; it no longer is.
"""

import copy
import functools

from django.db import connections
from django.db.models import Expression, prefetch_related_objects
from django.db.models.query import ModelIterable


def compiled_once(**parameters):
    """A function of `parameters` (name to model field) building a queryset, made into one that runs it.

    The function is called once per database, with a `Parameter` for each value; the ORM compiles the
    queryset it returns, and each call then runs that SQL with its own values in the parameters' places and
    returns the list of instances the queryset would have given (its prefetch_related lookups done too). It
    must build the same query whatever the values (no branching on them): a lookup by a key and a time, like
    the article page's.

        @compiled_once(slug=models.SlugField(), at=models.DateTimeField())
        def _published_page(slug, at):
            return Article.objects.for_article_page().published(at=at).filter(slug=slug)[:1]

        _published_page(slug="a-story", at=timezone.now())
    """

    def decorator(build):
        compiled = {}

        @functools.wraps(build)
        def run(using="default", **values):
            connection = connections[using]
            # By backend too: an alias can be pointed at another kind of database (the replica tests point
            # "default" at PostgreSQL in a run that compiled the query for SQLite first).
            key = (using, connection.vendor)
            if key not in compiled:
                compiled[key] = _compile_once(build, parameters, using)
            queryset, compiler, sql, params, converters = compiled[key]
            compiler = copy.copy(compiler)  # the compiled select and row layout, for this run
            compiler.connection = connection
            compiler.get_converters = lambda expressions: converters  # the same columns every run
            run_params = tuple(
                param.prepared(values[param.name], connection) if isinstance(param, Parameter) else param
                for param in params
            )
            compiler.as_sql = lambda *args, **kwargs: (sql, run_params)  # what execute_sql runs
            found = list(queryset._iterable_class(_Compiled(queryset, compiler)))
            if queryset._prefetch_related_lookups:
                prefetch_related_objects(found, *queryset._prefetch_related_lookups)
            return found

        return run

    return decorator


class Parameter(Expression):
    """The place of a value in a `compiled_once` query, filled at each run."""

    def __init__(self, name, field):
        super().__init__(output_field=field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", (self,)

    def prepared(self, value, connection):
        return self.output_field.get_db_prep_value(value, connection)


def _compile_once(build, parameters, using):
    queryset = build(**{name: Parameter(name, field) for name, field in parameters.items()}).using(using)
    if not issubclass(queryset._iterable_class, ModelIterable):
        raise TypeError(f"{build.__name__} must give a queryset of model instances")
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    missing = set(parameters) - {param.name for param in params if isinstance(param, Parameter)}
    if missing:
        raise TypeError(f"{build.__name__} does not use {', '.join(sorted(missing))} in its query")
    # What results_iter would work out from the select for every run (a pass over forty-odd columns).
    converters = compiler.get_converters([column[0] for column in compiler.select[0 : compiler.col_count]])
    return queryset, compiler, sql, params, converters


class _Compiled:
    """What a queryset's iterable reads of it, with the compiler of one run of a compiled_once query."""

    def __init__(self, queryset, compiler):
        self.db, self.model = queryset.db, queryset.model
        self.query = _CompiledQuery(queryset.query, compiler)
        self._known_related_objects = queryset._known_related_objects


class _CompiledQuery:
    """What the iterables read of a query: its annotations (RelatedRows among them) and its compiler."""

    def __init__(self, query, compiler):
        self.annotations, self.compiler = query.annotations, compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler
