"""A conference's minutes as Word (python-docx), in the party's document layout: the committee top-left,
"ĐẢNG CỘNG SẢN VIỆT NAM" and the place-date line top-right, the title, then participants, results, conclusions
and the numbered tasks they set. Editable by the office before signing."""

import io
from typing import Any

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .models import Conference

FONT = "Times New Roman"


def _para(doc: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 13,
          align: Any = None) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    if align is not None:
        p.alignment = align


def _participants(doc: Any, people: list[Any], bodies: list[Any]) -> None:
    """People (members as "Đồng chí …") then bodies, each under its heading."""
    _para(doc, "Thành phần tham dự:", bold=True)
    if people:
        _para(doc, "Đại biểu:", italic=True)
    for p in people:
        title = "Đồng chí " if getattr(p, "member_id", None) else ""
        _para(doc, f"- {title}{p.name}" + (f", {p.role}" if p.role else ""))
    if bodies:
        _para(doc, "Cơ quan, đơn vị:", italic=True)
    for p in bodies:
        _para(doc, f"- {p.name}" + (f" ({p.role})" if p.role else ""))


def conference_docx(conf: Conference, *, participants: list[Any], tasks: list[Any], people: list[Any] | None = None,
                    bodies: list[Any] | None = None) -> bytes:
    doc = Docx()
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = f"{conf.organization.name.upper()}\n*"
    d = conf.held_on
    right.text = f"ĐẢNG CỘNG SẢN VIỆT NAM\nngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for r in p.runs:
                r.font.name, r.font.size, r.bold = FONT, Pt(13), True
    _para(doc, "BIÊN BẢN", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{conf.get_kind_display()}: {conf.title}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"Thời gian: ngày {conf.held_on:%d/%m/%Y}" + (f". Địa điểm: {conf.place}" if conf.place else "") + ".")
    _para(doc, f"Chủ trì: {conf.chair}.")
    if conf.regulation_id:
        _para(doc, f"Quy chế, kế hoạch: {conf.regulation.title if conf.regulation else ''}.")
    if participants:
        _participants(doc, participants if people is None else people, bodies or [])
    if conf.results:
        _para(doc, "Kết quả đạt được:", bold=True)
        for line in conf.results.splitlines():
            _para(doc, line)
    if conf.conclusions:
        _para(doc, "Kết luận:", bold=True)
        for line in conf.conclusions.splitlines():
            _para(doc, line)
    if tasks:
        _para(doc, "Nhiệm vụ thời gian tới:", bold=True)
        for t in tasks:
            due = f" (hạn {t.due_on:%d/%m/%Y})" if t.due_on else (f" ({t.get_recurrence_display().lower()})"
                                                                    if t.recurrence else "")
            _para(doc, f"{t.number}- {t.title}; chủ trì: {t.lead_name}{due}.")
    sign = doc.add_table(rows=1, cols=2)
    sign.rows[0].cells[0].text = "THƯ KÝ"
    sign.rows[0].cells[1].text = "CHỦ TRÌ HỘI NGHỊ\n\n\n" + conf.chair
    for cell in sign.rows[0].cells:
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
