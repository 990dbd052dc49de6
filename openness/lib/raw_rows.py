"""Fixed SQL statements that pages run on every request: prepared, and read as instances.

`Model.objects.raw` works out, on every execution, which of the result's columns are the
model's fields, where each one is, and which database converters apply to them: about 110 µs
of Python per query on this project's machine, as much as running the query through the
cursor. A page that runs the same few statements on every request (the model page runs six)
needs that only once per statement, so here it is worked out once per model and set of column
names, and kept. The instances are the same as raw()'s: fields the statement does not select
are deferred, columns that are not fields become attributes, and the primary key is required.

PostgreSQL, for its part, plans each statement again on every execution: for these small
index reads, planning takes several times as long as running them (at 3 million models, the
model page's query by slug plans in 0.33 ms and runs in 0.07). Django's cursors bind
parameters on the client, which rules out prepared statements; prepared_cursor() binds them on
the server, so that psycopg prepares a statement once it has run `prepare_threshold` times
on a connection (settings.py) and PostgreSQL then reuses its plan. Only statements whose best
plan does not depend on their values belong there (a search term's does: a rare term reads
the trigram index, a common one walks the rank order); and they name their columns instead
of `*`, so that a column added by a migration does not change a prepared statement's result.
"""

from functools import lru_cache

import psycopg
from django.core.exceptions import FieldDoesNotExist
from django.db import connections


def prepared_cursor(using: str = "default"):
    """A Django cursor (queries logged and errors wrapped as usual) that binds its parameters
    on the server, so that psycopg may prepare the statements it runs."""
    connection = connections[using]
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = psycopg.Cursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def columns(model, alias: str) -> str:
    """The model's columns, each qualified by the table's alias: what `alias.*` selects now."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def raw_instances(model, sql: str, params, *, using: str = "default") -> list:
    """The statement's rows as instances of `model`, as list(model.objects.raw(sql, params)),
    through prepared_cursor()."""
    connection = connections[using]
    with prepared_cursor(using) as cursor:
        cursor.execute(sql, params)
        names = tuple(column.name for column in cursor.description)
        rows = cursor.fetchall()
    field_names, positions, converters, extras = _plan(model, names, using)
    from_db = model.from_db
    instances = []
    for row in rows:
        values = [row[position] for position in positions]
        for index, expression, functions in converters:
            value = values[index]
            for function in functions:
                value = function(value, expression, connection)
            values[index] = value
        instance = from_db(using, field_names, values)
        for name, position in extras:
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


@lru_cache(maxsize=256)
def _plan(model, names: tuple[str, ...], using: str):
    """Which columns are which fields, in the model's order; their converters; the rest."""
    connection = connections[using]
    by_column = {field.column: field for field in model._meta.concrete_fields}
    fields = [field for field in model._meta.concrete_fields if field.column in names]
    if not all(field.column in names for field in model._meta.pk_fields):
        raise FieldDoesNotExist("Raw query must include the primary key")
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if functions:
            converters.append((index, expression, tuple(functions)))
    return (
        [field.attname for field in fields],
        [names.index(field.column) for field in fields],
        tuple(converters),
        tuple((name, position) for position, name in enumerate(names) if name not in by_column),
    )
