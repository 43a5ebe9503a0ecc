"""The coverage chart as a PNG for a phone (1080x1350): one row of dots per outlet over time, disputes below.

matplotlib (Agg, no pyplot) is imported here only, and this module only when a chart is drawn. Text is
passed to matplotlib as it is written: matplotlib 3.11 shapes and orders Arabic itself (libraqm), so it
must not be reshaped or reversed beforehand (that would come out backwards).
"""

from __future__ import annotations

import io
import textwrap
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from matplotlib import dates as mdates
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.chart.data import Coverage, Dispute, DisputeSide, OutletSeries
from bot.messages import text

WIDTH_PX, HEIGHT_PX, DPI = 1080, 1350, 100
FONT_FAMILY = "Noto Sans Arabic"  # its Latin letters and digits serve English labels too
COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#d62728",
)  # fmt: skip
OTHERS_COLOUR = "#b0b0b0"
DISPUTE_COLOUR = "#c0392b"
SIDE_COLOURS = {"affirmed": "#1f4e79", "denied": "#a93226"}
TITLE_PT, BODY_PT, SMALL_PT = 25, 17, 14
MARGIN = 0.05  # of the width, each side
LABEL_CHARS = 24  # an outlet's name on its row, at most
DISPUTE_LABEL_LINES, SIDE_LINES = 2, 2
MAX_TICKS = 6  # dates along the time axis
DIGIT_PT = 8.0  # the width of a digit inside a dot, in points
AXIS_LABELS = 0.125  # below the timeline: its dates and the axis's two lines, of the figure's height
FOOTER = 0.07  # the undated note at the bottom
# One render at a time: matplotlib shares its FreeType font objects between figures, across threads.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class _Direction:
    """Where text starts in the reader's language: the left edge for English, the right one for Arabic."""

    rtl: bool

    @property
    def x(self) -> float:
        return 1 - MARGIN if self.rtl else MARGIN

    @property
    def align(self) -> str:
        return "right" if self.rtl else "left"


@lru_cache(maxsize=1)
def font_path() -> Path:
    """The bundled font file (a PyPI package), registered with matplotlib once."""
    import fontpkg

    path = Path(fontpkg.path(FONT_FAMILY))
    font_manager.fontManager.addfont(str(path))
    return path


def render_png(chart: Coverage, language: str) -> bytes:
    """The chart as PNG bytes, 1080x1350 px, every label in ``language``."""
    font_path()
    # Every text in the chart's font: matplotlib's default (DejaVu Sans) would draw Arabic unlike it.
    with _LOCK, rc_context({"font.family": FONT_FAMILY}):
        figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        where = _Direction(language == "ar")
        y = _title(figure, chart, language, where)
        bottom = timeline_bottom(chart.disputes)
        _timeline(figure, chart, language, where, top=y - 0.02, bottom=bottom)
        _disputes(figure, chart.disputes, language, where, top=bottom - AXIS_LABELS - 0.01)
        if chart.undated:
            _line(figure, text(language, "chart.undated", count=chart.undated), 0.04, where, SMALL_PT, "#555")
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _height(points: float) -> float:
    """A line of text at ``points``, as a fraction of the figure's height."""
    return points * DPI / 72 * 1.45 / HEIGHT_PX


def _wrap(value: str, points: float, lines: int) -> list[str]:
    """``value`` in lines that fit the width at ``points``, at most ``lines`` (the last cut with …)."""
    width = int(WIDTH_PX * (1 - 2 * MARGIN) / (points * DPI / 72 * 0.55))
    wrapped = textwrap.wrap(" ".join(value.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def _line(figure: Figure, value: str, y: float, where: _Direction, points: float, colour: str) -> None:
    figure.text(
        where.x, y, value, ha=where.align, va="top", fontsize=points, color=colour, family=FONT_FAMILY
    )


def _title(figure: Figure, chart: Coverage, language: str, where: _Direction) -> float:
    """The story's title and counts at the top; returns where the next block may start."""
    y = 0.975
    for line in _wrap(chart.story.title(language), TITLE_PT, 2):
        _line(figure, line, y, where, TITLE_PT, "#111")
        y -= _height(TITLE_PT)
    story = chart.story
    disputes = (
        text(language, "story_disputed", count=story.disputed)
        if story.disputed
        else text(language, "story_undisputed")
    )
    span = _span(chart.first_at, chart.last_at)
    counts = text(
        language, "story_counts", span=span, articles=story.articles, outlets=story.outlets, disputes=disputes
    )
    _line(figure, counts, y - 0.004, where, BODY_PT, "#444")
    y -= _height(BODY_PT) + 0.012
    _line(figure, text(language, "chart.heading"), y, where, BODY_PT + 2, "#111")
    return y - _height(BODY_PT + 2)


def _span(first: datetime, last: datetime) -> str:
    start, end = first.date().isoformat(), last.date().isoformat()
    return start if start == end else f"{start} – {end}"


def _row_name(row: OutletSeries, language: str) -> str:
    if row.others:
        return text(language, "chart.others", count=row.outlets)
    name = row.name or text(language, "source.unknown")
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def timeline_bottom(disputes: tuple[Dispute, ...]) -> float:
    """Where the timeline ends: low enough to give it the room the disputes below it leave."""
    lines = sum(DISPUTE_LABEL_LINES + len(d.sides) for d in disputes) or 1
    needed = _height(BODY_PT + 2) + lines * _height(BODY_PT) + 0.012 * len(disputes)
    return min(max(AXIS_LABELS + FOOTER + needed, 0.34), 0.52)


def _timeline(
    figure: Figure, chart: Coverage, language: str, where: _Direction, *, top: float, bottom: float
) -> None:
    """One row per outlet, a dot per time bin sized by its articles; dashed lines where disputes begin."""
    label_room, count_room = 0.30, 0.07
    left = MARGIN + (count_room if where.rtl else label_room)
    axes = figure.add_axes((left, bottom, 1 - 2 * MARGIN - label_room - count_room, top - bottom))
    rows = chart.rows
    biggest = max((n for row in rows for _s, n in row.bins), default=1)
    for index, row in enumerate(rows):
        y = len(rows) - 1 - index
        colour = OTHERS_COLOUR if row.others else COLOURS[index % len(COLOURS)]
        half = chart.bin_width / 2
        xs = [mdates.date2num(start + half) for start, _n in row.bins]
        sizes = [120 + 900 * n / biggest for _s, n in row.bins]
        axes.scatter(xs, [y] * len(xs), s=sizes, color=colour, alpha=0.85, zorder=3, linewidths=0)
        for x, size, (_s, n) in zip(xs, sizes, row.bins, strict=True):
            if n > 1 and len(str(n)) * DIGIT_PT <= size**0.5:  # the count only where it fits its dot
                axes.text(x, y, str(n), ha="center", va="center", fontsize=SMALL_PT - 2, color="white",
                          zorder=4, family=FONT_FAMILY)  # fmt: skip
        axes.text(
            1.015 if not where.rtl else -0.015, y, str(row.articles), transform=axes.get_yaxis_transform(),
            ha="left" if not where.rtl else "right", va="center", fontsize=SMALL_PT, color="#333",
            family=FONT_FAMILY,
        )  # fmt: skip
    _dispute_marks(axes, chart, len(rows))
    _axes_style(axes, chart, language, where)


def _ticks(span: timedelta) -> Any:
    """At most MAX_TICKS ticks on whole hours or days across ``span``."""
    for hours in (1, 2, 3, 6, 12):
        if span / timedelta(hours=hours) <= MAX_TICKS:
            return mdates.HourLocator(byhour=range(0, 24, hours))
    days = next((d for d in (1, 2, 7, 14) if span / timedelta(days=d) <= MAX_TICKS), None)
    if days is not None:
        return mdates.DayLocator(interval=days)
    return mdates.AutoDateLocator(maxticks=MAX_TICKS)


def _dispute_marks(axes: Any, chart: Coverage, rows: int) -> None:
    for number, dispute in enumerate(chart.disputes, 1):
        if dispute.first_at is None:
            continue
        x = mdates.date2num(dispute.first_at)
        axes.axvline(x, color=DISPUTE_COLOUR, linestyle="--", linewidth=1.6, zorder=2)
        axes.text(
            x, rows - 0.35, str(number), ha="center", va="bottom", fontsize=SMALL_PT - 2, color="white",
            family=FONT_FAMILY, zorder=5,
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": DISPUTE_COLOUR, "edgecolor": "none"},
        )  # fmt: skip


def _row_labels(axes: Any, names: list[str], where: _Direction) -> None:
    """The outlets' names beside their rows: right-aligned against the right edge in Arabic."""
    axes.set_yticks(range(len(names)))
    if not where.rtl:
        axes.set_yticklabels(names, fontsize=BODY_PT - 1)
        return
    axes.set_yticklabels([])
    box = axes.get_position()
    edge = (1 - MARGIN - box.x0) / box.width  # the figure's right margin, in the axes' own units
    for y, name in enumerate(names):
        axes.text(
            edge, y, name, transform=axes.get_yaxis_transform(), ha="right", va="center",
            fontsize=BODY_PT - 1, family=FONT_FAMILY,
        )  # fmt: skip


def _axes_style(axes: Any, chart: Coverage, language: str, where: _Direction) -> None:
    """Outlet names on the reader's side, numeric dates (the same in both languages), a light grid."""
    rows = chart.rows
    _row_labels(axes, [_row_name(r, language) for r in reversed(rows)], where)
    # Ticks are made anew when drawn: their font is set on the axis, not on the labels of the moment.
    axes.tick_params(axis="both", labelfontfamily=FONT_FAMILY)
    if where.rtl:
        axes.yaxis.tick_right()
    axes.set_ylim(-0.7, len(rows) - 0.1 + 0.6)
    pad = max(chart.bin_width, timedelta(hours=1))
    axes.set_xlim(mdates.date2num(chart.first_at - pad), mdates.date2num(chart.last_at + pad * 2))
    daily = chart.last_at - chart.first_at >= timedelta(days=4)
    axes.xaxis.set_major_locator(_ticks(chart.last_at - chart.first_at + 3 * pad))
    # Month and day (the year is in the span above); the hour too when the story is a few days long.
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d" if daily else "%m-%d\n%H:%M"))
    axes.tick_params(axis="x", labelsize=SMALL_PT)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color="#e5e5e5", zorder=0)
    for side in ("top", "left", "right"):
        axes.spines[side].set_visible(False)
    hours = int(chart.bin_width.total_seconds() // 3600)
    dot = (
        text(language, "chart.dot.hours", n=hours)
        if hours < 24
        else text(language, "chart.dot.days", n=hours // 24)
    )
    axes.set_xlabel(
        f"{text(language, 'chart.time_axis')}\n{dot}", fontsize=SMALL_PT, color="#444", family=FONT_FAMILY
    )


def _disputes(
    figure: Figure, disputes: tuple[Dispute, ...], language: str, where: _Direction, *, top: float
) -> None:
    """Each disputed point, numbered as on the timeline, with each side and the outlets that carry it."""
    _line(figure, text(language, "chart.disputes"), top, where, BODY_PT + 2, "#111")
    y = top - _height(BODY_PT + 2) - 0.006
    if not disputes:
        _line(figure, text(language, "chart.no_disputes"), y, where, BODY_PT, "#444")
        return
    badge_x = where.x
    indent = 0.05 if not where.rtl else -0.05
    for number, dispute in enumerate(disputes, 1):
        label = _wrap(dispute.label, BODY_PT, DISPUTE_LABEL_LINES)
        if y - (len(label) + len(dispute.sides)) * _height(BODY_PT) < FOOTER - 0.02:
            break  # no room left above the footer: the timeline still marks it
        figure.text(
            badge_x + (0.018 if not where.rtl else -0.018), y - 0.004, str(number), ha="center",
            va="top", fontsize=SMALL_PT, color="white", family=FONT_FAMILY,
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": DISPUTE_COLOUR, "edgecolor": "none"},
        )  # fmt: skip
        for line in label:
            figure.text(
                where.x + indent, y, line, ha=where.align, va="top", fontsize=BODY_PT, color="#111",
                family=FONT_FAMILY,
            )  # fmt: skip
            y -= _height(BODY_PT)
        for side in dispute.sides:
            y = _side(
                figure, side_pieces(side, language), y, where, indent, SIDE_COLOURS.get(side.stance, "#333")
            )
        y -= 0.012


def side_pieces(side: DisputeSide, language: str) -> list[str]:
    """One side of a dispute in pieces of one script each: heading, (speaker), ":", outlets and commas.

    Each piece is laid out by itself, in the reader's direction, so an Arabic outlet in an English line
    (or a Latin one in an Arabic line) never reorders its neighbours.
    """
    pieces = [text(language, "side_denied" if side.stance == "denied" else "side_affirmed")]
    if side.speaker:
        pieces.append(f"({side.speaker})")
    pieces.append(text(language, "chart.colon"))
    comma = text(language, "chart.comma")
    for index, outlet in enumerate(side.outlets):
        if index:
            pieces.append(comma)
        pieces.append(outlet or text(language, "source.unknown"))
    return pieces


def _side(
    figure: Figure, pieces: list[str], y: float, where: _Direction, indent: float, colour: str
) -> float:
    """Lay ``pieces`` out one after another from the reader's edge, onto a new line when one is full."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    points = BODY_PT - 1
    prop = font_manager.FontProperties(family=FONT_FAMILY, size=points)
    space = (
        renderer.get_text_width_height_descent("a b", prop, False)[0]
        - renderer.get_text_width_height_descent("ab", prop, False)[0]
    )
    start = (where.x + indent) * WIDTH_PX
    end = (1 - where.x) * WIDTH_PX
    x, lines = start, 1
    punctuation = {text(lang, key) for lang in ("ar", "en") for key in ("chart.colon", "chart.comma")}
    for index, piece in enumerate(pieces):
        width = renderer.get_text_width_height_descent(piece, prop, False)[0]
        gap = 0.0 if index == 0 or piece in punctuation else space
        room = (x - end) if where.rtl else (end - x)
        if index and gap + width > room and lines < SIDE_LINES:
            x, lines, gap = start, lines + 1, 0.0
            y -= _height(points)
        x = x - gap if where.rtl else x + gap
        figure.text(
            x / WIDTH_PX, y, piece, ha=where.align, va="top", fontsize=points, color=colour,
            family=FONT_FAMILY,
        )  # fmt: skip
        x = x - width if where.rtl else x + width
    return y - _height(points)
