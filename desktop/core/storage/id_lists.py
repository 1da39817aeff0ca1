"""`column IN (the ids)` for a list bound at execution, written once per dialect.

An expanding IN renders one parameter per id each time it runs (on PostgreSQL each with a
cast), and each count of ids is a new statement for the driver to parse: for the hundred rows
a Bank search shows, that cost more than the query. So the list goes as one value, the same
statement text for any number of ids: on PostgreSQL an array, `= ANY(:ids)`; on SQLite a JSON
array, `IN (SELECT value FROM json_each(:ids))` (no limit on bound parameters either)."""

from __future__ import annotations

import json

from sqlalchemy import String, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import Boolean, TypeDecorator


class IdsIn(ColumnElement[bool]):
    """`column` is one of the ids bound as `name` (a list or tuple of strings)."""

    type = Boolean()
    _is_implicitly_boolean = True  # a comparison: without it SQLite gets "IN (...) = 1", no index
    inherit_cache = True
    # What the statement cache keys on: the column and the parameter's name.
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement), ("name", InternalTraversal.dp_string)]

    def __init__(self, column, name: str = "ids"):
        self.column = column
        self.name = name


def ids_in(column, name: str = "ids") -> IdsIn:
    return IdsIn(column, name)


class _JsonList(TypeDecorator):
    """A list of strings bound as its JSON text, for json_each."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(list(value))


@compiles(IdsIn)
def _expanding_in(element: IdsIn, compiler, **kw) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(IdsIn, "sqlite")
def _json_each(element: IdsIn, compiler, **kw) -> str:
    ids = compiler.process(bindparam(element.name, type_=_JsonList()), **kw)
    return f"{compiler.process(element.column, **kw)} IN (SELECT value FROM json_each({ids}))"


@compiles(IdsIn, "postgresql")
def _any_array(element: IdsIn, compiler, **kw) -> str:
    return compiler.process(element.column == any_(bindparam(element.name, type_=ARRAY(String))), **kw)
