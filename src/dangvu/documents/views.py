"""Pages: the document register, regulations and their task board, task lists (a party's, overdue, due this
month), conferences (minutes, Word), commendations (with the proposal from a confirmed rating round) and the
badges of an occasion (due list, bulk award). Thin: parse, call a service or selector, render."""

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.http import add_domain_error, parse_date_param, scoped_view
from dangvu.members.badges import (
    BadgeItem,
    badge_award,
    badge_void,
    badges_awarded_in,
    badges_due,
    check_occasion,
    next_occasion,
    occasions_of,
)
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import PATH_SEPARATOR, parent_names
from dangvu.orgs.scope import can, visible_organizations
from dangvu.orgs.selectors import organization_or_default
from dangvu.ratings.models import RatingRound
from dangvu.ratings.population import round_leader_members
from dangvu.ratings.selectors import rating_round_get

from .export import conference_docx
from .forms import (
    TASK_ROWS,
    BadgeAwardForm,
    CommendationForm,
    ConferenceForm,
    DocumentForm,
    IssuerForm,
    ProgressForm,
    RegulationForm,
    StatusForm,
    TaskForm,
    VoidForm,
    task_rows,
)
from .models import Progress
from .schedule import STATE_LABELS
from .selectors import (
    PICK_LIMIT,
    award_get,
    commendation_candidates,
    commendation_get,
    commendations_of,
    conference_get,
    conference_minutes,
    conference_task_get,
    conferences_of,
    confirmed_rounds,
    document_get,
    document_pick,
    document_types,
    documents_matching,
    party_names,
    people_pick,
    regulation_get,
    regulations_of,
    task_board,
    tasks_list,
)
from .services import (
    TaskInput,
    commendation_record,
    commendation_void,
    conference_record,
    document_ref,
    document_register,
    document_set_status,
    issuer_add,
    progress_report,
    regulation_create,
    task_add,
    task_cancel,
)
from .uses import document_uses, link_records


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _org(request: HttpRequest) -> Organization:
    return organization_or_default(request.user, _int(request.GET.get("organization_id")
                                                       or request.POST.get("organization_id")))


def _orgs(request: HttpRequest, current: Organization) -> list[tuple[int, str]]:
    """The committees of the filter, the page's own organisation always among them (a cell secretary's cell: the
    list of committees was empty for her)."""
    qs = visible_organizations(request.user).filter(dissolved_on__isnull=True).exclude(kind__contains="cell")
    rows = list(qs.order_by("path").values_list("pk", "name")[:300])
    return rows if any(pk == current.pk for pk, _ in rows) else [(current.pk, current.name), *rows]


def _year(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and 1930 <= int(raw) <= 2100 else None


# ---------------------------------------------------------------- documents


REGISTER_PAGE_SIZE = 50


@scoped_view
def index(request: HttpRequest) -> HttpResponse:
    """The register: search (number, words without accents, type, dates) and, for the committee's officers, the
    registration form and the issuers list."""
    org = _org(request)
    manage = can(request.user, "manage_org", org)
    start, e1 = parse_date_param(request.GET.get("from"), date(1930, 1, 1))
    end, e2 = parse_date_param(request.GET.get("to"), today())
    form, issuer_form = DocumentForm(initial={"issued_on": today()}), IssuerForm()
    if request.method == "POST" and manage:
        if request.POST.get("action") == "issuer":
            issuer_form = IssuerForm(request.POST)
            if issuer_form.is_valid():
                try:
                    i = issuer_add(actor=request.user, organization=org, **issuer_form.cleaned_data)
                    messages.success(request, f"Đã thêm cơ quan ban hành {i.code}.")
                    return redirect(f"{reverse('documents:index')}?organization_id={org.pk}")
                except DomainError as e:
                    add_domain_error(issuer_form, e)
        else:
            form = DocumentForm(request.POST, request.FILES)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    links: dict[str, Any] = {}
                    for k in ("replaces", "implements"):
                        doc, text = document_ref(request.user, d[k])
                        if text and doc is None:
                            raise DomainError(f"Văn bản «{text}» chưa được đăng ký.", field=k, rule="document_unknown")
                        links[k] = doc
                    doc = document_register(
                        actor=request.user, organization=org, number=d["number"], issued_on=d["issued_on"],
                        title=d["title"], term=d["term"] or None, signer=d["signer"], summary=d["summary"],
                        file=d["file"], **links,
                    )
                    messages.success(request, f"Đã đăng ký văn bản {doc.number}.")
                    return redirect("documents:detail", pk=doc.pk)
                except DomainError as e:
                    add_domain_error(form, e)
    matching = documents_matching(request.user, q=request.GET.get("q", "")[:200],
                                  type_code=request.GET.get("type", "")[:8],
                                  start=start if request.GET.get("from") else None,
                                  end=end if request.GET.get("to") else None)
    # Paged: the register grows every year (it was one page of all, silently cut at 200 documents).
    page = Paginator(matching, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    bad = bool(form.errors or issuer_form.errors or e1 or e2)
    return render(request, "documents/index.html", {
        "org": org, "orgs": _orgs(request, org), "manage": manage, "form": form, "issuer_form": issuer_form,
        "rows": list(page.object_list), "total": page.paginator.count, "number": page.number,
        "pages": page.paginator.num_pages, "types": document_types(), "q": request.GET.get("q", ""),
        "type": request.GET.get("type", ""),
        "date_error": e1 or e2, "from": request.GET.get("from", ""), "to": request.GET.get("to", ""),
    }, status=400 if bad else 200)


@scoped_view
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document, what it decided (in the reader's scope), and for the committee's officers the status form:
    expired or replaced from a date, or in force again."""
    doc = document_get(request.user, pk)
    manage = can(request.user, "manage_org", doc.organization)
    status_form = StatusForm(initial={"status": doc.status, "on": doc.status_on or today()})
    if request.method == "POST":
        _require_manage(manage, doc.organization)
        status_form = StatusForm(request.POST)
        if status_form.is_valid():
            d = status_form.cleaned_data
            try:
                by, text = document_ref(request.user, d["replaced_by"])
                if text and by is None:
                    raise DomainError(f"Văn bản «{text}» chưa được đăng ký.", field="replaced_by",
                                      rule="document_unknown")
                document_set_status(actor=request.user, document=doc, status=d["status"], on=d["on"],
                                    replaced_by=by)
                messages.success(request, f"Đã ghi hiệu lực của văn bản {doc.number}: {doc.get_status_display()}.")
                return redirect("documents:detail", pk=doc.pk)
            except DomainError as e:
                add_domain_error(status_form, e)
    return render(request, "documents/detail.html", {
        "doc": doc, "replaced_by": list(doc.replaced_by.all()), "implemented_by": list(doc.implemented_by.all()),
        "regulations": list(doc.regulations.all()),
        "commendations": list(doc.commendations.filter(voided_at__isnull=True)),
        "uses": document_uses(request.user, doc), "manage": manage, "status_form": status_form,
    }, status=400 if status_form.errors else 200)


def _require_manage(allowed: bool, org: Organization) -> None:
    if not allowed:
        raise NotAllowed(f"Vai trò của bạn không được phép thực hiện thao tác này tại {org.name}.")


def _void_form(request: HttpRequest) -> tuple[VoidForm, int | None]:
    """The bound cancel/void form of a POST and the record it names (None when unreadable)."""
    form = VoidForm(request.POST)
    return form, (form.cleaned_data["target"] if form.is_valid() else _int(request.POST.get("target")))


@scoped_view
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    # FileResponse streams; scoped_view is typed for HttpResponse, which callers treat alike.
    doc = document_get(request.user, pk)
    if not doc.file:
        raise NotVisible
    name = doc.file_name or "van-ban"
    resp = cast(HttpResponse, FileResponse(doc.file.open("rb"), as_attachment=True, filename=name))
    return resp


@scoped_view
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        report = Progress.objects.select_related("task").get(pk=pk)
    except Progress.DoesNotExist:
        raise NotVisible from None
    if report.task.regulation_id:
        regulation_get(request.user, report.task.regulation_id)  # scope
    elif report.task.conference_id:
        conference_get(request.user, report.task.conference_id)
    else:
        raise NotVisible
    if not report.evidence:
        raise NotVisible
    resp = cast(HttpResponse, FileResponse(report.evidence.open("rb"), as_attachment=True,
                                      filename=report.evidence_name or "minh-chung"))
    return resp


@require_GET
@scoped_view
def people_pick_view(request: HttpRequest) -> JsonResponse:
    """?q=nguyen van → {"results": [{id, name, label}]}: members of the user's scope, for the participants' rows;
    ?round=ID → the members the user may rate as leaders in that rating round (ratings.population)."""
    q = (request.GET.get("q") or "")[:128]
    if "round" in request.GET:
        rnd = rating_round_get(request.user, request.GET.get("round"))
        return JsonResponse({"results": people_pick(request.user, q, members=round_leader_members(request.user, rnd))})
    return JsonResponse({"results": people_pick(request.user, q)})


@require_GET
@scoped_view
def pick(request: HttpRequest) -> JsonResponse:
    """?q=651 qd → {"results": [{id, number, title, issued_on, label}]}: registered documents the user may see."""
    rows = document_pick(request.user, (request.GET.get("q") or "")[:128], limit=PICK_LIMIT)
    return JsonResponse({"results": rows})


# ---------------------------------------------------------------- regulations and tasks


@scoped_view
def regulations(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    manage = can(request.user, "manage_org", org)
    form = RegulationForm(initial={"starts_on": today(), "parties": org.name})
    if request.method == "POST" and manage:
        form = RegulationForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                doc, text = document_ref(request.user, d["document"])
                reg = regulation_create(
                    actor=request.user, organization=org, kind=d["kind"], title=d["title"], starts_on=d["starts_on"],
                    ends_on=d["ends_on"], parties=form.party_names(), tasks=form.tasks(), document=doc,
                    document_text=text,
                )
                messages.success(request, f"Đã ghi {reg.get_kind_display().lower()} với {reg.tasks.count()} nhiệm vụ.")
                return redirect("documents:regulation", pk=reg.pk)
            except DomainError as e:
                add_domain_error(form, e, {"tasks.lead": "t1_lead", "tasks.number": "t1_number",
                                           "tasks.title": "t1_title", "tasks.due_on": "t1_due_on"})
    return render(request, "documents/regulations.html", {
        "org": org, "orgs": _orgs(request, org), "manage": manage, "form": form,
        "rows": regulations_of(request.user, org),
        "task_rows": task_rows(form, TASK_ROWS),
    }, status=400 if form.errors else 200)


@scoped_view
def regulation(request: HttpRequest, pk: int) -> HttpResponse:
    """The task board: each numbered task with its lead, supporting parties, due date or recurrence, state and
    reports; a progress form and an add-task form."""
    reg = regulation_get(request.user, pk)
    on, date_error = parse_date_param(request.GET.get("on"), today())
    manage = can(request.user, "manage_org", reg.organization)
    may_report = can(request.user, "record_member", reg.organization)
    parties = [p.name for p in reg.parties.order_by("id")]
    progress, task_form = ProgressForm(initial={"on": today()}), TaskForm(parties=parties)
    vform, void_target = VoidForm(), None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                _require_manage(manage, reg.organization)
                vform, void_target = _void_form(request)
                if vform.is_valid():
                    task = reg.tasks.filter(pk=vform.cleaned_data["target"]).first()
                    if task is None:
                        raise NotVisible
                    task_cancel(actor=request.user, task=task, reason=vform.cleaned_data["reason"])
                    messages.success(request, f"Đã hủy nhiệm vụ {task.number}.")
                    return redirect("documents:regulation", pk=reg.pk)
            elif action == "progress" and may_report:
                progress = ProgressForm(request.POST, request.FILES)
                if progress.is_valid():
                    d = progress.cleaned_data
                    task = reg.tasks.filter(pk=d["task"]).first()
                    if task is None:
                        raise DomainError("Không có nhiệm vụ này.", field="task", rule="task_unknown")
                    progress_report(actor=request.user, task=task, on=d["on"], text=d["text"], percent=d["percent"],
                                    evidence=d["evidence"])
                    messages.success(request, f"Đã ghi tiến độ nhiệm vụ {task.number}.")
                    return redirect("documents:regulation", pk=reg.pk)
            elif action == "task" and manage:
                task_form = TaskForm(request.POST, parties=parties)
                if task_form.is_valid():
                    d = task_form.cleaned_data
                    t = task_add(actor=request.user, regulation=reg, task=TaskInput(
                        number=d["number"], title=d["title"], lead=d["lead"], supporting=d["supporting"],
                        expected_output=d["expected_output"], due_on=d["due_on"], recurrence=d["recurrence"] or ""))
                    messages.success(request, f"Đã thêm nhiệm vụ {t.number}.")
                    return redirect("documents:regulation", pk=reg.pk)
        except DomainError as e:
            add_domain_error({"progress": progress, "cancel": vform}.get(action or "", task_form), e)
    bad = bool(progress.errors or task_form.errors or vform.errors or date_error)
    return render(request, "documents/regulation.html", {
        "reg": reg, "parties": parties, "rows": task_board(request.user, reg, on), "on": on, "date_error": date_error,
        "manage": manage, "may_report": may_report, "progress": progress, "task_form": task_form,
        "conferences": list(reg.conferences.order_by("-held_on")),
        "progress_task": _int(request.POST.get("task")) if progress.errors else None,
        "vform": vform, "void_target": void_target if vform.errors else None,
    }, status=400 if bad else 200)


@scoped_view
def tasks(request: HttpRequest) -> HttpResponse:
    """Tasks across regulations: overdue, due this month, open, or all; of a party; on a date."""
    org = _org(request)
    on, date_error = parse_date_param(request.GET.get("on"), today())
    state = request.GET.get("state", "open")
    if state not in ("overdue", "due", "open", "all"):
        state = "open"
    party = (request.GET.get("party") or "")[:255]
    rows = tasks_list(request.user, on=on, organization=org, party=party, state="" if state == "all" else state)
    return render(request, "documents/tasks.html", {
        "org": org, "orgs": _orgs(request, org), "rows": rows, "on": on, "state": state, "party": party,
        "parties": party_names(request.user), "date_error": date_error,
        "states": [("overdue", "Quá hạn"), ("due", "Đến hạn trong tháng"), ("open", "Chưa hoàn thành"),
                   ("all", "Tất cả")],
        "labels": STATE_LABELS,
    }, status=400 if date_error else 200)


# ---------------------------------------------------------------- conferences


@scoped_view
def conferences(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    manage = can(request.user, "manage_org", org)
    year = _year(request.GET.get("year"))
    regs = [(r.pk, r.title[:120]) for r in regulations_of(request.user, org)]
    form = ConferenceForm(initial={"held_on": today()}, regulations=regs)
    if request.method == "POST" and manage:
        form = ConferenceForm(request.POST, regulations=regs)
        if form.is_valid():
            d = form.cleaned_data
            try:
                reg = regulation_get(request.user, d["regulation"]) if d["regulation"] else None
                members = Member.objects.select_related("organization").in_bulk(form.picked("p", "member"))
                picked_orgs = Organization.objects.in_bulk(form.picked("b", "org"))
                conf = conference_record(
                    actor=request.user, organization=org, kind=d["kind"], title=d["title"], held_on=d["held_on"],
                    place=d["place"], chair=d["chair"], regulation=reg,
                    participants=form.participant_rows(members, picked_orgs),
                    results=d["results"], conclusions=d["conclusions"], tasks=form.tasks(),
                )
                messages.success(request, "Đã ghi hội nghị.")
                return redirect("documents:conference", pk=conf.pk)
            except DomainError as e:
                add_domain_error(form, e, {"tasks.lead": "t1_lead", "tasks.title": "t1_title"})
    return render(request, "documents/conferences.html", {
        "org": org, "orgs": _orgs(request, org), "manage": manage, "form": form, "year": year,
        "rows": conferences_of(request.user, org, year), "task_rows": task_rows(form, 4),
        "people_rows": form.people_rows(), "body_rows": form.body_rows(),
        "main_fields": ["kind", "title", "held_on", "place", "chair", "regulation", "results", "conclusions"],
    }, status=400 if form.errors else 200)


@scoped_view
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes; a committee that manages the conference's organisation cancels a task its conclusions set
    (kept with the reason, as a regulation's tasks are)."""
    conf = conference_get(request.user, pk)
    manage = can(request.user, "manage_org", conf.organization)
    vform, void_target = VoidForm(), None
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _require_manage(manage, conf.organization)
        vform, void_target = _void_form(request)
        if vform.is_valid():
            task = conference_task_get(conf, vform.cleaned_data["target"])
            try:
                task_cancel(actor=request.user, task=task, reason=vform.cleaned_data["reason"])
            except DomainError as e:
                add_domain_error(vform, e)
            else:
                messages.success(request, f"Đã hủy nhiệm vụ {task.number}.")
                return redirect("documents:conference", pk=conf.pk)
    return render(request, "documents/conference.html", {
        "conf": conf, **conference_minutes(conf), "manage": manage, "vform": vform,
        "void_target": void_target if vform.errors else None,
    }, status=400 if vform.errors else 200)


@scoped_view
def conference_word(request: HttpRequest, pk: int) -> HttpResponse:
    conf = conference_get(request.user, pk)
    data = conference_docx(conf, **conference_minutes(conf))
    resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    resp["Content-Disposition"] = f'attachment; filename="bien-ban-hoi-nghi-{conf.pk}.docx"'
    return resp


# ---------------------------------------------------------------- commendations


@scoped_view
def commendations(request: HttpRequest) -> HttpResponse:
    """Commendations per year and organisation; the proposal from a confirmed round (?round=ID) lists its
    "xuất sắc" entries not yet commended, to commend in one decision."""
    org = _org(request)
    manage = can(request.user, "manage_org", org)
    year = _year(request.GET.get("year"))
    rnd: RatingRound | None = None
    candidates: list[Any] = []
    round_id = _int(request.GET.get("round") or request.POST.get("round"))
    if round_id:
        rnd = next((r for r in confirmed_rounds(request.user, org) if r.pk == round_id), None)
        if rnd is None:
            raise NotVisible
        candidates = commendation_candidates(request.user, rnd)
    form = CommendationForm(initial={"year": rnd.year if rnd else (year or today().year - 1),
                                     "reason": "Hoàn thành xuất sắc nhiệm vụ tiêu biểu" + (f" năm {rnd.year}" if rnd
                                                                                          else "")})
    vform, void_target = VoidForm(), None
    if request.method == "POST" and request.POST.get("action") == "void":
        vform, void_target = _void_form(request)
        if vform.is_valid():
            com = commendation_get(request.user, void_target)
            try:
                commendation_void(actor=request.user, commendation=com, reason=vform.cleaned_data["reason"])
                messages.success(request, f"Đã hủy khen thưởng {com.document_text} (vẫn lưu kèm lý do).")
                return redirect(f"{reverse('documents:commendations')}?organization_id={org.pk}&year={com.year}")
            except DomainError as e:
                add_domain_error(vform, e)
    elif request.method == "POST" and manage:
        form = CommendationForm(request.POST)
        chosen = {int(x) for x in request.POST.getlist("entry") if x.isdigit()}
        picked = [c for c in candidates if c.pk in chosen]
        if form.is_valid():
            d = form.cleaned_data
            try:
                doc, text = document_ref(request.user, d["document"])
                members = [c.member for c in picked if c.member_id]
                orgs = [c.organization for c in picked if c.organization_id]
                entries = {("member", c.member_id): c.pk for c in picked if c.member_id}
                entries.update({("organization", c.organization_id): c.pk for c in picked if c.organization_id})
                com = commendation_record(
                    actor=request.user, organization=org, year=d["year"], level=d["level"], reason=d["reason"],
                    document=doc, document_text=text, decided_on=d["decided_on"], members=members,
                    organizations=orgs, rating_entries=entries,  # type: ignore[arg-type]
                )
                messages.success(request, f"Đã ghi khen thưởng {com.subjects.count()} đối tượng.")
                return redirect(f"{reverse('documents:commendations')}?organization_id={org.pk}&year={com.year}")
            except DomainError as e:
                add_domain_error(form, e)
    return render(request, "documents/commendations.html", {
        "org": org, "orgs": _orgs(request, org), "manage": manage, "form": form, "year": year,
        "rows": commendations_of(request.user, org, year), "rounds": confirmed_rounds(request.user, org),
        "round": rnd, "candidates": candidates, "vform": vform, "void_target": void_target if vform.errors else None,
    }, status=400 if (form.errors or vform.errors) else 200)


# ---------------------------------------------------------------- badges


@scoped_view
def badges(request: HttpRequest) -> HttpResponse:
    """An occasion's due list for the subtree (flagged early/posthumous candidates apart) and the bulk award under
    one decision; the awards of the occasion and the year's figures by milestone."""
    org = _org(request)
    t = today()
    occasion, date_error = parse_date_param(request.GET.get("occasion") or request.POST.get("occasion"),
                                            next_occasion(t))
    try:
        check_occasion(occasion)
    except DomainError as e:
        date_error, occasion = e.message, next_occasion(t)
    may_award = can(request.user, "record_member", org)
    form = BadgeAwardForm(initial={"awarded_on": occasion})
    vform, void_target = VoidForm(), None
    if request.method == "POST" and request.POST.get("action") == "void":
        vform, void_target = _void_form(request)
        if vform.is_valid():
            award = award_get(request.user, void_target)
            try:
                badge_void(actor=request.user, award=award, reason=vform.cleaned_data["reason"])
                messages.success(request, f"Đã hủy ghi tặng Huy hiệu {award.years} năm cho {award.member.full_name}.")
                return redirect(f"{reverse('documents:badges')}?organization_id={org.pk}&occasion={occasion}")
            except DomainError as e:
                add_domain_error(vform, e)
    elif request.method == "POST" and may_award:
        form = BadgeAwardForm(request.POST)
        if form.is_valid():
            items = []
            for raw in request.POST.getlist("award"):
                member_id, _, years = raw.partition(":")
                if member_id.isdigit() and years.isdigit() and len(member_id) < 10:
                    flag = request.POST.get(f"flag_{member_id}", "")
                    items.append((int(member_id), int(years), flag))
            try:
                members = Member.objects.select_related("organization").in_bulk([i[0] for i in items])
                awards = badge_award(
                    actor=request.user, occasion_on=occasion, document=form.cleaned_data["document"],
                    awarded_on=form.cleaned_data["awarded_on"],
                    items=[BadgeItem(member=members[m], years=y, early=f == "early", posthumous=f == "posthumous")
                           for m, y, f in items if m in members],
                )
                link_records(awards)  # a bulk insert: no post_save
                messages.success(request, f"Đã trao Huy hiệu Đảng cho {len(awards)} đồng chí.")
                return redirect(f"{reverse('documents:badges')}?organization_id={org.pk}&occasion={occasion}")
            except DomainError as e:
                add_domain_error(form, e)
    due = badges_due(request.user, org, occasion)
    # Cells of one name under many committees ("Chi bộ Khoa Ngoại"): each row says whose cell it is.
    parents = parent_names({r.organization_id for r in due})
    cells = {r.organization_id: f"{parents[r.organization_id]}{PATH_SEPARATOR}{r.organization_name}"
             for r in due if r.organization_id in parents}
    awarded = badges_awarded_in(request.user, org, start=date(occasion.year, 1, 1), end=date(occasion.year, 12, 31))
    figures: dict[int, int] = {}
    for a in awarded:
        figures[a.years] = figures.get(a.years, 0) + 1
    return render(request, "documents/badges.html", {
        "org": org, "orgs": _orgs(request, org), "occasion": occasion, "date_error": date_error, "form": form,
        "may_award": may_award, "due": [r for r in due if not r.flag], "flagged": [r for r in due if r.flag],
        "awarded": [a for a in awarded if a.occasion_on == occasion], "figures": sorted(figures.items()),
        "year_total": len(awarded), "cells": cells,
        "occasions": [d for y in (occasion.year - 1, occasion.year, occasion.year + 1) for d in occasions_of(y)],
        "vform": vform, "void_target": void_target if vform.errors else None,
    }, status=400 if (form.errors or vform.errors or date_error) else 200)
