"""Model instances from a fixed SQL statement, as Model.objects.raw makes them, for less.

`Model.objects.raw` works out, on every execution, which of the result's columns are the
model's fields, where each one is, and which database converters apply to them: about 110 µs
of Python per query on this project's machine, as much as running the query through the
cursor. A page that runs the same few statements on every request (the model page runs six)
needs that only once per statement, so here it is worked out once per model and set of column
names, and kept.

The instances are the same as raw()'s: fields the statement does not select are deferred,
columns that are not fields become attributes, and the primary key is required.
"""

from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db import connections


def raw_instances(model, sql: str, params, *, using: str = "default") -> list:
    """The statement's rows as instances of `model`, as list(model.objects.raw(sql, params))."""
    connection = connections[using]
    with connection.cursor() as cursor:
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
    if any(field.attname not in {f.attname for f in fields} for field in model._meta.pk_fields):
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
