"""PDF with an embedded Vietnamese font (reportlab, TrueType subsets of Noto Serif / DejaVu Serif), in the same
layout as the Word document; charts are vector shapes."""

import io
from html import escape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import charts
from ..model import Letterhead, Pack, Report
from .docx import date_line, number_text
from .fonts import register_pdf_fonts


def _styles() -> dict[str, ParagraphStyle]:
    register_pdf_fonts()
    base = ParagraphStyle("base", fontName="VN", fontSize=11, leading=14)
    return {
        "c": ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        "cb": ParagraphStyle("cb", parent=base, alignment=TA_CENTER, fontName="VN-Bold"),
        "ci": ParagraphStyle("ci", parent=base, alignment=TA_CENTER, fontName="VN-Italic"),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName="VN-Bold", fontSize=14, leading=18),
        "h": ParagraphStyle("h", parent=base, fontName="VN-Bold", fontSize=12, leading=16, spaceBefore=8),
        "p": ParagraphStyle("p", parent=base, alignment=TA_JUSTIFY, firstLineIndent=1 * cm),
        "i": ParagraphStyle("i", parent=base, fontName="VN-Italic", fontSize=9, leading=12),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
        "num": ParagraphStyle("num", parent=base, fontSize=9, leading=11, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=11, fontName="VN-Bold", alignment=TA_CENTER),
        "l": ParagraphStyle("l", parent=base, alignment=TA_LEFT, fontSize=10),
    }


def _heading(lh: Letterhead, st: dict[str, ParagraphStyle]) -> list[Any]:
    left = [
        Paragraph(escape(lh.superior.upper()), st["c"]),
        Paragraph(escape(lh.issuer.upper()), st["cb"]),
        Paragraph("*", st["c"]),
        Paragraph(escape(lh.number), st["c"]),
    ]
    right = [
        Paragraph("<u>ĐẢNG CỘNG SẢN VIỆT NAM</u>", st["cb"]),
        Spacer(1, 8),
        Paragraph(escape(date_line(lh.place, lh.issued_on)), st["ci"]),
    ]
    t = Table([[left, right]], colWidths=[7.5 * cm, 9 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [t, Spacer(1, 14)]


def _closing(lh: Letterhead, st: dict[str, ParagraphStyle]) -> list[Any]:
    left = [Paragraph("<u>Nơi nhận:</u>", ParagraphStyle("n", parent=st["l"], fontName="VN-Bold"))] + [
        Paragraph(escape(f"- {r}"), st["l"]) for r in lh.recipients
    ]
    right = [
        Paragraph(escape(lh.signer_title), st["cb"]),
        Paragraph(escape(lh.signer_role), st["cb"]),
        Spacer(1, 50),
        Paragraph("(Ký tên, đóng dấu)", st["ci"]),
    ]
    t = Table([[left, right]], colWidths=[8 * cm, 8.5 * cm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 16), KeepTogether([t])]


def _body(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    out: list[Any] = [Paragraph(escape(line), st["p"]) for line in report.summary]
    width = 16.5 * cm
    for table in report.tables:
        out.append(Paragraph(escape(table.title), st["h"]))
        n = len(table.columns)
        first = width * (0.4 if n > 2 else 0.6)
        widths = [first] + [(width - first) / max(1, n - 1)] * (n - 1)
        data = [[Paragraph(escape(c.label), st["head"]) for c in table.columns]]
        for row in table.rows:
            data.append(
                [
                    Paragraph(
                        escape(number_text(c, row[i] if i < len(row) else None)),
                        st["cell"] if c.kind == "text" else st["num"],
                    )
                    for i, c in enumerate(table.columns)
                ]
            )
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2dcdb")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        out.append(t)
        if table.note:
            out.append(Paragraph(escape(table.note), st["i"]))
    for chart in report.charts:
        out.extend([Spacer(1, 8), charts.drawing(chart, width=width)])
    out.append(Spacer(1, 6))
    out.append(Paragraph(escape(f"Nguồn số liệu: {report.source}"), st["i"]))
    return out


def render_pdf(doc_in: Report | Pack) -> bytes:
    st = _styles()
    story: list[Any] = []
    lh = doc_in.letterhead
    if lh is not None:
        story += _heading(lh, st)
    story.append(Paragraph("BÁO CÁO", st["title"]))
    story.append(Paragraph(escape(doc_in.title), st["title"]))
    if isinstance(doc_in, Pack):
        story.append(Paragraph(escape(f"{doc_in.scope} — {doc_in.period}"), st["ci"]))
        story += [Spacer(1, 8)] + [Paragraph(escape(line), st["p"]) for line in doc_in.intro]
        for n, report in enumerate(doc_in.reports, start=1):
            story.append(
                Paragraph(
                    escape(f"{n}. {report.title}"), ParagraphStyle("h1", parent=st["h"], fontSize=13, spaceBefore=14)
                )
            )
            story.append(Paragraph(escape(report.period), st["i"]))
            story += _body(report, st)
    else:
        story.append(Paragraph(escape(f"{doc_in.scope} — {doc_in.period}"), st["ci"]))
        story.append(Spacer(1, 10))
        story += _body(doc_in, st)
    if lh is not None:
        story += _closing(lh, st)
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=3 * cm,
        rightMargin=1.5 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=doc_in.title,
        author="Đảng vụ",
    ).build(story)
    return out.getvalue()
