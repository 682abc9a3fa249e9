"""Charts with matplotlib, when it is installed (never required): the chart
of ``yjpi-report --chart`` (values with their interval, benchmark series,
the target) and a funnel plot.  Every function draws on `ax` (a new figure
when None) and returns the matplotlib Axes."""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _names
from .errors import ArgumentError

#: Colours and dash patterns of benchmark lines (as yjpi-report's chart).
BENCHMARK_COLOURS = ("#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                     "#a6761d", "#666666", "#1b9e77")
BENCHMARK_DASHES = ((6, 4), (2, 3), (10, 3, 2, 3), (12, 6))
VALUE_COLOUR = "#1f78b4"


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    try:
        import importlib
        plt = importlib.import_module("matplotlib.pyplot")
    except ImportError as e:
        raise ImportError("plotting needs matplotlib, which is not "
                          "installed") from e
    _fig, new = plt.subplots(figsize=(7.6, 4.4))
    return new


def _label(indicator: str) -> str:
    return "%s (%s)" % (indicator, _names.UNITS.get(indicator, ""))


def plot_series(values: Sequence[Any], ax: Any = None,
                benchmarks: Optional[Dict[str, Dict[str, float]]] = None,
                target: Optional[float] = None, title: Optional[str] = None,
                label: Optional[str] = None) -> Any:
    """One series of Values (one indicator and area, periods in order):
    points joined by a line with the confidence interval as a band (NaN
    values leave a gap); `benchmarks` maps a name to {period: value},
    drawn dashed; `target` a horizontal line."""
    ax = _axes(ax)
    periods = [v.period for v in values]
    x = list(range(len(values)))
    y = [v.value for v in values]
    lo = [v.lower for v in values]
    hi = [v.upper for v in values]
    name = label or (values[0].area if values else "")
    ax.fill_between(x, lo, hi, color=VALUE_COLOUR, alpha=0.2, linewidth=0,
                    label="%s %.0f%% interval" % (
                        name, 100 * (values[0].confidence if values else 0.95)))
    ax.plot(x, y, marker="o", color=VALUE_COLOUR, label=name)
    for k, (bname, bvals) in enumerate((benchmarks or {}).items()):
        by = [bvals.get(p, math.nan) for p in periods]
        line, = ax.plot(x, by, color=BENCHMARK_COLOURS[k % 8],
                        marker=".", label=bname)
        line.set_dashes(BENCHMARK_DASHES[k % 4])
    if target is not None:
        ax.axhline(target, color="#333333", linewidth=1, label="target")
    ax.set_xticks(x)
    ax.set_xticklabels(periods)
    if values:
        ax.set_ylabel(_names.UNITS.get(values[0].indicator, ""))
        ax.set_title(title or "%s, %s" % (values[0].indicator,
                                          values[0].area))
    ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_values(values: Sequence[Any], ax: Any = None, **kw: Any) -> Any:
    """Each (indicator, area, group) of a ResultList as its own series over
    its periods (in the list's order)."""
    ax = _axes(ax)
    groups: Dict[Tuple[str, str, Optional[str]], List[Any]] = {}
    for v in values:
        groups.setdefault((v.indicator, v.area, v.group), []).append(v)
    if len(groups) == 1:
        return plot_series(next(iter(groups.values())), ax=ax, **kw)
    periods: List[str] = []
    for v in values:
        if v.period not in periods:
            periods.append(v.period)
    pos = {p: i for i, p in enumerate(periods)}
    for (ind, area, group), vs in groups.items():
        x = [pos[v.period] for v in vs]
        name = " ".join(t for t in (area, group or "") if t)
        if len({k[0] for k in groups}) > 1:
            name = ind + " " + name
        line, = ax.plot(x, [v.value for v in vs], marker="o", label=name)
        ax.fill_between(x, [v.lower for v in vs], [v.upper for v in vs],
                        color=line.get_color(), alpha=0.15, linewidth=0)
    ax.set_xticks(list(range(len(periods))))
    ax.set_xticklabels(periods)
    inds = {k[0] for k in groups}
    if len(inds) == 1:
        ax.set_ylabel(_names.UNITS.get(next(iter(inds)), ""))
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_assessment(a: Any, ax: Any = None) -> Any:
    """An Assessment: the trend points and the value with their intervals,
    each benchmark at the assessed period, the target bound; RAG in the
    title."""
    points = list(a.trend_points)
    if a.value is not None and (not points
                                or points[-1].period != a.value.period):
        points.append(a.value)
    bms = {bm.name or "benchmark": {a.period: bm.benchmark}
           for bm in a.benchmarks if not math.isnan(bm.benchmark)}
    bounds = [t.bound for t in a.targets if t.kind in ("max", "min")]
    title = "%s, %s, %s: RAG %s" % (a.indicator, a.area, a.period,
                                    a.rag.rag or "none")
    return plot_series(points, ax=ax, benchmarks=bms,
                       target=bounds[0] if bounds else None, title=title)


def _ends_with_word(name: str, word: str) -> bool:
    return name == word or name.endswith(" " + word)


def benchmark_shown(ref: Any, area: str, name: str) -> bool:
    """As yjpi-report: a benchmark named after a family or region is shown
    only for the areas of that family or region; others always."""
    if area != "*":
        a = ref.area(area)
        for w in (a.family, a.region):
            if w and _ends_with_word(name, w):
                return True
    for code in ref.areas:
        a = ref.area(code)
        for w in (a.family, a.region):
            if w and _ends_with_word(name, w):
                return False
    return True


def plot_chart(ds: Any, indicator: str, last: Any, area: str = "*",
               n: Optional[int] = None, ax: Any = None,
               reference: Any = None) -> Any:
    """The chart of ``yjpi-report --chart``: the last `n` periods (5 for
    years, else 8) of one indicator for one area with their intervals, the
    reference's benchmark series for the indicator, and a max/min target
    for the area (or every area) in the last period."""
    from .period import Period, PeriodKind
    p = Period.of(last)
    if n is None:
        n = 5 if p.kind in (PeriodKind.FINANCIAL_YEAR, PeriodKind.YEAR) else 8
    kw = {} if reference is None else {"reference": reference}
    values = ds.compute_series(p, n, indicators=indicator, areas=area, **kw)
    ref = reference if reference is not None else ds.reference
    bms: Dict[str, Dict[str, float]] = {}
    target = None
    if ref is not None:
        periods = [v.period for v in values]
        for b in ref.benchmarks(periods):
            if b.indicator == indicator and b.values and \
                    benchmark_shown(ref, area, b.name):
                bms[b.name] = b.values
        for t in ref.targets:
            if t.indicator == indicator and t.kind in ("max", "min") and \
                    t.area in ("*", area) and t.period == str(p):
                target = t.bound
    return plot_series(list(values), ax=ax, benchmarks=bms, target=target)


def funnel_plot(values: Sequence[Any], ax: Any = None,
                levels: Sequence[float] = (0.95, 0.998),
                label_outliers: bool = True) -> Any:
    """A funnel plot of one indicator across areas (or groups): each value
    against its denominator (population, cohort size, ...), with control
    limits around the overall value at `levels` (normal approximation:
    binomial for proportions, Poisson for rates and means).  Values that
    cannot be computed are left out."""
    from statistics import NormalDist
    ax = _axes(ax)
    vs = [v for v in values if v.status is None and v.denominator > 0]
    if not vs:
        raise ArgumentError("funnel_plot needs computable values", code=2)
    inds = {v.indicator for v in vs}
    if len(inds) != 1:
        raise ArgumentError("funnel_plot needs values of one indicator",
                            code=2)
    ind = inds.pop()
    from . import indicator_info
    measure = indicator_info(ind)["measure"]
    if measure == "count":
        raise ArgumentError("a funnel plot needs a rate, proportion or mean, "
                            "not a count", code=2)
    den = sum(v.denominator for v in vs)
    centre = sum(v.value * v.denominator for v in vs) / den
    scale = 100.0 if measure == "proportion" else next(
        (v.value * v.denominator / v.numerator for v in vs if v.numerator),
        1.0)
    xmax = max(v.denominator for v in vs) * 1.05
    xmin = max(min(v.denominator for v in vs) * 0.5, 1e-9)
    steps = 200
    xs = [xmin + (xmax - xmin) * i / steps for i in range(steps + 1)]

    def sd(n: float) -> float:
        if measure == "proportion":
            return math.sqrt(max(centre * (scale - centre), 0.0) / n)
        return math.sqrt(max(centre * scale, 0.0) / n)

    ax.axhline(centre, color="#333333", linewidth=1, label="overall")
    for k, level in enumerate(levels):
        z = NormalDist().inv_cdf(0.5 + level / 2)
        style = "--" if k == 0 else ":"
        ax.plot(xs, [centre + z * sd(x) for x in xs], style, color="#888888",
                label="%g%% limits" % (100 * level))
        ax.plot(xs, [max(centre - z * sd(x), 0.0) for x in xs], style,
                color="#888888")
    ax.scatter([v.denominator for v in vs], [v.value for v in vs],
               color=VALUE_COLOUR, zorder=3)
    if label_outliers and levels:
        z = NormalDist().inv_cdf(0.5 + max(levels) / 2)
        for v in vs:
            if abs(v.value - centre) > z * sd(v.denominator):
                ax.annotate(v.group or v.area, (v.denominator, v.value),
                            fontsize="small", xytext=(3, 3),
                            textcoords="offset points")
    ax.set_xlabel("denominator (population, cohort or occasions)")
    ax.set_ylabel(_label(ind))
    ax.set_title("%s, %s" % (ind, vs[0].period))
    ax.legend(loc="best", fontsize="small")
    return ax


__all__ = ["plot_series", "plot_values", "plot_assessment", "plot_chart",
           "funnel_plot"]
