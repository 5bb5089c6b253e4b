"""Writes on documents, regulations and their tasks, conferences and commendations. Each is one transaction with a
scope check ("manage_org" on the committee; "record_member" for a progress report), its rules (messages that name
the field and the rule) and an audit entry. Files are checked before anything is written and stored last."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit, snapshot
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import search_key
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.rules import check_not_future
from dangvu.orgs.scope import require, scope_of
from dangvu.targets.indicators import INDICATORS

from .files import check_upload
from .models import (
    Commendation,
    CommendationLevel,
    CommendationSubject,
    Conference,
    ConferenceKind,
    Document,
    DocumentStatus,
    DocumentType,
    Issuer,
    Participant,
    ParticipantKind,
    Party,
    Progress,
    Recurrence,
    Regulation,
    RegulationKind,
    Task,
)
from .numbers import check_term, parse_number, term_of
from .uses import link_document


def _text(value: Any, field_name: str, label: str, max_length: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(f"Chưa nhập «{label}».", field=field_name, rule="required")
    if len(text) > max_length:
        raise DomainError(f"«{label}» dài quá {max_length} ký tự.", field=field_name, rule="max_length")
    return text


def _snap(obj: Any) -> dict[str, Any]:
    """The audit snapshot with attached files as their stored names."""
    out = snapshot(obj)
    for k, v in out.items():
        if hasattr(v, "storage"):
            out[k] = v.name or ""
    return out


def _choice(value: str, choices: list[str], field_name: str, label: str) -> str:
    if value not in choices:
        allowed = ", ".join(c for c in choices if c)
        raise DomainError(f"«{label}»: giá trị «{str(value)[:32]}» không hợp lệ ({allowed}).", field=field_name,
                          rule="choices")
    return value


# ---------------------------------------------------------------- documents


def resolve_number(number: str) -> tuple[int, DocumentType, Issuer]:
    """Serial, type and issuer of a number, checked against the committee's lists (rule `document_number`)."""
    parsed = parse_number(number)
    doc_type = DocumentType.objects.filter(key=search_key(parsed.type_code)).first()
    if doc_type is None:
        raise DomainError(
            f"Loại văn bản «{parsed.type_code}» trong số «{number.strip()[:64]}» không có trong danh mục loại văn bản "
            "(NQ, QĐ, QĐi, QC, CT, KL, KH, HD, BC, TB, TTr, CTr, CV, ...).", field="number", rule="document_number",
        )
    issuer = Issuer.objects.filter(key=search_key(parsed.issuer_code)).first()
    if issuer is None:
        raise DomainError(
            f"Cơ quan ban hành «{parsed.issuer_code}» trong số «{number.strip()[:64]}» không có trong danh mục cơ quan "
            "ban hành; thêm vào danh mục trước.", field="number", rule="document_number",
        )
    return parsed.serial, doc_type, issuer


def _store(obj: Any, file_field: str, upload: Any, name: str) -> None:
    """Write the checked file last, so a refused write stores nothing."""
    getattr(obj, file_field).save(name, File(upload, name=name), save=False)
    obj.save(update_fields=[file_field])


@transaction.atomic
def document_register(
    *, actor: Actor, organization: Organization, number: str, issued_on: date, title: str, term: str | None = None,
    issuer_id: int | None = None, summary: str = "", signer: str = "", replaces: Document | None = None,
    implements: Document | None = None, file: Any = None,
) -> Document:
    """Register a document under its number "651-QĐ/TU": type and issuer from the committee's lists, unique within
    type, issuer and term (the same number in a new term is another document); a document it replaces becomes
    "replaced"; the attached file is checked (type, size) before anything is written."""
    require(actor, "manage_org", organization)
    checked = check_upload(file) if file else None
    serial, doc_type, issuer = resolve_number(number)
    if issuer_id is not None and issuer_id != issuer.pk:
        raise DomainError(f"Cơ quan ban hành đã chọn khác với ký hiệu «{issuer.code}» trong số văn bản.",
                          field="issuer_id", rule="document_number")
    if not isinstance(issued_on, date):
        raise DomainError("Chưa nhập ngày ban hành.", field="issued_on", rule="required")
    check_not_future(issued_on, "issued_on")
    term = check_term(term) if term else term_of(issued_on)
    title = _text(title, "title", "Trích yếu", 500)
    canonical = f"{serial}-{doc_type.code}/{issuer.code}"
    existing = Document.objects.filter(doc_type=doc_type, issuer=issuer, term=term, serial=serial).first()
    if existing is not None:
        raise DomainError(
            f"Số {canonical} của nhiệm kỳ {term} đã được đăng ký (ngày {existing.issued_on:%d/%m/%Y}); "
            "số văn bản không trùng trong cùng loại, cơ quan ban hành và nhiệm kỳ.",
            field="number", rule="document_duplicate",
        )
    for link, label in ((replaces, "replaces"), (implements, "implements")):
        if link is not None and not document_visible(actor, link):
            raise DomainError("Văn bản liên kết không tồn tại.", field=label, rule="document_unknown")
    try:
        with transaction.atomic():
            doc = Document.objects.create(
                organization=organization, number=canonical, serial=serial, doc_type=doc_type, issuer=issuer,
                term=term, issued_on=issued_on, title=title, summary=(summary or "").strip(),
                signer=_text(signer, "signer", "Người ký", 128, required=False), replaces=replaces,
                implements=implements, created_by=recorded_by(actor),
                search_text=search_key(" ".join([canonical, title, summary or "", signer or ""])),
            )
    except IntegrityError:  # a concurrent registration of the same number
        raise DomainError(f"Số {canonical} vừa được đăng ký.", field="number", rule="document_duplicate") from None
    if replaces is not None and replaces.status == DocumentStatus.IN_FORCE:
        before = _snap(replaces)
        replaces.status, replaces.status_on = DocumentStatus.REPLACED, issued_on
        replaces.save(update_fields=["status", "status_on"])
        audit(actor, "document_replaced", replaces, before=before, after=_snap(replaces))
    if checked is not None:
        doc.file_name, doc.file_size = checked.name, checked.size
        doc.save(update_fields=["file_name", "file_size"])
        _store(doc, "file", file, checked.name)
    link_document(doc)
    audit(actor, "document_register", doc, after=_snap(doc))
    return doc


@transaction.atomic
def document_set_status(*, actor: Actor, document: Document, status: str, on: date | None,
                        replaced_by: Document | None = None) -> Document:
    """Mark a document expired or replaced from a date (replaced by a registered document: that one now "replaces"
    it), or in force again. Nothing else changes; the audit keeps the status before."""
    require(actor, "manage_org", document.organization)
    _choice(status, list(DocumentStatus.values), "status", "Hiệu lực")
    if status != DocumentStatus.IN_FORCE:
        if not isinstance(on, date):
            raise DomainError("Chưa nhập ngày hết hiệu lực.", field="on", rule="required")
        if on < document.issued_on:
            raise DomainError(f"Ngày hết hiệu lực phải từ ngày ban hành ({document.issued_on:%d/%m/%Y}).",
                              field="on", rule="period_order")
        check_not_future(on, "on")
    if replaced_by is not None:
        if status != DocumentStatus.REPLACED:
            raise DomainError("Chỉ ghi văn bản thay thế khi chọn «Đã được thay thế».", field="replaced_by",
                              rule="document_status")
        if replaced_by.pk == document.pk:
            raise DomainError("Văn bản không thể tự thay thế chính nó.", field="replaced_by", rule="document_status")
        if replaced_by.replaces_id not in (None, document.pk):
            raise DomainError(f"Văn bản {replaced_by.number} đã ghi là thay thế văn bản khác.", field="replaced_by",
                              rule="document_status")
        if not document_visible(actor, replaced_by):
            raise DomainError("Văn bản thay thế không tồn tại.", field="replaced_by", rule="document_unknown")
        before_new = _snap(replaced_by)
        replaced_by.replaces = document
        replaced_by.save(update_fields=["replaces"])
        audit(actor, "document_replaces", replaced_by, before=before_new, after=_snap(replaced_by))
    before = _snap(document)
    document.status, document.status_on = status, None if status == DocumentStatus.IN_FORCE else on
    document.save(update_fields=["status", "status_on"])
    audit(actor, "document_set_status", document, before=before, after=_snap(document))
    return document


@transaction.atomic
def issuer_add(*, actor: Actor, organization: Organization, code: str, name: str) -> Issuer:
    """Add an issuing body to the list numbers are checked against (e.g. "ĐUKCQ")."""
    require(actor, "manage_org", organization)
    code = _text(code, "code", "Viết tắt", 12)
    if not code.replace("Đ", "D").replace("đ", "d").isalpha():
        raise DomainError("Viết tắt chỉ gồm chữ cái, ví dụ ĐUK.", field="code", rule="document_number")
    if Issuer.objects.filter(key=search_key(code)).exists():
        raise DomainError(f"Cơ quan ban hành «{code}» đã có trong danh mục.", field="code", rule="duplicate")
    issuer = Issuer.objects.create(code=code, key=search_key(code), name=_text(name, "name", "Tên cơ quan", 255))
    audit(actor, "issuer_add", issuer)
    return issuer


def document_visible(user: Any, doc: Document) -> bool:
    from .selectors import visible_org_ids  # selectors never import services; the reverse is fine

    ids = visible_org_ids(user)
    return ids is None or doc.organization_id in ids


def document_ref(user: Any, text: str, document_id: int | None = None) -> tuple[Document | None, str]:
    """A deciding document: a registered one the user may see (by id, or by a number written as registered), and
    the text kept beside it; free text stays allowed for documents of other bodies."""
    from .selectors import document_by_number, document_get

    if document_id is not None:
        try:
            doc = document_get(user, document_id)
        except NotVisible:
            raise DomainError(f"Không có văn bản mã {document_id}.", field="document_id",
                              rule="document_unknown") from None
        return doc, doc.number
    text = (text or "").strip()[:64]
    return document_by_number(user, text), text


# ---------------------------------------------------------------- regulations and tasks


@dataclass
class TaskInput:
    number: int
    title: str
    lead: str
    supporting: list[str] = field(default_factory=list)
    expected_output: str = ""
    due_on: date | None = None
    recurrence: str = ""
    indicator: str = ""


def _party(regulation: Regulation, name: str, parties: dict[str, Party]) -> Party:
    key = search_key(name)
    if key not in parties:
        raise DomainError(f"«{name[:64]}» không phải là bên tham gia quy chế.", field="lead", rule="party_unknown")
    return parties[key]


def _add_task(*, regulation: Regulation | None, organization: Organization, conference: Conference | None,
              t: TaskInput, parties: dict[str, Party], used: set[int]) -> Task:
    if not isinstance(t.number, int) or not 1 <= t.number <= 999:
        raise DomainError("Số thứ tự nhiệm vụ phải từ 1 đến 999.", field="tasks.number", rule="task_number")
    if t.number in used:
        raise DomainError(f"Nhiệm vụ số {t.number} đã có.", field="tasks.number", rule="task_number_duplicate")
    used.add(t.number)
    _choice(t.recurrence or "", list(Recurrence.values), "tasks.recurrence", "Định kỳ")
    if t.recurrence and t.due_on:
        raise DomainError(f"Nhiệm vụ {t.number}: chọn hạn hoàn thành hoặc định kỳ, không cả hai.",
                          field="tasks.due_on", rule="task_due")
    if t.indicator and t.indicator not in INDICATORS:
        raise DomainError(f"Chỉ tiêu «{t.indicator[:64]}» không có trong danh mục chỉ tiêu.", field="tasks.indicator",
                          rule="indicator_unknown")
    lead_name = _text(t.lead, "tasks.lead", "Chủ trì", 255)
    lead = _party(regulation, lead_name, parties) if regulation is not None and parties else None
    task = Task.objects.create(
        organization=organization, regulation=regulation, conference=conference, number=t.number,
        title=_text(t.title, "tasks.title", f"Nhiệm vụ {t.number}", 500), lead=lead,
        lead_name=lead.name if lead else lead_name,
        expected_output=_text(t.expected_output, "tasks.expected_output", "Sản phẩm", 500, required=False),
        due_on=t.due_on, recurrence=t.recurrence or "", indicator=(t.indicator or "")[:64],
    )
    if regulation is not None and t.supporting:
        task.supporting.set([_party(regulation, s, parties) for s in t.supporting if s.strip()])
    return task


@transaction.atomic
def regulation_create(
    *, actor: Actor, organization: Organization, title: str, starts_on: date, parties: list[str],
    tasks: list[TaskInput], kind: str = RegulationKind.COORDINATION, ends_on: date | None = None,
    document: Document | None = None, document_text: str = "", party_orgs: dict[str, Organization] | None = None,
) -> Regulation:
    """A coordination regulation or plan with its parties and numbered tasks; all or nothing."""
    require(actor, "manage_org", organization)
    _choice(kind, list(RegulationKind.values), "kind", "Loại")
    if not isinstance(starts_on, date):
        raise DomainError("Chưa nhập ngày bắt đầu.", field="starts_on", rule="required")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.", field="ends_on", rule="period_order")
    names = [p.strip() for p in parties if p and p.strip()]
    if len(names) < 1:
        raise DomainError("Cần ít nhất một bên tham gia.", field="parties", rule="required")
    reg = Regulation.objects.create(
        organization=organization, kind=kind, title=_text(title, "title", "Tên quy chế, kế hoạch", 500),
        document=document, document_text=(document.number if document else (document_text or "").strip()[:64]),
        starts_on=starts_on, ends_on=ends_on, created_by=recorded_by(actor),
    )
    by_key: dict[str, Party] = {}
    for name in names:
        key = search_key(name)
        if key in by_key:
            continue
        by_key[key] = Party.objects.create(
            regulation=reg, name=_text(name, "parties", "Bên tham gia", 255), key=key,
            organization=(party_orgs or {}).get(name),
        )
    used: set[int] = set()
    for t in tasks:
        _add_task(regulation=reg, organization=organization, conference=None, t=t, parties=by_key, used=used)
    audit(actor, "regulation_create", reg, after={**snapshot(reg), "parties": names, "tasks": len(tasks)})
    return reg


@transaction.atomic
def task_add(*, actor: Actor, regulation: Regulation, task: TaskInput) -> Task:
    """Add a numbered task to a regulation."""
    require(actor, "manage_org", regulation.organization)
    parties = {p.key: p for p in regulation.parties.all()}
    used = set(regulation.tasks.values_list("number", flat=True))
    t = _add_task(regulation=regulation, organization=regulation.organization, conference=None, t=task,
                  parties=parties, used=used)
    audit(actor, "task_add", t)
    return t


@transaction.atomic
def progress_report(*, actor: Actor, task: Task, on: date, text: str, percent: int, evidence: Any = None) -> Progress:
    """Report progress on a task (date, what was done, percent, evidence file); the task shows the latest."""
    task = Task.objects.select_for_update().select_related("organization").get(pk=task.pk)
    require(actor, "record_member", task.organization)
    checked = check_upload(evidence, field="evidence") if evidence else None
    if not isinstance(on, date):
        raise DomainError("Chưa nhập ngày báo cáo.", field="on", rule="required")
    check_not_future(on, "on")
    if task.cancelled_at is not None:
        raise DomainError("Nhiệm vụ đã hủy.", field="task", rule="task_cancelled")
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise DomainError("Tiến độ phải từ 0 đến 100%.", field="percent", rule="percent_range")
    text = _text(text, "text", "Kết quả thực hiện", 5000)
    report = Progress.objects.create(task=task, on=on, text=text, percent=percent, recorded_by=recorded_by(actor))
    if task.last_report_on is None or on >= task.last_report_on:
        task.percent, task.last_report_on = percent, on
        task.save(update_fields=["percent", "last_report_on"])
    if checked is not None:
        report.evidence_name = checked.name
        report.save(update_fields=["evidence_name"])
        _store(report, "evidence", evidence, checked.name)
    audit(actor, "progress_report", report, after=_snap(report))
    return report


@transaction.atomic
def task_cancel(*, actor: Actor, task: Task, reason: str) -> Task:
    """Cancel a task (kept with its reports and the reason; it leaves the open, due and overdue lists)."""
    task = Task.objects.select_for_update().select_related("organization").get(pk=task.pk)
    require(actor, "manage_org", task.organization)
    if task.cancelled_at is not None:
        raise DomainError("Nhiệm vụ đã hủy.", field="task", rule="task_cancelled")
    reason = _text(reason, "reason", "Lý do hủy", 255)
    before = snapshot(task)
    task.cancelled_at, task.cancel_reason = timezone.now(), reason
    task.save(update_fields=["cancelled_at", "cancel_reason"])
    audit(actor, "task_cancel", task, before=before, after=snapshot(task))
    return task


# ---------------------------------------------------------------- conferences


@dataclass
class ParticipantInput:
    """A person (a member of the scope, or an outsider by name) or a body (a party organisation, or another
    agency by name) at a conference."""

    name: str = ""
    role: str = ""
    member: Member | None = None
    body: Organization | None = None
    kind: str = ParticipantKind.PERSON


def _participants(actor: Actor, organization: Organization,
                  rows: Sequence[ParticipantInput | tuple[str, str]]) -> list[Participant]:
    """The participants' rows, checked: members of the committee's subtree and the actor's scope, party
    organisations the actor reads; free names as written. Each member or organisation once."""
    from .selectors import visible_org_ids

    scope, readable = scope_of(actor), visible_org_ids(actor)
    out: list[Participant] = []
    seen: set[tuple[str, int]] = set()
    for row in rows:
        p = row if isinstance(row, ParticipantInput) else ParticipantInput(name=row[0], role=row[1])
        role = _text(p.role, "participants", "Chức vụ, đơn vị", 255, required=False)
        if p.member is not None:
            m = p.member
            if not (m.organization.path.startswith(organization.path) and scope.sees(m.organization_id)):
                raise DomainError(f"Đồng chí {m.full_name} không sinh hoạt trong {organization.name}; chọn đảng viên "
                                  "trong phạm vi hoặc ghi tên như người ngoài.", field="participants",
                                  rule="participant_outside")
            if ("m", m.pk) in seen:
                continue
            seen.add(("m", m.pk))
            out.append(Participant(kind=ParticipantKind.PERSON, name=m.full_name, role=role, member=m))
        elif p.body is not None:
            if readable is not None and p.body.pk not in readable:
                raise DomainError("Tổ chức đảng được chọn không tồn tại.", field="participants",
                                  rule="participant_unknown")
            if ("o", p.body.pk) in seen:
                continue
            seen.add(("o", p.body.pk))
            out.append(Participant(kind=ParticipantKind.BODY, name=p.body.name, role=role, body=p.body))
        elif (p.name or "").strip():
            kind = _choice(p.kind or ParticipantKind.PERSON, list(ParticipantKind.values), "participants",
                           "Loại thành phần")
            out.append(Participant(kind=kind, name=_text(p.name, "participants", "Đại biểu, đơn vị", 255), role=role))
    return out


@transaction.atomic
def conference_record(
    *, actor: Actor, organization: Organization, kind: str, title: str, held_on: date, chair: str,
    participants: Sequence[ParticipantInput | tuple[str, str]], place: str = "", regulation: Regulation | None = None,
    results: str = "", conclusions: str = "", tasks: list[TaskInput] | None = None,
) -> Conference:
    """A conference with its participants (people: members of the scope or outsiders; bodies: party organisations
    or other agencies); its conclusions' tasks join the linked regulation (numbered after its own) or stand as the
    conference's tasks."""
    require(actor, "manage_org", organization)
    _choice(kind, list(ConferenceKind.values), "kind", "Loại hội nghị")
    if not isinstance(held_on, date):
        raise DomainError("Chưa nhập ngày hội nghị.", field="held_on", rule="required")
    check_not_future(held_on, "held_on")
    if regulation is not None and regulation.organization_id != organization.pk:
        scope = scope_of(actor)
        if not scope.sees(regulation.organization_id):
            raise DomainError("Quy chế, kế hoạch không tồn tại.", field="regulation_id", rule="regulation_unknown")
    people = _participants(actor, organization, participants)
    conf = Conference.objects.create(
        organization=organization, kind=kind, title=_text(title, "title", "Tên hội nghị", 500), held_on=held_on,
        place=_text(place, "place", "Địa điểm", 255, required=False), chair=_text(chair, "chair", "Chủ trì", 255),
        regulation=regulation, results=(results or "").strip(), conclusions=(conclusions or "").strip(),
        created_by=recorded_by(actor),
    )
    for p in people:
        p.conference = conf
    Participant.objects.bulk_create(people)
    if tasks:
        parties = {p.key: p for p in regulation.parties.all()} if regulation else {}
        used = set(regulation.tasks.values_list("number", flat=True)) if regulation else set()
        start = max(used, default=0)
        for i, t in enumerate(tasks, 1):
            if regulation is not None:
                t.number = start + i
                if search_key(t.lead) not in parties:  # a conclusion may name a body outside the regulation
                    parties[search_key(t.lead)] = Party.objects.create(
                        regulation=regulation, name=t.lead.strip()[:255], key=search_key(t.lead))
            _add_task(regulation=regulation, organization=organization, conference=conf, t=t, parties=parties,
                      used=used)
    audit(actor, "conference_record", conf, after={**snapshot(conf), "participants": len(people),
                                                   "tasks": len(tasks or [])})
    return conf


# ---------------------------------------------------------------- commendations


@transaction.atomic
def commendation_record(
    *, actor: Actor, organization: Organization, year: int, level: str, reason: str, document_text: str,
    document: Document | None = None, decided_on: date | None = None, members: list[Member] | None = None,
    organizations: list[Organization] | None = None, rating_entries: dict[tuple[str, int], int] | None = None,
) -> Commendation:
    """One decision commending organisations and members for a year (each subject in the committee's subtree
    and the actor's scope); rating entries link the subjects proposed from a confirmed round."""
    require(actor, "manage_org", organization)
    _choice(level, list(CommendationLevel.values), "level", "Hình thức")
    if not isinstance(year, int) or not 1930 <= year <= timezone.localdate().year:
        raise DomainError("Năm khen thưởng không hợp lệ.", field="year", rule="year_range")
    document_text = document.number if document else _text(document_text, "document", "Số quyết định", 64)
    members, organizations = members or [], organizations or []
    if not members and not organizations:
        raise DomainError("Chưa chọn tổ chức hoặc đảng viên được khen.", field="subjects", rule="required")
    prefix = organization.path
    for o in organizations:
        if not o.path.startswith(prefix):
            raise DomainError(f"{o.name} không trực thuộc {organization.name}.", field="subjects",
                              rule="subject_outside")
    for m in members:
        if not m.organization.path.startswith(prefix):
            raise DomainError(f"{m.full_name} không sinh hoạt trong {organization.name}.", field="subjects",
                              rule="subject_outside")
        require(actor, "view", m.organization)
    entries = rating_entries or {}
    com = Commendation.objects.create(
        organization=organization, year=year, level=level, document=document, document_text=document_text,
        reason=_text(reason, "reason", "Thành tích", 500), decided_on=decided_on, created_by=recorded_by(actor),
    )
    CommendationSubject.objects.bulk_create(
        [CommendationSubject(commendation=com, member=m, rating_entry_id=entries.get(("member", m.pk)))
         for m in dict.fromkeys(members)]
        + [CommendationSubject(commendation=com, subject_org=o, rating_entry_id=entries.get(("organization", o.pk)))
           for o in dict.fromkeys(organizations)]
    )
    audit(actor, "commendation_record", com, after={**snapshot(com), "members": [m.pk for m in members],
                                                    "organizations": [o.pk for o in organizations]})
    return com


@transaction.atomic
def commendation_void(*, actor: Actor, commendation: Commendation, reason: str) -> Commendation:
    """Void a commendation recorded by mistake (kept, with the reason); it leaves the lists and may be recorded
    again."""
    commendation = Commendation.objects.select_for_update().select_related("organization").get(pk=commendation.pk)
    require(actor, "manage_org", commendation.organization)
    if commendation.voided_at is not None:
        raise DomainError("Khen thưởng này đã hủy.", field="commendation", rule="already_voided")
    reason = _text(reason, "reason", "Lý do hủy", 255)
    before = snapshot(commendation)
    commendation.voided_at, commendation.void_reason = timezone.now(), reason
    commendation.save(update_fields=["voided_at", "void_reason"])
    audit(actor, "commendation_void", commendation, before=before, after=snapshot(commendation))
    return commendation
