"""`column IN (the ids)` for a list bound at execution, written once per dialect.

An expanding IN renders one parameter per id each time it runs (on PostgreSQL each with a
cast), and each count of ids is a new statement for the driver to parse: for the hundred rows
a Bank search shows, that cost more than the query. On PostgreSQL the list goes as one array,
`= ANY(:ids)`: the same statement text for any number of ids."""

from __future__ import annotations

from sqlalchemy import String, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import Boolean


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


@compiles(IdsIn)
def _expanding_in(element: IdsIn, compiler, **kw) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(IdsIn, "postgresql")
def _any_array(element: IdsIn, compiler, **kw) -> str:
    return compiler.process(element.column == any_(bindparam(element.name, type_=ARRAY(String))), **kw)
