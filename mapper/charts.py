"""Small server-rendered SVG bar charts of counts over time, with a title for screen readers."""
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

MAX_MONTH_BARS = 120  # beyond ten years of months the bars are too thin: count by year instead
WIDTH, HEIGHT = 640, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 10, 12, 34


@dataclass(frozen=True)
class Bar:
    """One period of the series: its first day, its label and its count."""

    start: dt.date
    label: str
    count: int


def _month_starts(first, last):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield dt.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def time_series(dates):
    """(bucket, bars): counts per month from the first to the last month with a date (empty months
    included), or per year when that would be more than MAX_MONTH_BARS bars. Undated items are left out."""
    known = [d for d in dates if d is not None]
    if not known:
        return "month", []
    first, last = min(known), max(known)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_MONTH_BARS:
        counts = Counter(dt.date(d.year, d.month, 1) for d in known)
        return "month", [Bar(m, m.strftime("%Y-%m"), counts.get(m, 0)) for m in _month_starts(first, last)]
    counts = Counter(d.year for d in known)
    return "year", [Bar(dt.date(y, 1, 1), str(y), counts.get(y, 0)) for y in range(first.year, last.year + 1)]


def _tick_labels(bars):
    """Indices of the bars labelled on the axis: about eight, always the first and the last."""
    if not bars:
        return set()
    step = max(1, round(len(bars) / 8))
    return set(range(0, len(bars), step)) | {len(bars) - 1}


def bar_chart_svg(bars, title, description, element_id="chart"):
    """An accessible inline SVG bar chart: role=img with a <title> and <desc>, one <title> per bar."""
    plot_w, plot_h = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max((b.count for b in bars), default=0) or 1
    slot = plot_w / max(1, len(bars))
    bar_w = max(1.0, slot * 0.8)
    labelled = _tick_labels(bars)
    rects, ticks = [], []
    for index, bar in enumerate(bars):
        h = plot_h * bar.count / top
        x = MARGIN_LEFT + index * slot + (slot - bar_w) / 2
        rects.append((f"{x:.1f}", f"{MARGIN_TOP + plot_h - h:.1f}", f"{bar_w:.1f}", f"{h:.1f}",
                      bar.start.isoformat(), bar.count, bar.label, bar.count))
        if index in labelled:
            ticks.append((f"{x + bar_w / 2:.1f}", HEIGHT - MARGIN_BOTTOM + 16, bar.label))
    bars_svg = format_html_join(
        "", '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" data-period="{}" data-count="{}">'
            "<title>{}: {}</title></rect>", rects)
    ticks_svg = format_html_join(
        "", '<text class="chart-tick" x="{}" y="{}" text-anchor="middle">{}</text>', ticks)
    axis_y = MARGIN_TOP + plot_h
    frame = format_html(
        '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="chart-tick" x="{}" y="{}" text-anchor="end">0</text>',
        MARGIN_LEFT, axis_y, WIDTH - MARGIN_RIGHT, axis_y,
        MARGIN_LEFT - 6, MARGIN_TOP + 10, top, MARGIN_LEFT - 6, axis_y)
    return format_html(
        '<svg class="bar-chart" id="{id}" viewBox="0 0 {w} {h}" role="img" direction="ltr" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{frame}{bars}{ticks}</svg>',
        id=element_id, w=WIDTH, h=HEIGHT, title=title, desc=description, frame=frame,
        bars=bars_svg or mark_safe(""), ticks=ticks_svg or mark_safe(""))
