"""``scrapy report -o report.html``: the archive at a glance, in one self-contained HTML file.

Sections: totals per outlet; articles per month per outlet (every month from the first to the
last, so a month with nothing shows as a drop to zero, and months with no article at all are
shaded and listed); field coverage per outlet × template (the share of records with each field
present: an empty string or list counts as missing, as in the run's coverage floors); the 20 most
quoted or credited sources; stories across outlets (who published first, who copied); the last
runs and their status.

The plots are matplotlib figures written as SVG *inline* in the page, with their text kept as
text (``svg.fonttype = none``) so the browser shapes Arabic properly and the file stays small.
Nothing is loaded from anywhere: no script, no stylesheet, no font, no image URL; the file can be
mailed and opened offline. Everything is gathered in one streaming pass over a few columns, so
the report of a 200,000-article archive needs no more memory than that of a small one.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, case, func, select

from crawler.archive.neardup import normalize
from crawler.archive.schema import articles
from crawler.archive.search import publication_day
from crawler.readers import stories as stories_mod
from crawler.readers.records import decode

#: the fields whose coverage is shown, in this order
COVERAGE_FIELDS = (
    "title",
    "body",
    "published_at",
    "modified_at",
    "authors",
    "section",
    "tags",
    "images",
    "videos",
    "quoted_sources",
)
TOP_SOURCES = 20
LAST_RUNS = 20
RECENT_STORIES = 15
STATUS_COLOURS = {"OK": "#1a7f37", "DEGRADED": "#b35900", "FAILED": "#c62828", "LOCKED": "#6a737d"}
OUTLET_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")


@dataclass
class Gathered:
    """What the report shows, gathered in one pass."""

    total: int = 0
    per_outlet: Counter[str] = field(default_factory=Counter)
    first_day: dict[str, date] = field(default_factory=dict)
    last_day: dict[str, date] = field(default_factory=dict)
    copies: Counter[str] = field(default_factory=Counter)
    monthly: Counter[tuple[str, str]] = field(default_factory=Counter)
    coverage: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    templates: Counter[tuple[str, str]] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    source_names: dict[str, Counter[tuple[str, str]]] = field(default_factory=lambda: defaultdict(Counter))


def _present(value: Any) -> bool:
    return value not in (None, "", "[]", "null", 0)


def gather(conn: Connection, batch: int = 1000) -> Gathered:
    """Counts over the whole archive, streaming a few columns (no body, no title: their length)."""
    g = Gathered()
    has_title = case((func.coalesce(func.length(articles.c.title), 0) > 0, 1), else_=0).label("title")
    has_body = case((func.coalesce(func.length(articles.c.body), 0) > 0, 1), else_=0).label("body")
    columns = [
        articles.c.outlet,
        articles.c.article_id,
        articles.c.template,
        articles.c.published_at,
        articles.c.duplicate_of,
        has_title,
        has_body,
        *(articles.c[name] for name in COVERAGE_FIELDS if name not in ("title", "body", "published_at")),
    ]
    rows = conn.execution_options(stream_results=True, yield_per=batch).execute(select(*columns))
    for row in rows:
        data = row._mapping
        outlet, template = data["outlet"], data["template"] or "?"
        g.total += 1
        g.per_outlet[outlet] += 1
        if data["duplicate_of"]:
            g.copies[outlet] += 1
        try:
            day = publication_day(data["published_at"])
        except ValueError:
            day = None
        if day is not None:
            g.monthly[(outlet, day.strftime("%Y-%m"))] += 1
            g.first_day[outlet] = min(day, g.first_day.get(outlet, day))
            g.last_day[outlet] = max(day, g.last_day.get(outlet, day))
        key = (outlet, template)
        g.templates[key] += 1
        counter = g.coverage[key]
        for name in COVERAGE_FIELDS:
            if _present(data[name]):
                counter[name] += 1
        sources = data["quoted_sources"]
        if sources and sources != "[]":
            seen = set()
            decoded = decode({"outlet": outlet, "article_id": data["article_id"], "quoted_sources": sources})
            for source in decoded["quoted_sources"]:
                name = str(source.get("name") or "").strip()
                norm = normalize(name)
                if not norm or norm in seen:
                    continue
                seen.add(norm)
                g.sources[norm] += 1
                g.source_names[norm][(name, str(source.get("kind") or ""))] += 1
    return g


# -- plots --------------------------------------------------------------------------------------------


def _svg(fig) -> str:
    """A matplotlib figure as an inline ``<svg>`` element: text as text, no XML prolog, no metadata."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    return svg.replace("<svg ", '<svg role="img" class="plot" ', 1)


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _style():
    import matplotlib

    return matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "syrian-news-report",
            "font.family": ["DejaVu Sans"],
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _whole_numbers():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def gaps(months: Sequence[str], counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """Runs of months with no article: (first, last, how many)."""
    found, start, length = [], None, 0
    for month in [*months, None]:
        if month is not None and not counts.get(month):
            start, length = start or month, length + 1
            continue
        if start is not None:
            found.append((start, months[months.index(start) + length - 1], length))
        start, length = None, 0
    return found


def monthly_plot(g: Gathered, outlets: Sequence[str]) -> tuple[str, list[str]]:
    """The plot of articles per month per outlet, and lines naming the gaps."""
    if not g.monthly:
        return "", []
    known = sorted({m for _, m in g.monthly})
    months = months_between(known[0], known[-1])
    total = Counter[str]()
    for (_, month), n in g.monthly.items():
        total[month] += n
    notes = []
    with _style():
        fig = _figure(10, 3.4)
        ax = fig.add_subplot()
        xs = list(range(len(months)))
        for i, outlet in enumerate(outlets):
            ys = [g.monthly.get((outlet, m), 0) for m in months]
            ax.plot(xs, ys, drawstyle="steps-mid", label=outlet, color=OUTLET_COLOURS[i % len(OUTLET_COLOURS)], lw=1.4)
            mine = [m for m in months if g.monthly.get((outlet, m))]
            if mine:
                span = months_between(mine[0], mine[-1])
                inner = gaps(span, {m: g.monthly.get((outlet, m), 0) for m in span})
                if inner:
                    listed = ", ".join(f"{a}" if n == 1 else f"{a} – {b} ({n})" for a, b, n in inner[:8])
                    more = f" and {len(inner) - 8} more" if len(inner) > 8 else ""
                    notes.append(f"{outlet}: {sum(n for *_, n in inner)} months without an article: {listed}{more}")
        for start, end, _ in gaps(months, dict(total)):
            a, b = months.index(start), months.index(end)
            ax.axvspan(a - 0.5, b + 0.5, color="#c62828", alpha=0.12, lw=0)
        step = max(1, len(months) // 12)
        ax.set_xticks(xs[::step], [months[i] for i in xs[::step]], rotation=45, ha="right")
        ax.set_ylabel("articles")
        ax.yaxis.set_major_locator(_whole_numbers())
        ax.set_xlim(-0.5, len(months) - 0.5)
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper left", frameon=False)
        ax.set_title("Articles per month (shaded: no article from any outlet)", loc="left")
        return _svg(fig), notes


def coverage_plot(g: Gathered) -> str:
    keys = sorted(g.templates)
    if not keys:
        return ""
    shares = [[100.0 * g.coverage[k][f] / g.templates[k] for f in COVERAGE_FIELDS] for k in keys]
    with _style():
        fig = _figure(10, 0.9 + 0.42 * len(keys))
        ax = fig.add_subplot()
        # vector cells (pcolormesh), not an embedded bitmap (imshow)
        ax.pcolormesh(shares, cmap="RdYlGn", vmin=0, vmax=100, edgecolors="white", linewidth=1)
        ax.invert_yaxis()
        ax.set_xticks([x + 0.5 for x in range(len(COVERAGE_FIELDS))], COVERAGE_FIELDS, rotation=30, ha="right")
        ax.set_yticks([y + 0.5 for y in range(len(keys))], [f"{o} / {t} ({g.templates[(o, t)]})" for o, t in keys])
        ax.tick_params(length=0)
        for y, row in enumerate(shares):
            for x, value in enumerate(row):
                ax.text(x + 0.5, y + 0.5, f"{value:.0f}%", ha="center", va="center", fontsize=8, color="black")
        ax.set_title("Field coverage per outlet / template (records)", loc="left")
        ax.spines[:].set_visible(False)
        return _svg(fig)


def top_sources(g: Gathered, n: int = TOP_SOURCES) -> list[tuple[str, str, int]]:
    """(name as most often written, kind, articles) of the ``n`` most quoted sources."""
    out = []
    for norm, articles_quoting in g.sources.most_common(n):
        (name, kind), _ = g.source_names[norm].most_common(1)[0]
        out.append((name, kind, articles_quoting))
    return out


def sources_plot(top: list[tuple[str, str, int]]) -> str:
    if not top:
        return ""
    with _style():
        fig = _figure(10, 0.8 + 0.28 * len(top))
        ax = fig.add_subplot()
        labels = [f"{name} ({kind})" if kind else name for name, kind, _ in top][::-1]
        values = [n for *_, n in top][::-1]
        ax.barh(range(len(top)), values, color="#1f77b4")
        ax.set_yticks(range(len(top)), labels)
        for y, value in enumerate(values):
            ax.text(value, y, f" {value}", va="center", fontsize=8)
        ax.set_xlabel("articles quoting or crediting")
        ax.xaxis.set_major_locator(_whole_numbers())
        ax.set_title(f"The {len(top)} most quoted sources", loc="left")
        return _svg(fig)


def stories_plot(pairs: Counter[tuple[str, str]]) -> str:
    if not pairs:
        return ""
    items = pairs.most_common()
    with _style():
        fig = _figure(10, 0.8 + 0.35 * len(items))
        ax = fig.add_subplot()
        ax.barh(range(len(items)), [n for _, n in items][::-1], color="#9467bd")
        ax.set_yticks(range(len(items)), [f"{a} first → copied by {b}" for (a, b), _ in items][::-1])
        ax.set_xlabel("stories")
        ax.xaxis.set_major_locator(_whole_numbers())
        ax.set_title("Stories across outlets: who published first, who copied", loc="left")
        return _svg(fig)


# -- the page -----------------------------------------------------------------------------------------

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
.muted{color:#666} table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
td,th{border-bottom:1px solid #eee;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} .num{text-align:right;font-variant-numeric:tabular-nums}
.status{color:#fff;border-radius:3px;padding:.05rem .4rem;font-size:.8rem;font-weight:bold}
svg.plot{max-width:100%;height:auto;display:block} .cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:12rem}
.card b{font-size:1.4rem;display:block} ul.notes{font-size:.9rem}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    head = "".join(
        f'<th class="num">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _day(value: str | None) -> str:
    try:
        found = publication_day(value)
    except ValueError:
        found = None
    return found.isoformat() if found else "—"


def render(conn: Connection, engine: Engine, *, archive: str = "", now: datetime | None = None) -> str:
    """The whole report as one HTML document."""
    from crawler.ops import runs as run_history

    now = now or datetime.now(UTC)
    g = gather(conn)
    outlets = sorted(g.per_outlet)
    stories = stories_mod.load(conn)
    cross = [(sid, members) for sid, members in stories.in_order() if len({m.outlet for m in members}) > 1]
    pairs: Counter[tuple[str, str]] = Counter()
    for _, members in cross:
        for outlet in dict.fromkeys(m.outlet for m in members[1:]):
            if outlet != members[0].outlet:
                pairs[(members[0].outlet, outlet)] += 1
    last_runs = run_history.history(engine, limit=LAST_RUNS)
    top = top_sources(g)
    monthly_svg, gap_notes = monthly_plot(g, outlets)

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Syrian news archive — report {now:%Y-%m-%d}</title><style>{CSS}</style></head><body>",
        "<h1>Syrian news archive</h1>",
        f'<p class="muted">Report of {_e(archive)} made {now:%Y-%m-%d %H:%M} UTC: '
        f"{g.total} articles; copies of another record: {sum(g.copies.values())}; stories of copies: {len(stories)}.</p>",
        '<div class="cards">',
    ]
    for outlet in outlets:
        span = f"{g.first_day[outlet]} – {g.last_day[outlet]}" if outlet in g.first_day else "no dates"
        parts.append(
            f'<div class="card">{_e(outlet)}<b>{g.per_outlet[outlet]}</b>'
            f'<span class="muted">{span}; copies: {g.copies[outlet]}</span></div>'
        )
    parts.append("</div>")

    parts.append('<h2 id="months">Articles per month</h2>')
    parts.append(monthly_svg or '<p class="muted">No article yet.</p>')
    if gap_notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in gap_notes) + "</ul>")

    parts.append('<h2 id="coverage">Field coverage</h2>')
    parts.append(coverage_plot(g) or '<p class="muted">No article yet.</p>')

    parts.append('<h2 id="sources">Most quoted sources</h2>')
    parts.append(sources_plot(top) or '<p class="muted">No quoted source yet.</p>')

    parts.append('<h2 id="stories">Stories across outlets</h2>')
    if cross:
        parts.append(stories_plot(pairs))
        rows = []
        for story_id, members in list(reversed(cross))[:RECENT_STORIES]:
            who = "<br>".join(
                f'{_e(m.outlet)} {_e(_day(m.published_at))} <a href="{_e(m.url)}">{_e(m.article_id)}</a>'
                for m in members
            )
            rows.append([_e(story_id), f'<span dir="auto">{_e(members[0].title)}</span>', who])
        parts.append(f'<p class="muted">The {len(rows)} most recent of {len(cross)}:</p>')
        parts.append(_table(["story", "title (first record)", "published by, in order"], rows))
    else:
        parts.append('<p class="muted">No story across outlets yet.</p>')

    parts.append('<h2 id="runs">Last runs</h2>')
    if last_runs:
        rows = []
        for run in last_runs:
            status = run["status"] or "-"
            colour = STATUS_COLOURS.get(status, "#6a737d")
            counts = run["counts"]
            alarm = "; ".join(a.get("message", "") for a in run["alarms"][:2])
            rows.append(
                [
                    _e((run["started_at"] or "")[:16].replace("T", " ")),
                    _e(run["spider"]),
                    _e(run["mode"]),
                    f'<span class="status" style="background:{colour}">{_e(status)}</span>',
                    _e(run["exit_code"]),
                    _e(counts.get("stored", 0)),
                    _e(counts.get("updated", 0)),
                    _e(counts.get("errors", 0)),
                    _e(counts.get("requests", 0)),
                    f'<span dir="auto">{_e(alarm)}</span>',
                ]
            )
        header = [
            "started (UTC)",
            "spider",
            "mode",
            "status",
            "exit",
            "stored",
            "updated",
            "errors",
            "requests",
            "alarms",
        ]
        parts.append(_table(header, rows, numeric=(4, 5, 6, 7, 8)))
    else:
        parts.append('<p class="muted">No run recorded yet.</p>')
    parts.append("</body></html>")
    return "\n".join(parts)
