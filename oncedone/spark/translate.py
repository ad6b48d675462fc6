"""Our DuckDB queries in Spark SQL, through SQLGlot: the macros expanded, a listed set of rewrites,
and a loud error on any function the layer does not know (SQLGlot passes those through verbatim).

`queries/` stays the one source of truth, in DuckDB's dialect. The Spark session runs in UTC, as our
DuckDB connections do, so that an instant's Paris wall clock is a TIMESTAMP read in UTC on both sides
(`timezone('Europe/Paris', instant)` in DuckDB, `from_utc_timestamp` in Spark).

The rewrites, each for a reason ../shared/notes/spark.md gives:
- macros (queries/schema, and those a derived file defines over its table): expanded, scalar and table;
- Paris days: `timezone('Europe/Paris', x)` means opposite things for an instant and a local time,
  told apart by our naming rule (`_at` instants, `_local` and casts to timestamp local times);
- percentiles: `quantile_cont` becomes Spark's exact `percentile` (same linear interpolation);
- generators: `unnest(generate_series(...))::date` and `range(...)` in FROM become `explode(sequence(...))`
  (Spark refuses a generator nested in an expression; `range` excludes its end, `sequence` includes it);
- date arithmetic: `day - day` is whole days in DuckDB, an interval in Spark: `datediff`;
  `datediff('day', a, b)` and `to_hours(n)` get Spark's forms;
- epochs: `epoch` becomes microsecond differences (Spark's `unix_timestamp` drops the fraction);
- list positions and maps: `array_position` gives 0 where DuckDB gives NULL; a map misses a key with
  an error in ANSI mode where DuckDB gives NULL: `try_element_at`; `len` of a list is `size`;
- a HAVING that asks `grouping()` becomes a flag filtered outside (Spark cannot resolve it there);
- `union all by name` lists each side's columns by name;
- `any_value` ignores NULLs explicitly; DuckDB's `unpivot` statement becomes Spark's UNPIVOT clause;
- `as materialized` CTEs lose the hint, a planner's matter;
- `isodow` is `weekday + 1` (SQLGlot's own form of it is wrong); `order by all` becomes ordinals.
"""

import re
from datetime import date, datetime
from dataclasses import dataclass
from functools import cache

import duckdb
import sqlglot
from sqlglot import exp

from oncedone.store.warehouse import DIRTY_FILTER, Derived, derived_tables, schema_files, sql_text

PARIS = "Europe/Paris"


class TranslationError(ValueError):
    """A query uses something the layer cannot translate faithfully."""


@dataclass(frozen=True)
class Macro:
    """A DuckDB macro: its parameters, and its body as text (parsed on first use)."""

    name: str
    params: tuple[str, ...]
    body_sql: str
    is_table: bool

    def body(self) -> exp.Expression:
        return sqlglot.parse_one(self.body_sql, read="duckdb")


MACRO = re.compile(r"create\s+(?:or\s+replace\s+)?macro\s+(\w+)\s*\(([^)]*)\)\s+as\s+(table\s+)?(.*)", re.S | re.I)


@cache
def macros() -> dict[str, Macro]:
    """Every macro the queries may call: the schema's, then those defined beside a derived table."""
    statements = []
    with duckdb.connect() as parser:
        for path in schema_files():
            statements += [s.query for s in parser.extract_statements(path.read_text(encoding="utf-8"))]
    for derived in derived_tables():
        statements += derived.statements[1:]
    found = {}
    for statement in statements:
        match = MACRO.search(statement)
        if match:
            name, params, table, body = match.groups()
            body = re.sub(r";\s*(--[^\n]*\s*)*$", "", body.strip())
            found[name.lower()] = Macro(name.lower(), tuple(p.strip() for p in params.split(",") if p.strip()),
                                        body, bool(table))
    return found


# Functions whose SQLGlot translation to Spark keeps DuckDB's meaning on our data; anything else fails.
FAITHFUL = frozenset({
    exp.Count, exp.Sum, exp.Avg, exp.Min, exp.Max, exp.AnyValue, exp.ArgMin, exp.ArgMax,
    exp.Coalesce, exp.Least, exp.Greatest, exp.Nullif, exp.Cast, exp.If, exp.Case,
    exp.Lead, exp.Lag, exp.RowNumber, exp.Grouping,
    exp.ArrayContains, exp.ArrayFilter, exp.ArrayToString, exp.Array, exp.StartsWith,
    exp.Explode, exp.GenerateSeries, exp.Pivot, exp.TimestampTrunc, exp.DateTrunc, exp.LastDay, exp.Hour, exp.Minute,
    exp.TimeToStr, exp.DateFromParts, exp.Year, exp.Month, exp.Lower, exp.Upper, exp.Abs, exp.Round, exp.Floor, exp.Ceil,
})
# What the rules below rewrite: SQLGlot's classes it would write wrongly, and DuckDB functions it does not know.
REWRITTEN_CLASSES = (exp.PercentileCont, exp.TimeToUnix, exp.DayOfWeekIso, exp.Length, exp.DateDiff, exp.Map)
REWRITTEN_NAMES = frozenset({"timezone", "epoch_us", "to_hours", "list_position"})
# The Spark functions the rewrites below write.
WRITTEN = frozenset({
    "from_utc_timestamp", "to_utc_timestamp", "unix_micros", "percentile", "datediff", "make_dt_interval",
    "any_value", "array_position", "try_element_at", "map_from_arrays", "size", "weekday", "explode", "sequence", "filter",
})


def to_spark(sql: str, params: dict | None = None) -> str:
    """The Spark SQL of one DuckDB query (a SELECT, possibly with CTEs): `$params` as `:params`, or
    as typed literals when `params` gives their values."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree = expand_macros(tree)
    if params is not None:
        tree = _bind(tree, params)
    _refuse_unknown(tree)
    tree = _bottom_up(tree)
    _refuse_unwritten(tree)
    return tree.sql(dialect="spark")


def query_sql(name: str, params: dict | None = None) -> str:
    """The Spark SQL of the named query of queries/, its parameters bound when given."""
    return to_spark(sql_text(name), params)


# The element type of a list parameter that may be empty (an empty list has none to tell it).
LIST_TYPES = {"target_days": "int", "closed_days": "date"}


def _bind(tree: exp.Expression, params: dict) -> exp.Expression:
    """Every `$param` as a literal of its value's type (Spark's parameter markers do not take typed empty lists)."""
    def literal(node):
        if isinstance(node, exp.Placeholder) and node.name:
            if node.name not in params:
                raise TypeError(f"the query needs the parameter {node.name}")
            return _literal(params[node.name], LIST_TYPES.get(node.name, "string"))
        return node

    return tree.transform(literal)


def _literal(value, element_type: str = "string") -> exp.Expression:
    if value is None:
        return exp.Null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        return exp.Literal.number(value)
    if isinstance(value, float):
        return exp.Cast(this=exp.Literal.number(repr(value)), to=exp.DataType.build("double"))
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, datetime):
        raise TypeError("instants are not passed as parameters (only days)")
    if isinstance(value, date):
        return exp.Cast(this=exp.Literal.string(value.isoformat()), to=exp.DataType.build("date"))
    if isinstance(value, (list, tuple)):
        array = exp.Array(expressions=[_literal(v) for v in value])
        return exp.Cast(this=array, to=exp.DataType.build(f"array<{element_type}>", dialect="spark"))
    raise TypeError(f"no Spark literal for {type(value).__name__} {value!r}")


def derived_sql(derived: Derived) -> str:
    """The Spark SELECT that builds a derived table whole (every key dirty: no dirty-key filter)."""
    return to_spark(DIRTY_FILTER.sub("", derived.select_sql()))


def expand_macros(tree: exp.Expression) -> exp.Expression:
    """Replace every call of one of our macros by its body, until none is left (macros call macros)."""
    for _ in range(20):
        calls = [node for node in tree.find_all(exp.Anonymous) if node.name.lower() in macros()]
        if not calls:
            return tree
        for call in calls:
            macro = macros()[call.name.lower()]
            if len(call.expressions) != len(macro.params):
                raise TranslationError(f"macro {macro.name} takes {len(macro.params)} argument(s), "
                                       f"given {len(call.expressions)}: {call.sql('duckdb')}")
            body = _substitute(macro.body(), dict(zip(macro.params, call.expressions)))
            if macro.is_table:
                table = call.parent
                if not isinstance(table, exp.Table):
                    raise TranslationError(f"table macro {macro.name} called outside FROM: {call.sql('duckdb')}")
                table.replace(exp.Subquery(this=body, alias=table.args.get("alias")))
            else:
                call.replace(exp.Paren(this=body))
    raise TranslationError("macros nested more than 20 deep: a macro calls itself?")


def _substitute(body: exp.Expression, arguments: dict[str, exp.Expression]) -> exp.Expression:
    def argument(node):
        if isinstance(node, exp.Column) and not node.table and node.name in arguments:
            return arguments[node.name].copy()
        return node

    return body.transform(argument)


def _functions(tree: exp.Expression):
    """The function calls of a tree (SQLGlot also counts `and`, `or` and other operators as functions)."""
    return (node for node in tree.find_all(exp.Func) if not isinstance(node, (exp.Connector, exp.Binary)))


def _refuse_unknown(tree: exp.Expression) -> None:
    """Fail on any function neither faithful as SQLGlot writes it nor rewritten below."""
    for node in _functions(tree):
        if isinstance(node, exp.Anonymous):
            if node.name.lower() not in REWRITTEN_NAMES:
                raise TranslationError(f"function {node.name}() has no known Spark translation: {node.sql('duckdb')}")
        elif not isinstance(node, tuple(FAITHFUL) + REWRITTEN_CLASSES):
            raise TranslationError(f"function {type(node).__name__} ({node.sql('duckdb')}) has no checked "
                                   "Spark translation: add a rule to oncedone/spark/translate.py")


def _refuse_unwritten(tree: exp.Expression) -> None:
    """After the rewrites only faithful functions and the ones the rules write may remain."""
    for node in _functions(tree):
        if isinstance(node, exp.Anonymous):
            if node.name.lower() not in WRITTEN:
                raise TranslationError(f"function {node.name}() left untranslated: {node.sql('duckdb')}")
        elif not isinstance(node, tuple(FAITHFUL)):
            raise TranslationError(f"{type(node).__name__} ({node.sql('duckdb')}) left untranslated")


def _bottom_up(node: exp.Expression) -> exp.Expression:
    """Rewrite the children first: a rule reads what its operands have become (an instant's Paris time)."""
    for child in list(node.iter_expressions()):
        _bottom_up(child)
    new = _rewrite(node)
    if new is not node:
        node.replace(new)
    return new


def _call(name: str, *args: exp.Expression) -> exp.Anonymous:
    return exp.Anonymous(this=name, expressions=list(args))


def _rewrite(node: exp.Expression) -> exp.Expression:
    """One node in Spark's terms; every rule of the module's docstring is one branch here."""
    if isinstance(node, exp.Anonymous):
        name = node.name.lower()
        if name == "timezone":
            return _paris_time(node)
        if name == "epoch_us":
            return _call("unix_micros", *node.expressions)
        if name == "to_hours":
            return _call("make_dt_interval", exp.Literal.number(0), node.expressions[0])
        if name == "list_position":
            return exp.Nullif(this=_call("array_position", *node.expressions), expression=exp.Literal.number(0))
    if isinstance(node, exp.Order) and _is_order_by_all(node):
        return _ordinals(node)
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        node.set("materialized", None)  # a hint to DuckDB's planner only
    if isinstance(node, exp.Select) and node.args.get("having") and node.args["having"].find(exp.Grouping):
        return _having_outside(node)
    if isinstance(node, exp.IgnoreNulls) and isinstance(node.this, exp.AnyValue):
        return _call("any_value", node.this.this, exp.true())  # nulls ignored, as DuckDB's any_value does
    if isinstance(node, exp.Pivot) and node.args.get("unpivot") and isinstance(node.parent, exp.CTE):
        return _unpivot(node)
    if isinstance(node, exp.Union) and node.args.get("by_name"):
        return _union_by_position(node)
    if isinstance(node, exp.PercentileCont):
        return _call("percentile", node.this, node.expression)
    if isinstance(node, exp.TimeToUnix):
        return _epoch_seconds(node.this)
    if isinstance(node, exp.DayOfWeekIso):
        return exp.Paren(this=exp.Add(this=_call("weekday", node.this), expression=exp.Literal.number(1)))
    if isinstance(node, exp.Length):
        return _call("size", node.this)
    if isinstance(node, exp.DateDiff):
        unit = (node.args.get("unit").name if node.args.get("unit") else "day").lower()
        if unit != "day":
            raise TranslationError(f"datediff by {unit}: only days are translated: {node.sql('duckdb')}")
        return _call("datediff", node.this, node.expression)
    if isinstance(node, exp.Bracket) and isinstance(node.this, exp.Map):
        keys, values = node.this.args["keys"], node.this.args["values"]
        return _call("try_element_at", _call("map_from_arrays", keys, values), *node.expressions)
    if isinstance(node, exp.Sub) and _kind(node.this) == "date" and _kind(node.expression) == "date":
        return _call("datediff", node.this, node.expression)
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Explode):
        return _unnested_days(node)
    if isinstance(node, exp.Table) and isinstance(node.this, exp.GenerateSeries):
        return _range_table(node)
    if isinstance(node, exp.GenerateSeries) and node.args.get("is_end_exclusive") and not isinstance(node.parent, exp.Table):
        raise TranslationError(f"range() outside FROM: {node.sql('duckdb')}")
    return node


def _kind(node: exp.Expression) -> str | None:
    """'instant', 'local' (a Paris wall-clock time), 'date' or None, by our naming rule and casts."""
    if isinstance(node, (exp.Paren, exp.Window, exp.Lead, exp.Lag, exp.Min, exp.Max, exp.AnyValue,
                         exp.IgnoreNulls, exp.Greatest, exp.Least, exp.Coalesce)):
        return _kind(node.this)
    if isinstance(node, exp.Subquery):
        return _kind(node.this)
    if isinstance(node, exp.Select) and len(node.expressions) == 1:
        return _kind(node.expressions[0].unalias())
    if isinstance(node, exp.Column):
        name = node.name.lower()
        if name.endswith("_at") or name == "as_of":
            return "instant"
        if name.endswith("_local"):
            return "local"
        if name.endswith("_day") or name == "day":
            return "date"
    if isinstance(node, exp.Placeholder) and node.name.lower().endswith("day"):
        return "date"
    if isinstance(node, exp.Cast):
        kind = node.to.this
        if kind == exp.DataType.Type.DATE:
            return "date"
        if kind in (exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ):
            return "local"
        if kind == exp.DataType.Type.TIMESTAMPTZ:
            return "instant"
    if isinstance(node, exp.Anonymous) and node.name.lower() == "from_utc_timestamp":
        return "local"
    if isinstance(node, exp.Anonymous) and node.name.lower() == "to_utc_timestamp":
        return "instant"
    return None


def _paris_time(node: exp.Anonymous) -> exp.Expression:
    zone, value = node.expressions
    if not (zone.is_string and zone.name == PARIS):
        raise TranslationError(f"timezone() in another zone than {PARIS}: {node.sql('duckdb')}")
    kind = _kind(value)
    if kind == "instant":  # the Paris wall clock of an instant, read in UTC
        return _call("from_utc_timestamp", value, exp.Literal.string(PARIS))
    if kind == "local":  # the instant of a Paris wall-clock time
        return _call("to_utc_timestamp", value, exp.Literal.string(PARIS))
    raise TranslationError(f"timezone(): cannot tell an instant from a Paris time in {value.sql('duckdb')} "
                           "(name instants *_at, or cast to timestamp)")


def _epoch_seconds(value: exp.Expression) -> exp.Expression:
    """DuckDB's epoch(), seconds with their fraction, as microseconds over a million."""
    if isinstance(value, exp.Sub):
        micros = exp.Sub(this=_call("unix_micros", value.this), expression=_call("unix_micros", value.expression))
    elif _kind(value) in ("instant", "local"):
        micros = _call("unix_micros", value)
    else:
        raise TranslationError(f"epoch() of neither an instant nor a difference of two: {value.sql('duckdb')}")
    return exp.Paren(this=exp.Div(this=exp.Paren(this=micros), expression=exp.Literal.number(1_000_000)))


def _unnested_days(cast: exp.Cast) -> exp.Expression:
    """`unnest(generate_series(day, day, interval 1 day))::date`: Spark's sequence of dates is already dates."""
    series = cast.this.this
    if (cast.to.this == exp.DataType.Type.DATE and isinstance(series, exp.GenerateSeries)
            and _kind(series.args["start"]) == "date" and _kind(series.args["end"]) == "date"):
        return cast.this
    raise TranslationError(f"a generator inside a cast: {cast.sql('duckdb')}")


def _range_table(table: exp.Table) -> exp.Expression:
    """`range(a, b[, step]) as t(x)` in FROM: the values from a up to b excluded, as a subquery."""
    series, alias = table.this, table.args.get("alias")
    if not series.args.get("is_end_exclusive"):
        raise TranslationError(f"generate_series() in FROM: {table.sql('duckdb')}")
    if not (alias and alias.columns and len(alias.columns) == 1):
        raise TranslationError(f"range() in FROM needs an alias naming its column: {table.sql('duckdb')}")
    start, end, step = series.args["start"], series.args["end"], series.args.get("step")
    column, name = exp.column("_v"), alias.columns[0].name
    if step is None:  # integers: the last one is end - 1
        select = exp.select(exp.alias_(_call("explode", _call("sequence", start, exp.Sub(this=end, expression=exp.Literal.number(1)))), name))
    elif isinstance(step, exp.Interval):  # instants, as DuckDB's range over dates gives them
        as_timestamp = lambda e: exp.Cast(this=e.copy(), to=exp.DataType.build("timestamp"))
        values = exp.select(exp.alias_(_call("explode", _call("sequence", as_timestamp(start), as_timestamp(end), step)), "_v"))
        # The end excluded by a WHERE: Spark refuses a subquery (our ends have some) in a lambda.
        select = (exp.select(exp.alias_(column, name))
                  .from_(exp.Subquery(this=values, alias=exp.TableAlias(this=exp.to_identifier("_series"))))
                  .where(exp.LT(this=column.copy(), expression=as_timestamp(end))))
    else:
        raise TranslationError(f"range() with a step other than an interval: {table.sql('duckdb')}")
    return exp.Subquery(this=select, alias=exp.TableAlias(this=alias.this))


def _unpivot(pivot: exp.Pivot) -> exp.Expression:
    """DuckDB's `unpivot t on a, b into name n value v` as Spark's `select * from t unpivot (v for n in (a, b))`
    (both leave out the NULL values)."""
    into = pivot.args["into"]
    columns = ", ".join(c.sql("spark") for c in pivot.expressions)
    return sqlglot.parse_one(f"select * from {pivot.this.sql('spark')} unpivot ({into.expressions[0].sql('spark')} "
                             f"for {into.this.sql('spark')} in ({columns}))", read="spark")


def _having_outside(select: exp.Select) -> exp.Expression:
    """A HAVING that asks grouping() (Spark cannot resolve it there): a kept flag, filtered outside."""
    inner = select.copy()
    for part in ("having", "order", "with_"):
        inner.set(part, None)
    inner = inner.select(exp.alias_(select.args["having"].this.copy(), "_kept"), copy=False)
    outer = (exp.select(*[exp.column(e.alias_or_name) for e in select.expressions])
             .from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("_grouped"))))
             .where(exp.column("_kept")))
    for part in ("order", "with_"):
        if select.args.get(part):
            outer.set(part, select.args[part])
    return outer


def _union_by_position(union: exp.Union) -> exp.Expression:
    """`union all by name` (Spark has none): each side lists every column by name, NULL where it has none."""
    sides = [union.this, union.expression]
    names = [_projection_names(side, union) for side in sides]
    every = list(dict.fromkeys(n for side in names for n in side))
    selects = [exp.select(*[exp.column(n) if n in have else exp.alias_(exp.Null(), n) for n in every])
               .from_(exp.Subquery(this=side.copy(), alias=exp.TableAlias(this=exp.to_identifier(f"_side{i}"))))
               for i, (side, have) in enumerate(zip(sides, names))]
    return exp.Union(this=selects[0], expression=selects[1], distinct=union.args.get("distinct"))


def _projection_names(select: exp.Expression, context: exp.Expression) -> list[str]:
    """The column names a SELECT gives, looking through `select *` from a CTE."""
    if not isinstance(select, exp.Select):
        raise TranslationError(f"union by name of a {type(select).__name__}: {select.sql('duckdb')}")
    if any(isinstance(e, exp.Star) for e in select.expressions):
        source = select.args["from_"].this
        cte = _cte(context, source.name) if isinstance(source, exp.Table) else None
        if cte is None or len(select.expressions) != 1:
            raise TranslationError(f"union by name over a star not from a CTE: {select.sql('duckdb')}")
        return _projection_names(cte.this, cte)
    return [e.alias_or_name for e in select.expressions]


def _cte(node: exp.Expression, name: str) -> exp.CTE | None:
    while node is not None:
        with_ = node.args.get("with_") if isinstance(node, exp.Select) else None
        for cte in (with_.expressions if with_ else []):
            if cte.alias == name:
                return cte
        node = node.parent
    return None


def _is_order_by_all(order: exp.Order) -> bool:
    items = order.expressions
    return len(items) == 1 and isinstance(items[0].this, exp.Var) and items[0].this.name.upper() == "ALL"


def _ordinals(order: exp.Order) -> exp.Order:
    """`order by all` as ordinals, nulls last as in DuckDB."""
    select = order.parent
    if not isinstance(select, exp.Select) or any(isinstance(e, exp.Star) for e in select.expressions):
        raise TranslationError(f"order by all over a star: {order.parent.sql('duckdb')}")
    return exp.Order(expressions=[exp.Ordered(this=exp.Literal.number(i + 1), nulls_first=False)
                                  for i in range(len(select.expressions))])
