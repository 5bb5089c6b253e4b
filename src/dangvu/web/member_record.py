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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.core.models import AuditEntry
from dangvu.members import services
from dangvu.members.models import FamilyRelation, FamilyRelationKind, Member, MemberStatus, TheoryLevel
from dangvu.members.photos import photo_max_bytes
from dangvu.members.selectors import family_of, member_get, member_party_age, member_timeline, status_on
from dangvu.members.services import family as family_services
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


class PhotoForm(VnForm):
    """A new photo for the profile (PNG or JPEG; checked by members.photos)."""

    photo = forms.FileField(label="Ảnh chân dung (PNG hoặc JPEG, 3×4)", required=True,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}))


class RelativeForm(VnForm):
    """One relative of the profile's «Hoàn cảnh gia đình»."""

    relation = forms.ChoiceField(label="Quan hệ", choices=FamilyRelationKind.choices)
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    birth_year = forms.CharField(label="Năm sinh", max_length=4, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}))
    occupation = forms.CharField(label="Nghề nghiệp, nơi làm việc", max_length=255, required=False)
    political_attitude = forms.CharField(
        label="Lịch sử, thái độ chính trị", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: Đảng viên; tham gia kháng chiến; chấp hành tốt chủ trương, chính sách.",
    )


def _relative_initial(r: FamilyRelation) -> dict[str, Any]:
    return {"relation": r.relation, "full_name": r.full_name, "birth_year": r.birth_year or "",
            "occupation": r.occupation, "political_attitude": r.political_attitude}


def _edit_context(member: Member, *, photo_form: PhotoForm | None = None, relative_form: RelativeForm | None = None,
                  bound_relative: tuple[int, RelativeForm] | None = None) -> dict[str, Any]:
    """The photo and family parts of the edit page, with a failed form kept bound."""
    relatives = []
    for r in family_of(member):
        form = (bound_relative[1] if bound_relative and bound_relative[0] == r.pk
                else RelativeForm(initial=_relative_initial(r), prefix=f"r{r.pk}"))
        relatives.append((r, form))
    return {
        "photo_form": photo_form or PhotoForm(),
        "photo_limit_mb": photo_max_bytes() // (1024 * 1024),
        "relatives": relatives,
        "relative_form": relative_form or RelativeForm(prefix="new"),
        "relative_open": bound_relative[0] if bound_relative else 0,
    }


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
    return _render_edit(request, member, form=form, status=400 if form.is_bound else 200)


EDIT_ACTIONS = ["member_update_profile", "member_photo_set", "member_photo_remove", "member_family_add",
                "member_family_update", "member_family_remove", "member_family_restore"]


def _render_edit(request: HttpRequest, member: Member, *, form: MemberProfileForm | None = None, status: int = 200,
                 **parts: Any) -> HttpResponse:
    if form is None:  # the profile form shows CCCD, phone and address: the viewing is logged
        services.member_view_sensitive(actor=request.user, member=member)
        form = MemberProfileForm(initial={f: getattr(member, f) for f in [*PROFILE_FIELDS, "citizen_id",
                                                                           "card_number"]})
    history = AuditEntry.objects.filter(
        object_type="members.member", object_id=str(member.pk), action__in=EDIT_ACTIONS,
    ).select_related("actor").order_by("-at", "-id")[:20]
    return render(request, "members/edit.html", {
        "member": member, "form": form, "history": audit_rows(list(history)), **_edit_context(member, **parts),
    }, status=status)


@require_POST
@scoped_view
def member_photo_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: store a new photo (action=upload) or take it off the profile (action=remove)."""
    member = member_get(request.user, pk)
    _may_record(request, member)
    if request.POST.get("action") == "remove":
        try:
            family_services.member_photo_remove(actor=request.user, member=member)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "Đã bỏ ảnh khỏi lý lịch (tệp ảnh cũ vẫn được lưu).")
        return redirect("member_edit", pk=member.pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            family_services.member_photo_set(actor=request.user, member=member, photo=form.cleaned_data["photo"])
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, "Đã lưu ảnh đảng viên.")
            return redirect("member_edit", pk=member.pk)
    return _render_edit(request, member, photo_form=form, status=400)


@scoped_view
def member_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the member's photo, for those who may see the member (never a public URL)."""
    member = member_get(request.user, pk)
    content = _photo_bytes(member)
    if content is None:
        raise Http404("Đảng viên chưa có ảnh.")
    kind = "image/png" if member.photo.name.lower().endswith(".png") else "image/jpeg"
    resp = HttpResponse(content, content_type=kind)
    resp["Cache-Control"] = "private, max-age=300"
    return resp


@require_POST
@scoped_view
def member_family(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: add a relative (action=add), correct one (action=update, relative=<id>), remove one with a reason
    (action=remove) or put a removed one back (action=restore; from the member page's «Đã xóa» list)."""
    member = member_get(request.user, pk)
    _may_record(request, member)
    action = request.POST.get("action") or ""
    relative: FamilyRelation | None = None
    if action in ("update", "remove", "restore"):
        raw = request.POST.get("relative") or ""
        relative = FamilyRelation.objects.filter(
            member=member, removed_at__isnull=action != "restore",
            pk=int(raw) if raw.isdigit() and len(raw) < 12 else -1,
        ).first()
        if relative is None:
            messages.error(request, "Không có người thân này trong lý lịch."
                           if action != "restore" else "Không có người thân đã xóa này trong lý lịch.")
            return redirect("member_edit" if action != "restore" else "member_detail", pk=member.pk)
    if action == "restore" and relative is not None:
        family_services.member_family_restore(actor=request.user, relative=relative)
        messages.success(request, f"Đã khôi phục {relative.get_relation_display().lower()} {relative.full_name} "
                                  "vào lý lịch.")
        return redirect(f"{reverse('member_detail', args=[member.pk])}#family-title")
    if action == "remove" and relative is not None:
        try:
            family_services.member_family_remove(actor=request.user, relative=relative,
                                                 reason=request.POST.get("reason") or "")
        except DomainError as e:
            messages.error(request, f"Chưa xóa {relative.full_name}: {e.message}")
        else:
            messages.success(request, f"Đã xóa {relative.get_relation_display().lower()} {relative.full_name} "
                                      "khỏi lý lịch; vẫn xem và khôi phục được ở trang đảng viên.")
        return redirect("member_edit", pk=member.pk)
    if action not in ("add", "update"):
        messages.error(request, "Thao tác không hợp lệ.")
        return redirect("member_edit", pk=member.pk)
    prefix = "new" if relative is None else f"r{relative.pk}"
    form = RelativeForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            if relative is None:
                family_services.member_family_add(actor=request.user, member=member, **form.cleaned_data)
            else:
                family_services.member_family_update(actor=request.user, relative=relative, **form.cleaned_data)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, "Đã lưu hoàn cảnh gia đình; thay đổi được ghi vào nhật ký.")
            return redirect("member_edit", pk=member.pk)
    if relative is None:
        return _render_edit(request, member, relative_form=form, status=400)
    return _render_edit(request, member, bound_relative=(relative.pk, form), status=400)


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
    family: list[tuple[str, str, str, str, str]]
    photo: bytes | None = None


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
    family = [
        (r.get_relation_display(), r.full_name, str(r.birth_year or ""), r.occupation, r.political_attitude)
        for r in family_of(member)
    ]
    return Sheet(member, chain[0] if chain else "", chain[-2] if len(chain) > 1 else "", member.organization.name,
                 fields, timeline, on, family, _photo_bytes(member))


def _photo_bytes(member: Member) -> bytes | None:
    """The stored photo's bytes, or None when there is none or its file is missing."""
    if not member.photo:
        return None
    try:
        with member.photo.open("rb") as f:
            return f.read()
    except OSError:
        return None


BESIDE_PHOTO = 8  # items printed beside the photo (name … religion)
FAMILY_HEADERS = ("Quan hệ", "Họ và tên", "Năm sinh", "Nghề nghiệp, nơi làm việc", "Lịch sử, thái độ chính trị")


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
    # The first items beside the 3×4 photo (a borderless two-column table), the rest below, as on the form.
    top = doc.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.width, right.width = Cm(12.5), Cm(3.5)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if sheet.photo:
        right.paragraphs[0].add_run().add_picture(io.BytesIO(sheet.photo), width=Cm(3), height=Cm(4))
    else:
        right.paragraphs[0].add_run("(Ảnh 3×4)").italic = True
    for i, (label, value) in enumerate(sheet.fields, start=1):
        p = left.paragraphs[0] if i == 1 else (left.add_paragraph() if i <= BESIDE_PHOTO else doc.add_paragraph())
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"{i}) {label}: ")
        p.add_run(value or "…………").bold = label == "Họ và tên đang dùng"
    para("Hoàn cảnh gia đình", bold=True, size=13)
    if sheet.family:
        fam = doc.add_table(rows=1, cols=len(FAMILY_HEADERS))
        fam.style = "Table Grid"
        for cell, text in zip(fam.rows[0].cells, FAMILY_HEADERS, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for frow in sheet.family:
            for cell, text in zip(fam.add_row().cells, frow, strict=True):
                cell.text = text
    else:
        para("Chưa ghi người thân.", italic=True, size=12)
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
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

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
    items = [Paragraph(f"{i}) {escape(label)}: {escape(value or '…………')}", base)
             for i, (label, value) in enumerate(sheet.fields, start=1)]
    photo: Any = (Image(io.BytesIO(sheet.photo), width=3 * cm, height=4 * cm) if sheet.photo
                  else Paragraph("(Ảnh 3×4)", center))
    top = Table([[items[:BESIDE_PHOTO], photo]], colWidths=[12 * cm, 3.5 * cm], hAlign="LEFT")
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                             ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story += [top, *items[BESIDE_PHOTO:]]
    story.append(Paragraph("Hoàn cảnh gia đình", bold))
    if sheet.family:
        frows = [[Paragraph(f"<b>{h}</b>", cell) for h in FAMILY_HEADERS]]
        frows += [[Paragraph(escape(x), cell) for x in r] for r in sheet.family]
        ftable = Table(frows, colWidths=[2.4 * cm, 3.8 * cm, 1.6 * cm, 4 * cm, 4.2 * cm], repeatRows=1)
        ftable.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#444444"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(ftable)
    else:
        story.append(Paragraph("Chưa ghi người thân.", base))
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
