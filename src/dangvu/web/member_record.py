"""A member's personal record (lý lịch): the edit form (members.services.member_update_profile, audited with
before/after, earlier corrections listed from the audit log) and the printable member sheet in the layout of
the party's member profile ("Phiếu đảng viên", Mẫu 2-HSĐV, Hướng dẫn 12-HD/BTCTW): Word (python-docx) and PDF
(reportlab with an embedded Vietnamese font)."""

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.core.models import AuditEntry
from dangvu.members import services
from dangvu.members.models import Member, MemberStatus, TheoryLevel
from dangvu.members.selectors import member_get, member_party_age, member_timeline, status_on
from dangvu.orgs.forms import VnForm
from dangvu.orgs.scope import can

from .audit import audit_rows

PROFILE_FIELDS = [
    "other_name", "birthplace", "home_town", "ethnic_group", "religion", "phone", "address", "education",
    "qualification", "theory_level", "occupation",
]


class MemberProfileForm(VnForm):
    """The record's personal fields (events such as admission or transfer have their own forms)."""

    other_name = forms.CharField(label="Tên gọi khác", max_length=128, required=False)
    birthplace = forms.CharField(label="Nơi sinh", max_length=255, required=False)
    home_town = forms.CharField(label="Quê quán", max_length=255, required=False)
    ethnic_group = forms.CharField(label="Dân tộc", max_length=64, required=False)
    religion = forms.CharField(label="Tôn giáo", max_length=64, required=False)
    citizen_id = forms.CharField(label="Số CCCD", max_length=12, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    address = forms.CharField(label="Nơi ở hiện nay", max_length=255, required=False)
    education = forms.CharField(label="Giáo dục phổ thông", max_length=16, required=False)
    qualification = forms.CharField(label="Chuyên môn, nghiệp vụ", max_length=128, required=False)
    theory_level = forms.ChoiceField(label="Lý luận chính trị", choices=TheoryLevel.choices, required=False)
    occupation = forms.CharField(label="Nghề nghiệp, chức vụ", max_length=255, required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=16, required=False)


def _may_record(request: HttpRequest, member: Member) -> None:
    if not can(request.user, "record_member", member.organization):
        raise PermissionDenied(f"Vai trò của bạn không được sửa hồ sơ đảng viên tại {member.organization.name}.")


@scoped_view
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get(request.user, pk)
    _may_record(request, member)
    if request.method == "GET":
        services.member_view_sensitive(actor=request.user, member=member)  # the form shows CCCD, phone, address
    initial = {f: getattr(member, f) for f in [*PROFILE_FIELDS, "citizen_id", "card_number"]}
    form = MemberProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.member_update_profile(
                actor=request.user, member=member, citizen_id=d["citizen_id"] or None,
                card_number=d["card_number"] or None, **{f: d[f] for f in PROFILE_FIELDS},
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, "Đã lưu lý lịch; thay đổi được ghi vào nhật ký (trước → sau).")
            return redirect("member_edit", pk=member.pk)
    history = AuditEntry.objects.filter(
        object_type="members.member", object_id=str(member.pk), action="member_update_profile"
    ).select_related("actor").order_by("-at", "-id")[:20]
    return render(request, "members/edit.html", {
        "member": member, "form": form, "history": audit_rows(list(history)),
    }, status=400 if form.is_bound else 200)


@dataclass
class Sheet:
    """What the printed member sheet shows, the same in Word and PDF."""

    member: Member
    province: str
    committee: str
    cell: str
    fields: list[tuple[str, str]]
    timeline: list[tuple[str, str, str]]
    printed_on: date


def member_sheet(member: Member, *, sensitive: bool) -> Sheet:
    """The numbered items of the member profile; CCCD, phone and address only for those who may record."""
    on = today()
    path = [int(s) for s in (member.organization.path or "").rstrip(".").split(".") if s]
    from dangvu.orgs.models import Organization

    names = dict(Organization.objects.filter(pk__in=path).values_list("pk", "name"))
    chain = [names.get(i, "") for i in path]
    status = status_on(member, on)
    fields = [
        ("Họ và tên đang dùng", member.full_name.upper()),
        ("Tên gọi khác", member.other_name or "Không"),
        ("Giới tính", member.get_sex_display()),
        ("Sinh ngày", format_date(member.birth_date)),
        ("Nơi sinh", member.birthplace),
        ("Quê quán", member.home_town),
        ("Dân tộc", member.ethnic_group),
        ("Tôn giáo", member.religion),
    ]
    if sensitive:
        fields += [("Số CCCD", member.citizen_id or ""), ("Nơi ở hiện nay", member.address),
                   ("Điện thoại", member.phone)]
    fields += [
        ("Nghề nghiệp, chức vụ", member.occupation),
        ("Giáo dục phổ thông", member.education),
        ("Chuyên môn, nghiệp vụ", member.qualification),
        ("Lý luận chính trị", member.get_theory_level_display()),
        ("Ngày vào Đảng", format_date(member.ceremony_on or member.admitted_on)),
        ("Ngày chính thức", format_date(member.full_on) if member.full_on else ""),
        ("Số thẻ đảng viên", member.card_number or ""),
        ("Chi bộ sinh hoạt", member.organization.name),
        ("Loại đảng viên", MemberStatus(status).label if status else "Đã ra khỏi danh sách"),
        ("Tuổi đảng", f"{member_party_age(member, on)} năm"),
    ]
    timeline = [
        (format_date(e.effective_on), e.get_kind_display(), " → ".join(
            x for x in (e.organization.name if e.organization_id and e.organization else "",
                        e.to_organization.name if e.to_organization_id and e.to_organization else "") if x)
         + (f" ({e.document})" if e.document else ""))
        for e in member_timeline(member) if e.voided_at is None
    ]
    return Sheet(member, chain[0] if chain else "", chain[-2] if len(chain) > 1 else "", member.organization.name,
                 fields, timeline, on)


def sheet_docx(sheet: Sheet) -> bytes:
    """Word document (A4, Times New Roman 13) laid out like the printed member profile."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)  # type: ignore[attr-defined]

    def para(text: str, *, bold: bool = False, center: bool = False, size: int = 13, italic: bool = False) -> None:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(2)

    para("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, center=True)
    para(f"Đảng bộ: {sheet.province}", center=True, size=12)
    if sheet.committee:
        para(f"Đảng bộ cơ sở: {sheet.committee}", center=True, size=12)
    para(f"Chi bộ: {sheet.cell}", center=True, size=12)
    para("PHIẾU ĐẢNG VIÊN", bold=True, center=True, size=16)
    para(f"Số thẻ đảng viên: {sheet.member.card_number or '…………'}", center=True, italic=True, size=12)
    for i, (label, value) in enumerate(sheet.fields, start=1):
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"{i}) {label}: ")
        p.add_run(value or "…………").bold = label == "Họ và tên đang dùng"
    para("Quá trình sinh hoạt đảng", bold=True, size=13)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Ngày", "Sự kiện", "Tổ chức, văn bản"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in sheet.timeline:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    para("")
    para(f"Ngày in: {format_date(sheet.printed_on)}", italic=True, size=11)
    para("XÁC NHẬN CỦA CẤP ỦY", bold=True, size=12)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def sheet_pdf(sheet: Sheet) -> bytes:
    """The same sheet as a PDF (A4) with an embedded Vietnamese font."""
    from html import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from dangvu.reports.renderers.fonts import register_pdf_fonts

    register_pdf_fonts()
    base = ParagraphStyle("base", fontName="VN", fontSize=12, leading=16)
    center = ParagraphStyle("c", parent=base, alignment=TA_CENTER)
    title = ParagraphStyle("t", parent=center, fontName="VN-Bold", fontSize=16, leading=22, spaceBefore=8)
    bold = ParagraphStyle("b", parent=base, fontName="VN-Bold", spaceBefore=8)
    cell = ParagraphStyle("cell", parent=base, fontSize=10, leading=12)
    head = ParagraphStyle("h", parent=center, fontName="VN-Bold")
    story: list[Any] = [
        Paragraph("ĐẢNG CỘNG SẢN VIỆT NAM", head), Paragraph(escape(f"Đảng bộ: {sheet.province}"), center),
    ]
    if sheet.committee:
        story.append(Paragraph(escape(f"Đảng bộ cơ sở: {sheet.committee}"), center))
    story += [Paragraph(escape(f"Chi bộ: {sheet.cell}"), center), Paragraph("PHIẾU ĐẢNG VIÊN", title),
              Paragraph(escape(f"Số thẻ đảng viên: {sheet.member.card_number or '…………'}"), center), Spacer(1, 8)]
    for i, (label, value) in enumerate(sheet.fields, start=1):
        story.append(Paragraph(f"{i}) {escape(label)}: {escape(value or '…………')}", base))
    story.append(Paragraph("Quá trình sinh hoạt đảng", bold))
    rows = [[Paragraph(f"<b>{h}</b>", cell) for h in ("Ngày", "Sự kiện", "Tổ chức, văn bản")]]
    rows += [[Paragraph(escape(x), cell) for x in r] for r in sheet.timeline]
    table = Table(rows, colWidths=[2.6 * cm, 5.2 * cm, 8.2 * cm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#444444"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 10), Paragraph(escape(f"Ngày in: {format_date(sheet.printed_on)}"), base),
              Paragraph("XÁC NHẬN CỦA CẤP ỦY", bold)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                      bottomMargin=2 * cm, title=f"Phiếu đảng viên — {sheet.member.full_name}").build(story)
    return buf.getvalue()


@scoped_view
def member_sheet_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """GET /members/<pk>/phieu.docx|pdf: the printable member sheet; sensitive fields (logged) for recorders."""
    member = member_get(request.user, pk)
    sensitive = services.member_view_sensitive(actor=request.user, member=member) is not None
    sheet = member_sheet(member, sensitive=sensitive)
    if fmt == "pdf":
        resp = HttpResponse(sheet_pdf(sheet), content_type="application/pdf")
    else:
        resp = HttpResponse(
            sheet_docx(sheet),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    resp["Content-Disposition"] = f'attachment; filename="phieu-dang-vien-{member.pk}.{fmt}"'
    return resp
