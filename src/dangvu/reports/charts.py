"""Charts drawn by the app itself: SVG for pages, PNG (Pillow) for Word, vector shapes (reportlab) for PDF, all
from the same Chart. No CDN, no JavaScript."""

import io
from html import escape
from typing import Any

from dangvu.core.text import format_number, format_share

from .model import Chart
from .renderers.fonts import font_path

BAR = "#b71c1c"
TARGET = "#1b5e20"
GRID = "#d0d0d0"


def _scale(chart: Chart) -> float:
    top = max([*chart.values, *[t for t in (chart.targets or []) if t is not None], 0.0])
    if chart.unit == "%":
        return 100.0 if top <= 100 else top
    return top or 1.0


def _fmt(chart: Chart, v: float) -> str:
    if chart.unit == "%":  # the one rule for shares: "25,0%" beside "27,3%" (was "25%")
        return format_share(v)
    return format_number(v, 0 if float(v).is_integer() else 2)


def svg(chart: Chart, width: int = 640) -> str:
    """Inline SVG with a title, one labelled bar per row and the value at its end."""
    label_w, row_h, top = 230, 26, 30
    bar_w = width - label_w - 70
    height = top + row_h * len(chart.labels) + 10
    scale = _scale(chart)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(chart.title)}">',
        f"<title>{escape(chart.title)}</title>",
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(chart.title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = top + i * row_h
        w = max(0.0, bar_w * float(value) / scale)
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" font-size="12" text-anchor="end">{escape(short)}'
            f"<title>{escape(label)}</title></text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="18" fill="#f3f3f3"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="18" fill="{BAR}"/>')
        t = (chart.targets or [None] * len(chart.labels))[i]
        if t is not None:
            tx = label_w + bar_w * float(t) / scale
            parts.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y + 1}" y2="{y + 25}" stroke="{TARGET}" stroke-width="3"/>'
            )
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="12">{escape(_fmt(chart, value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def png(chart: Chart, width: int = 1200) -> bytes:
    """The same chart as a PNG (for Word), drawn with Pillow and the embedded Vietnamese font."""
    from PIL import Image, ImageDraw, ImageFont

    k = width / 640
    label_w, row_h, top = int(230 * k), int(26 * k), int(30 * k)
    bar_w = width - label_w - int(70 * k)
    height = top + row_h * len(chart.labels) + int(10 * k)
    img = Image.new("RGB", (width, max(height, int(60 * k))), "white")
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(font_path(), int(12 * k))
    bold = ImageFont.truetype(font_path(bold=True), int(14 * k))
    d.text((0, int(4 * k)), chart.title, fill="black", font=bold)
    scale = _scale(chart)
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = top + i * row_h
        short = label if len(label) <= 34 else label[:33] + "…"
        tw = d.textlength(short, font=font)
        d.text((label_w - 6 * k - tw, y + 5 * k), short, fill="black", font=font)
        d.rectangle([label_w, y + 4 * k, label_w + bar_w, y + 22 * k], fill="#f3f3f3")
        w = max(0.0, bar_w * float(value) / scale)
        if w >= 1:
            d.rectangle([label_w, y + 4 * k, label_w + w, y + 22 * k], fill=BAR)
        t = (chart.targets or [None] * len(chart.labels))[i]
        if t is not None:
            tx = label_w + bar_w * float(t) / scale
            d.line([tx, y + 1 * k, tx, y + 25 * k], fill=TARGET, width=max(2, int(3 * k)))
        d.text((label_w + w + 6 * k, y + 5 * k), _fmt(chart, value), fill="black", font=font)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def drawing(chart: Chart, width: float = 480) -> Any:
    """The same chart as reportlab vector shapes (for PDF)."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    k = width / 640
    label_w, row_h, top = 230 * k, 26 * k, 30 * k
    bar_w = width - label_w - 70 * k
    height = top + row_h * len(chart.labels) + 10 * k
    dr = Drawing(width, height)
    scale = _scale(chart)

    def y_of(v: float) -> float:  # reportlab's y grows upwards
        return height - v

    dr.add(String(0, y_of(18 * k), chart.title, fontName="VN-Bold", fontSize=11))
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = top + i * row_h
        short = label if len(label) <= 34 else label[:33] + "…"
        dr.add(String(label_w - 6 * k, y_of(y + 17 * k), short, fontName="VN", fontSize=8, textAnchor="end"))
        dr.add(Rect(label_w, y_of(y + 22 * k), bar_w, 18 * k, fillColor=colors.HexColor("#f3f3f3"), strokeColor=None))
        w = max(0.0, bar_w * float(value) / scale)
        dr.add(Rect(label_w, y_of(y + 22 * k), w, 18 * k, fillColor=colors.HexColor(BAR), strokeColor=None))
        t = (chart.targets or [None] * len(chart.labels))[i]
        if t is not None:
            tx = label_w + bar_w * float(t) / scale
            dr.add(Line(tx, y_of(y + 1 * k), tx, y_of(y + 25 * k), strokeColor=colors.HexColor(TARGET), strokeWidth=2))
        dr.add(String(label_w + w + 6 * k, y_of(y + 17 * k), _fmt(chart, value), fontName="VN", fontSize=8))
    return dr
