"""Documents API: the register (POST/GET /documents), regulations with tasks and progress, the task lists,
conferences, commendations, and party badges (due list and bulk award) — docs/API-documents.md."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.members.badges import BadgeItem, badge_award, badge_void, badges_due, check_occasion
from dangvu.members.models import Member
from dangvu.members.selectors import member_get
from dangvu.orgs.selectors import org_get, organization_or_default

from .models import CommendationLevel, ConferenceKind, Document, RegulationKind
from .selectors import (
    award_get,
    commendation_get,
    commendations_of,
    conference_get,
    conference_task_get,
    conference_task_rows,
    conferences_of,
    document_get,
    document_org,
    documents_search,
    regulation_get,
    task_get,
    tasks_list,
)
from .services import (
    ParticipantInput,
    TaskInput,
    commendation_record,
    commendation_void,
    conference_record,
    document_ref,
    document_register,
    document_set_status,
    progress_report,
    regulation_create,
    task_cancel,
)
from .uses import document_uses, link_records

router = Router(tags=["Văn bản, quy chế, hội nghị, khen thưởng, huy hiệu"])
ID = Field(..., ge=1, le=2**31 - 1)
OPT_ID = Field(None, ge=1, le=2**31 - 1)


# ---------------------------------------------------------------- documents


class DocumentIn(Schema):
    number: str = Field(..., max_length=64, description="Số, ký hiệu: 651-QĐ/TU")
    issued_on: date
    title: str = Field(..., max_length=500)
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Cấp ủy lưu văn bản")
    issuer_id: int | None = Field(None, ge=1, le=2**31 - 1)
    term: str | None = Field(None, max_length=9, description="Nhiệm kỳ 2020-2025; mặc định theo ngày ban hành")
    signer: str = Field("", max_length=128)
    summary: str = Field("", max_length=20000)
    replaces_id: int | None = Field(None, ge=1, le=2**31 - 1)
    implements_id: int | None = Field(None, ge=1, le=2**31 - 1)


class DocumentOut(Schema):
    id: int
    number: str
    serial: int
    type: str
    type_name: str
    issuer: str
    issuer_name: str
    term: str
    issued_on: date
    title: str
    summary: str
    signer: str
    status: str
    organization_id: int
    replaces_id: int | None
    implements_id: int | None
    has_file: bool


def _doc_out(d: Document) -> dict[str, Any]:
    return {"id": d.pk, "number": d.number, "serial": d.serial, "type": d.doc_type.code, "type_name": d.doc_type.name,
            "issuer": d.issuer.code, "issuer_name": d.issuer.name, "term": d.term, "issued_on": d.issued_on,
            "title": d.title, "summary": d.summary, "signer": d.signer, "status": d.status,
            "organization_id": d.organization_id, "replaces_id": d.replaces_id, "implements_id": d.implements_id,
            "has_file": bool(d.file)}


@router.post("/documents", response={201: DocumentOut, **ERRORS})
def document_create_route(request: HttpRequest, payload: DocumentIn) -> Status:
    """Đăng ký văn bản. 422: `document_number` (sai dạng số-LOẠI/CƠ QUAN, loại hoặc cơ quan ban hành không có trong
    danh mục), `document_duplicate` (trùng số cùng loại, cơ quan ban hành, nhiệm kỳ)."""
    user = caller(request)
    org = organization_or_default(user, payload.organization_id)
    links = {k: document_get(user, v) if v else None
             for k, v in (("replaces", payload.replaces_id), ("implements", payload.implements_id))}
    d = document_register(
        actor=user, organization=org, number=payload.number, issued_on=payload.issued_on, title=payload.title,
        term=payload.term, issuer_id=payload.issuer_id, signer=payload.signer, summary=payload.summary, **links,
    )
    return Status(201, _doc_out(d))


class DocumentsQuery(Schema):
    q: str = Field("", max_length=200, description="Số hoặc từ trong trích yếu, không cần dấu")
    type: str = Field("", max_length=8, description="Loại: NQ, QĐ, ...")
    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)


class DocumentsOut(Schema):
    items: list[DocumentOut]


@router.get("/documents", response={200: DocumentsOut, **ERRORS})
def documents_route(request: HttpRequest, query: Query[DocumentsQuery]) -> dict[str, Any]:
    """Tra cứu văn bản theo số, từ khóa (không dấu), loại, khoảng ngày ban hành (tối đa 200, mới nhất trước)."""
    user = caller(request)
    org = org_get(user, query.organization_id) if query.organization_id else None
    rows = documents_search(user, q=query.q, type_code=query.type, start=query.start, end=query.end, organization=org)
    return {"items": [_doc_out(d) for d in rows]}


@router.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def document_route(request: HttpRequest, document_id: int) -> dict[str, Any]:
    return _doc_out(document_get(caller(request), document_id))


class UseRowOut(Schema):
    text: str
    url: str = Field(..., description="Trang của bản ghi (rỗng khi không có trang riêng)")
    on: date | None
    note: str = Field("", description="Ví dụ «đã hủy», «đã rút»")


class UseGroupOut(Schema):
    kind: str
    label: str
    count: int = Field(..., description="Tổng số bản ghi loại này trong phạm vi người dùng")
    items: list[UseRowOut] = Field(..., description="Tối đa `per_kind` bản ghi đầu tiên theo ngày")


class UsesQuery(Schema):
    per_kind: int = Field(50, ge=1, le=500)


@router.get("/documents/{document_id}/uses", response={200: list[UseGroupOut], **ERRORS})
def document_uses_route(request: HttpRequest, document_id: int, query: Query[UsesQuery]) -> list[dict[str, Any]]:
    """Những gì văn bản đã quyết định, trong phạm vi người dùng: theo loại (sự kiện đảng viên, kết nạp, sự kiện tổ
    chức, chỉ tiêu, xếp loại, huy hiệu...), số bản ghi và các bản ghi đầu tiên theo ngày — như trang văn bản."""
    user = caller(request)
    groups = document_uses(user, document_get(user, document_id), per_kind=query.per_kind)
    return [{"kind": g.kind, "label": g.label, "count": g.count,
             "items": [{"text": r.text, "url": r.url, "on": r.on, "note": r.note} for r in g.rows]}
            for g in groups]


class StatusIn(Schema):
    status: str = Field(..., description="in_force | replaced | expired")
    on: date | None = Field(None, description="Hết hiệu lực, bị thay thế từ ngày (bắt buộc trừ in_force)")
    replaced_by_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Văn bản đã đăng ký thay thế")


@router.post("/documents/{document_id}/status", response={200: DocumentOut, **ERRORS})
def document_status_route(request: HttpRequest, document_id: int, payload: StatusIn) -> dict[str, Any]:
    """Ghi văn bản hết hiệu lực (`expired`), bị thay thế (`replaced`, kèm `replaced_by_id` nếu văn bản thay thế đã
    đăng ký) hoặc còn hiệu lực trở lại. 422: `choices`, `required` (thiếu ngày), `period_order`, `document_status`,
    `document_unknown`."""
    user = caller(request)
    doc = document_get(user, document_id)
    by = None
    if payload.replaced_by_id:
        try:
            by = document_get(user, payload.replaced_by_id)
        except NotVisible:
            raise DomainError(f"Không có văn bản mã {payload.replaced_by_id}.", field="replaced_by_id",
                              rule="document_unknown") from None
    return _doc_out(document_set_status(actor=user, document=doc, status=payload.status, on=payload.on,
                                        replaced_by=by))


class ReasonIn(Schema):
    reason: str = Field(..., max_length=255, description="Lý do hủy (bản ghi vẫn được lưu)")


# ---------------------------------------------------------------- regulations and tasks


class TaskIn(Schema):
    number: int = Field(..., ge=1, le=999)
    title: str = Field(..., max_length=500)
    lead: str = Field(..., max_length=255, description="Tên bên chủ trì (một trong parties)")
    supporting: list[str] = Field(default_factory=list, max_length=50)
    expected_output: str = Field("", max_length=500)
    due_on: date | None = None
    recurrence: str = Field("", description="'' | monthly | quarterly | yearly")
    indicator: str = Field("", max_length=64)


class RegulationIn(Schema):
    title: str = Field(..., max_length=500)
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: str = Field(RegulationKind.COORDINATION.value, description="coordination | plan | programme")
    document_id: int | None = Field(None, ge=1, le=2**31 - 1)
    document: str = Field("", max_length=64, description="Số văn bản (khi chưa đăng ký)")
    parties: list[str] = Field(..., max_length=50)
    starts_on: date
    ends_on: date | None = None
    tasks: list[TaskIn] = Field(default_factory=list, max_length=200)


class TaskOut(Schema):
    id: int
    regulation_id: int | None
    conference_id: int | None
    number: int
    title: str
    lead: str
    supporting: list[str]
    expected_output: str
    due_on: date | None
    recurrence: str
    percent: int
    state: str
    state_label: str
    next_due: date | None
    cancel_reason: str = ""


class RegulationOut(Schema):
    id: int
    title: str
    kind: str
    organization_id: int
    document_id: int | None
    document: str
    parties: list[str]
    starts_on: date
    ends_on: date | None
    tasks: list[TaskOut]


def _task_in(t: TaskIn) -> TaskInput:
    return TaskInput(number=t.number, title=t.title, lead=t.lead, supporting=t.supporting,
                     expected_output=t.expected_output, due_on=t.due_on, recurrence=t.recurrence,
                     indicator=t.indicator)


def _task_out(r: Any) -> dict[str, Any]:
    t = r.task
    return {"id": t.pk, "regulation_id": t.regulation_id, "conference_id": t.conference_id, "number": t.number,
            "title": t.title, "lead": t.lead_name, "supporting": r.supporting, "expected_output": t.expected_output,
            "due_on": t.due_on, "recurrence": t.recurrence, "percent": t.percent, "state": r.state.state,
            "state_label": r.state.label, "next_due": r.state.next_due, "cancel_reason": t.cancel_reason}


def _regulation_out(user: Any, reg: Any) -> dict[str, Any]:
    from .selectors import task_board

    return {"id": reg.pk, "title": reg.title, "kind": reg.kind, "organization_id": reg.organization_id,
            "document_id": reg.document_id, "document": reg.document_text,
            "parties": [p.name for p in reg.parties.order_by("id")], "starts_on": reg.starts_on,
            "ends_on": reg.ends_on, "tasks": [_task_out(r) for r in task_board(user, reg, today())]}


@router.post("/regulations", response={201: RegulationOut, **ERRORS})
def regulation_create_route(request: HttpRequest, payload: RegulationIn) -> Status:
    """Quy chế phối hợp / kế hoạch với các bên tham gia và nhiệm vụ đánh số. 422: thiếu bên tham gia, chủ trì
    không thuộc các bên (`party_unknown`), trùng số nhiệm vụ, vừa hạn vừa định kỳ (`task_due`)."""
    user = caller(request)
    org = organization_or_default(user, payload.organization_id)
    doc, text = document_ref(user, payload.document, payload.document_id)
    reg = regulation_create(
        actor=user, organization=org, title=payload.title, kind=payload.kind, starts_on=payload.starts_on,
        ends_on=payload.ends_on, parties=payload.parties, tasks=[_task_in(t) for t in payload.tasks], document=doc,
        document_text=text,
    )
    return Status(201, _regulation_out(user, reg))


@router.get("/regulations/{regulation_id}", response={200: RegulationOut, **ERRORS})
def regulation_route(request: HttpRequest, regulation_id: int) -> dict[str, Any]:
    user = caller(request)
    return _regulation_out(user, regulation_get(user, regulation_id))


class ProgressIn(Schema):
    on: date
    text: str = Field(..., max_length=5000)
    percent: int = Field(..., ge=0, le=100)


class ProgressOut(Schema):
    id: int
    task_id: int
    on: date
    text: str
    percent: int


@router.post("/regulations/{regulation_id}/tasks/{task_id}/progress", response={201: ProgressOut, **ERRORS})
def progress_route(request: HttpRequest, regulation_id: int, task_id: int, payload: ProgressIn) -> Status:
    """Báo cáo tiến độ một nhiệm vụ (ngày, nội dung, % hoàn thành)."""
    user = caller(request)
    reg = regulation_get(user, regulation_id)
    task = task_get(user, reg, task_id)
    p = progress_report(actor=user, task=task, on=payload.on, text=payload.text, percent=payload.percent)
    return Status(201, {"id": p.pk, "task_id": task.pk, "on": p.on, "text": p.text, "percent": p.percent})


@router.post("/conferences/{conference_id}/tasks/{task_id}/cancel", response={200: TaskOut, **ERRORS})
def conference_task_cancel_route(
    request: HttpRequest, conference_id: int, task_id: int, payload: ReasonIn
) -> dict[str, Any]:
    """Hủy một nhiệm vụ do kết luận hội nghị đề ra, kèm lý do (vẫn được lưu). 422: `required`, `task_cancelled`;
    nhiệm vụ của hội nghị khác → 404."""
    user = caller(request)
    conf = conference_get(user, conference_id)
    task = task_cancel(actor=user, task=conference_task_get(conf, task_id), reason=payload.reason)
    return next(_task_out(r) for r in conference_task_rows(conf, today()) if r.task.pk == task.pk)


@router.post("/regulations/{regulation_id}/tasks/{task_id}/cancel", response={200: TaskOut, **ERRORS})
def task_cancel_route(request: HttpRequest, regulation_id: int, task_id: int, payload: ReasonIn) -> dict[str, Any]:
    """Hủy một nhiệm vụ kèm lý do (nhiệm vụ và các báo cáo vẫn được lưu, không còn trong danh sách quá hạn, đến
    hạn). 422: `required` (thiếu lý do), `task_cancelled` (đã hủy)."""
    from .selectors import task_board

    user = caller(request)
    reg = regulation_get(user, regulation_id)
    task = task_cancel(actor=user, task=task_get(user, reg, task_id), reason=payload.reason)
    return next(_task_out(r) for r in task_board(user, reg, today()) if r.task.pk == task.pk)


class TasksQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    overdue: bool = False
    due: bool = Field(False, description="Đến hạn trong tháng của ngày `on`")
    party: str = Field("", max_length=255)
    on: date | None = None


class TasksOut(Schema):
    on: date
    items: list[TaskOut]


@router.get("/tasks", response={200: TasksOut, **ERRORS})
def tasks_route(request: HttpRequest, query: Query[TasksQuery]) -> dict[str, Any]:
    """Nhiệm vụ của cây tổ chức (chủ trì hoặc phối hợp), quá hạn (`overdue=true`) hoặc đến hạn trong tháng
    (`due=true`) vào ngày `on` (mặc định hôm nay)."""
    user = caller(request)
    org = organization_or_default(user, query.organization_id)
    on = query.on or today()
    state = "overdue" if query.overdue else "due" if query.due else ""
    rows = tasks_list(user, on=on, organization=org, party=query.party, state=state)
    return {"on": on, "items": [_task_out(r) for r in rows]}


# ---------------------------------------------------------------- conferences


class ParticipantIn(Schema):
    """A person (`member_id` of a member of the committee's subtree, or a `name`) or a body (`organization_id` of a
    party organisation, or a `name` with `kind` "body")."""

    name: str = Field("", max_length=255)
    role: str = Field("", max_length=255)
    kind: str = Field("person", description="person | body (for a name; implied by member_id / organization_id)")
    member_id: int | None = Field(None, ge=1, le=2**31 - 1)
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)


class ParticipantOut(Schema):
    kind: str
    name: str
    role: str
    member_id: int | None
    organization_id: int | None


class ConclusionIn(Schema):
    title: str = Field(..., max_length=500)
    lead: str = Field(..., max_length=255)
    due_on: date | None = None
    recurrence: str = ""
    expected_output: str = Field("", max_length=500)


class ConferenceIn(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: str = Field(..., description="interim | final | enterprises | dialogue | forum | other")
    title: str = Field(..., max_length=500)
    held_on: date
    chair: str = Field(..., max_length=255)
    place: str = Field("", max_length=255)
    regulation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=500)
    results: str = Field("", max_length=50000)
    conclusions: str = Field("", max_length=50000)
    tasks: list[ConclusionIn] = Field(default_factory=list, max_length=100)


class ConferenceOut(Schema):
    id: int
    organization_id: int
    kind: str
    kind_label: str
    title: str
    held_on: date
    chair: str
    place: str
    regulation_id: int | None
    participants: list[ParticipantOut]
    results: str
    conclusions: str
    task_ids: list[int]


def _conf_out(c: Any) -> dict[str, Any]:
    return {"id": c.pk, "organization_id": c.organization_id, "kind": c.kind, "kind_label": c.get_kind_display(),
            "title": c.title, "held_on": c.held_on, "chair": c.chair, "place": c.place,
            "regulation_id": c.regulation_id,
            "participants": [{"kind": p.kind, "name": p.name, "role": p.role, "member_id": p.member_id,
                              "organization_id": p.body_id} for p in c.participants.all()],
            "results": c.results, "conclusions": c.conclusions, "task_ids": [t.pk for t in c.tasks.all()]}


@router.post("/conferences", response={201: ConferenceOut, **ERRORS})
def conference_create_route(request: HttpRequest, payload: ConferenceIn) -> Status:
    """Hội nghị sơ kết, tổng kết, gặp mặt doanh nghiệp, đối thoại; `tasks`: kết luận thành nhiệm vụ (nối tiếp số
    nhiệm vụ của quy chế liên kết)."""
    user = caller(request)
    org = organization_or_default(user, payload.organization_id)
    if payload.kind not in ConferenceKind.values:
        raise DomainError("Loại hội nghị không hợp lệ.", field="kind", rule="choices")
    reg = None
    if payload.regulation_id:
        try:
            reg = regulation_get(user, payload.regulation_id)
        except NotVisible:
            raise DomainError("Không có quy chế, kế hoạch này.", field="regulation_id",
                              rule="regulation_unknown") from None
    tasks = [TaskInput(number=i, title=t.title, lead=t.lead, due_on=t.due_on, recurrence=t.recurrence,
                       expected_output=t.expected_output) for i, t in enumerate(payload.tasks, 1)]
    c = conference_record(
        actor=user, organization=org, kind=payload.kind, title=payload.title, held_on=payload.held_on,
        chair=payload.chair, place=payload.place, regulation=reg,
        participants=[_participant_in(user, p) for p in payload.participants], results=payload.results,
        conclusions=payload.conclusions, tasks=tasks,
    )
    return Status(201, _conf_out(c))


def _participant_in(user: Any, p: ParticipantIn) -> ParticipantInput:
    if p.member_id and p.organization_id:
        raise DomainError("Mỗi thành phần là một đảng viên (member_id) hoặc một tổ chức (organization_id).",
                          field="participants", rule="participant_one_of")
    member = body = None
    try:
        if p.member_id:
            member = member_get(user, p.member_id)
        elif p.organization_id:
            body = document_org(user, p.organization_id)
    except NotVisible:
        what = "đảng viên" if p.member_id else "tổ chức"
        raise DomainError(f"Không có {what} mã {p.member_id or p.organization_id}.", field="participants",
                          rule="participant_unknown") from None
    if member is None and body is None and not p.name.strip():
        raise DomainError("Thành phần tham dự cần họ tên, đơn vị, member_id hoặc organization_id.",
                          field="participants", rule="required")
    return ParticipantInput(name=p.name, role=p.role, member=member, body=body, kind=p.kind)


class YearQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1930, le=2100)


class ConferencesOut(Schema):
    items: list[ConferenceOut]


@router.get("/conferences", response={200: ConferencesOut, **ERRORS})
def conferences_route(request: HttpRequest, query: Query[YearQuery]) -> dict[str, Any]:
    user = caller(request)
    org = organization_or_default(user, query.organization_id)
    rows = conferences_of(user, org, query.year)
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(rows, "participants", "tasks")
    return {"items": [_conf_out(c) for c in rows]}


# ---------------------------------------------------------------- commendations


class SubjectIn(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    member_id: int | None = Field(None, ge=1, le=2**31 - 1)


class CommendationIn(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Cấp ủy khen thưởng")
    year: int = Field(..., ge=1930, le=2100)
    document: str = Field("", max_length=64, description="Số quyết định (văn bản đã đăng ký hoặc văn bản khác)")
    document_id: int | None = Field(None, ge=1, le=2**31 - 1)
    level: str = Field(..., description="certificate | merit | flag | order")
    reason: str = Field(..., max_length=500)
    decided_on: date | None = None
    subjects: list[SubjectIn] = Field(..., max_length=2000)


class CommendationOut(Schema):
    id: int
    organization_id: int
    year: int
    level: str
    level_label: str
    document: str
    document_id: int | None
    reason: str
    subjects: list[SubjectIn]
    voided: bool = False
    void_reason: str = ""


def _com_out(c: Any) -> dict[str, Any]:
    return {"id": c.pk, "organization_id": c.organization_id, "year": c.year, "level": c.level,
            "level_label": c.get_level_display(), "document": c.document_text, "document_id": c.document_id,
            "reason": c.reason, "voided": c.voided_at is not None, "void_reason": c.void_reason,
            "subjects": [{"organization_id": s.subject_org_id, "member_id": s.member_id} for s in c.subjects.all()]}


@router.post("/commendations", response={201: CommendationOut, **ERRORS})
def commendation_create_route(request: HttpRequest, payload: CommendationIn) -> Status:
    """Khen thưởng (giấy khen, bằng khen, ...) cho tổ chức và đảng viên theo năm, với văn bản quyết định."""
    user = caller(request)
    org = organization_or_default(user, payload.organization_id)
    if payload.level not in CommendationLevel.values:
        raise DomainError("Hình thức khen thưởng không hợp lệ.", field="level", rule="choices")
    members: list[Member] = []
    orgs = []
    for s in payload.subjects:
        if bool(s.member_id) == bool(s.organization_id):
            raise DomainError("Mỗi đối tượng là một tổ chức (organization_id) hoặc một đảng viên (member_id).",
                              field="subjects", rule="subject_one_of")
        try:
            if s.member_id:
                members.append(member_get(user, s.member_id))
            elif s.organization_id:
                orgs.append(org_get(user, s.organization_id))
        except NotVisible:
            raise DomainError(f"Không có đối tượng mã {s.member_id or s.organization_id}.", field="subjects",
                              rule="subject_unknown") from None
    doc, text = document_ref(user, payload.document, payload.document_id)
    c = commendation_record(actor=user, organization=org, year=payload.year, level=payload.level,
                            reason=payload.reason, document=doc, document_text=text, decided_on=payload.decided_on,
                            members=members, organizations=orgs)
    return Status(201, _com_out(c))


class CommendationsOut(Schema):
    items: list[CommendationOut]


@router.get("/commendations", response={200: CommendationsOut, **ERRORS})
def commendations_route(request: HttpRequest, query: Query[YearQuery]) -> dict[str, Any]:
    user = caller(request)
    org = organization_or_default(user, query.organization_id)
    return {"items": [_com_out(c) for c in commendations_of(user, org, query.year)]}


@router.post("/commendations/{commendation_id}/void", response={200: CommendationOut, **ERRORS})
def commendation_void_route(request: HttpRequest, commendation_id: int, payload: ReasonIn) -> dict[str, Any]:
    """Hủy một quyết định khen thưởng ghi nhầm, kèm lý do (vẫn được lưu, không còn trong danh sách và số liệu).
    422: `required`, `already_voided`."""
    user = caller(request)
    c = commendation_void(actor=user, commendation=commendation_get(user, commendation_id), reason=payload.reason)
    return _com_out(c)


# ---------------------------------------------------------------- badges


class DueQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    occasion: date | None = Field(None, description="Ngày đợt trao (3/2, 19/5, 2/9, 7/11, ...); mặc định đợt tới")


class DueOut(Schema):
    member_id: int
    full_name: str
    organization_id: int
    organization_name: str
    years: int
    party_age_on_occasion: int
    flag: str = Field(..., description="'' đủ điều kiện; early: xét trao sớm; posthumous: xét truy tặng")


class DueListOut(Schema):
    occasion: date
    items: list[DueOut]


@router.get("/badges/due", response={200: DueListOut, **ERRORS})
def badges_due_route(request: HttpRequest, query: Query[DueQuery]) -> dict[str, Any]:
    """Đảng viên của cây tổ chức đủ mốc tuổi đảng vào đợt trao (tuổi đảng trừ thời gian gián đoạn), chưa nhận
    mốc đó; trường hợp trao sớm, truy tặng được đánh dấu để xem xét."""
    from dangvu.members.badges import next_occasion

    user = caller(request)
    org = organization_or_default(user, query.organization_id)
    occasion = query.occasion or next_occasion(today())
    check_occasion(occasion)
    rows = badges_due(user, org, occasion)
    return {"occasion": occasion, "items": [
        {"member_id": r.member_id, "full_name": r.full_name, "organization_id": r.organization_id,
         "organization_name": r.organization_name, "years": r.years, "party_age_on_occasion": r.party_age,
         "flag": r.flag} for r in rows]}


class AwardItemIn(Schema):
    member_id: int = ID
    years: int = Field(..., ge=1, le=100)
    early: bool = False
    posthumous: bool = False


class AwardsIn(Schema):
    occasion_on: date
    awarded_on: date | None = None
    document: str = Field(..., max_length=64)
    items: list[AwardItemIn] = Field(..., max_length=2000)


class AwardOut(Schema):
    id: int
    member_id: int
    years: int
    occasion_on: date
    awarded_on: date
    document: str
    party_age: int
    early: bool
    posthumous: bool
    voided: bool = False
    void_reason: str = ""


class AwardsOut(Schema):
    items: list[AwardOut]


@router.post("/badges/awards", response={201: AwardsOut, **ERRORS})
def badge_awards_route(request: HttpRequest, payload: AwardsIn) -> Status:
    """Trao Huy hiệu Đảng một đợt theo một quyết định, tất cả hoặc không. 422: `badge_not_due` (chưa đủ tuổi đảng),
    `badge_duplicate` (đã nhận mốc này), `badge_occasion` (ngày không phải đợt trao), `badge_milestone`."""
    user = caller(request)
    items = []
    for it in payload.items:
        try:
            m = member_get(user, it.member_id)
        except NotVisible:
            raise DomainError(f"Không có đảng viên mã {it.member_id}.", field="items", rule="member_unknown") from None
        items.append(BadgeItem(member=m, years=it.years, early=it.early, posthumous=it.posthumous))
    awards = badge_award(actor=user, occasion_on=payload.occasion_on, document=payload.document, items=items,
                         awarded_on=payload.awarded_on)
    link_records(awards)  # a bulk insert: no post_save
    return Status(201, {"items": [_award_out(a) for a in awards]})


def _award_out(a: Any) -> dict[str, Any]:
    return {"id": a.pk, "member_id": a.member_id, "years": a.years, "occasion_on": a.occasion_on,
            "awarded_on": a.awarded_on, "document": a.document, "party_age": a.party_age, "early": a.early,
            "posthumous": a.posthumous, "voided": a.voided_at is not None, "void_reason": a.void_reason}


@router.post("/badges/awards/{award_id}/void", response={200: AwardOut, **ERRORS})
def badge_void_route(request: HttpRequest, award_id: int, payload: ReasonIn) -> dict[str, Any]:
    """Hủy ghi tặng Huy hiệu Đảng ghi nhầm, kèm lý do (vẫn được lưu; không còn tính vào `badges_awarded`, mốc đó
    có thể được trao lại). 422: `required`, `already_voided`."""
    user = caller(request)
    return _award_out(badge_void(actor=user, award=award_get(user, award_id), reason=payload.reason))
