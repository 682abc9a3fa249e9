"""Compact HTML tables for notebooks (the _repr_html_ methods)."""

from __future__ import annotations

import html
import math
from typing import Any, Iterable, List, Optional, Sequence

#: Background colours of RAG ratings (as yjpi-report's HTML).
RAG_COLOURS = {"red": "#f4cccc", "amber": "#fce5cd", "green": "#d9ead3"}
MAX_ROWS = 20


def num(x: Any, digits: int = 4) -> str:
    """A number for display: NaN as an empty cell, else 4 significant
    digits (the values themselves are never rounded)."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "yes" if x else ""
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        return "%.*g" % (digits, x)
    return html.escape(str(x))


def cell(x: Any, tag: str = "td", style: str = "") -> str:
    text = x if isinstance(x, _Raw) else html.escape("" if x is None
                                                      else str(x))
    st = ' style="%s"' % style if style else ""
    return "<%s%s>%s</%s>" % (tag, st, text, tag)


class _Raw(str):
    """Already escaped text."""


def raw(s: str) -> _Raw:
    return _Raw(s)


def rag_cell(rag: Optional[str]) -> str:
    colour = RAG_COLOURS.get(rag or "")
    return cell(rag or "", style="background:%s" % colour if colour else "")


def table(header: Sequence[str], rows: Iterable[Sequence[str]], total: int,
          caption: str = "") -> str:
    """rows are lists of ready <td> cells; at most MAX_ROWS are shown."""
    out: List[str] = ['<table class="yjpi">']
    if caption:
        out.append("<caption>%s</caption>" % html.escape(caption))
    out.append("<tr>%s</tr>" % "".join(cell(h, "th") for h in header))
    n = 0
    for r in rows:
        if n == MAX_ROWS:
            break
        out.append("<tr>%s</tr>" % "".join(r))
        n += 1
    out.append("</table>")
    if total > n:
        out.append("<p>... %d more rows (to_pandas() for all)</p>"
                   % (total - n))
    return "".join(out)


def interval(lower: float, upper: float) -> str:
    if math.isnan(lower) or math.isnan(upper):
        return ""
    return "%s to %s" % (num(lower), num(upper))


def value_rows(values: Iterable[Any]) -> Iterable[List[str]]:
    for v in values:
        yield [cell(v.indicator), cell(v.area), cell(v.period),
               cell("all" if v.group is None else v.group),
               cell(raw(num(v.value)), style="text-align:right"),
               cell(interval(v.lower, v.upper)), cell(v.unit),
               cell(v.status or "")]


VALUE_HEADER = ["indicator", "area", "period", "group", "value",
                "95% interval", "unit", "status"]
