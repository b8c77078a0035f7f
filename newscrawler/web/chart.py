"""Articles per day per site as an SVG line chart, drawn on the server.

The SVG needs no script: it reads in any browser, prints, and carries a
``<title>`` and a text table fallback for screen readers (the page adds it).
Days without articles count as zero, so a gap shows as a gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape

WIDTH, HEIGHT = 720, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 12, 48
# A colour-blind-safe palette (Okabe–Ito), cycled per site.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MAX_DAYS = 400


def day_range(counts: Mapping[str, Mapping[date, int]]) -> list[date]:
    """Every day from the first to the last counted one (the last ``MAX_DAYS`` at most).

    >>> day_range({"a": {date(2024, 1, 1): 1, date(2024, 1, 3): 2}})
    [datetime.date(2024, 1, 1), datetime.date(2024, 1, 2), datetime.date(2024, 1, 3)]
    """
    days = [d for per_site in counts.values() for d in per_site]
    if not days:
        return []
    last = max(days)
    first = max(min(days), last - timedelta(days=MAX_DAYS - 1))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def series(counts: Mapping[str, Mapping[date, int]], days: list[date]) -> dict[str, list[int]]:
    """Each site's count for every day, zero where it published nothing.

    >>> series({"a": {date(2024, 1, 3): 2}}, [date(2024, 1, 2), date(2024, 1, 3)])
    {'a': [0, 2]}
    """
    return {site: [per_day.get(d, 0) for d in days] for site, per_day in sorted(counts.items())}


def svg(counts: Mapping[str, Mapping[date, int]], title: str) -> str:
    """The chart as an SVG document fragment (empty string when there is nothing to draw)."""
    days = day_range(counts)
    if not days:
        return ""
    lines = series(counts, days)
    top = max(1, max(max(v) for v in lines.values()))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / max(1, len(days) - 1)

    def x(i: int) -> float:
        return MARGIN_LEFT + i * step

    def y(n: int) -> float:
        return MARGIN_TOP + plot_h * (1 - n / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        _axes(days, top),
    ]
    for index, (site, values) in enumerate(lines.items()):
        colour = COLOURS[index % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(n):.1f}" for i, n in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
            f"<title>{escape(site)}</title></polyline>"
        )
        parts.append(_legend(index, site, colour))
    parts.append("</svg>")
    return "\n".join(parts)


def _axes(days: list[date], top: int) -> str:
    bottom = HEIGHT - MARGIN_BOTTOM
    out = [
        f'<line x1="{MARGIN_LEFT}" y1="{bottom}" x2="{WIDTH - MARGIN_RIGHT}" y2="{bottom}" '
        'stroke="#555"/>',
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{bottom}" '
        'stroke="#555"/>',
        f'<text x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 10}" text-anchor="end" '
        f'font-size="11">{top}</text>',
        f'<text x="{MARGIN_LEFT - 6}" y="{bottom}" text-anchor="end" font-size="11">0</text>',
        f'<text x="{MARGIN_LEFT}" y="{bottom + 16}" font-size="11">{days[0].isoformat()}</text>',
        f'<text x="{WIDTH - MARGIN_RIGHT}" y="{bottom + 16}" text-anchor="end" '
        f'font-size="11">{days[-1].isoformat()}</text>',
    ]
    return "\n".join(out)


def _legend(index: int, site: str, colour: str) -> str:
    # Four entries a row, two rows at most below the axis (then the page's table says it).
    left = MARGIN_LEFT + (index % 4) * 170
    row = HEIGHT - 14 + min(index // 4, 1) * 13
    return (
        f'<rect x="{left}" y="{row - 9}" width="12" height="4" fill="{colour}"/>'
        f'<text x="{left + 16}" y="{row - 4}" font-size="11">{escape(site)}</text>'
    )
