"""Admission pages: index, candidates, courses (register, enrolment, results, print), probation, figures.
Thin: parse, call a selector or service, render."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.members.models import MemberStatus
from dangvu.members.selectors import member_get
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import parent_names
from dangvu.orgs.scope import can
from dangvu.orgs.selectors import default_organization, org_get

from . import selectors, services
from .forms import (
    AdmitForm,
    CandidateFilterForm,
    CandidateForm,
    CandidatePoolForm,
    CourseForm,
    MemberPoolForm,
    PeriodForm,
    ProbationFilterForm,
    StepForm,
)
from .models import CourseKind, Stage

REGISTER_PAGE_SIZE = 100


def _org(request: HttpRequest) -> Organization:
    raw = request.GET.get("organization_id") or request.POST.get("organization_id")
    if raw:
        return org_get(request.user, int(raw) if raw.isdigit() else -1)
    org = default_organization(request.user)
    if org is not None:
        return org
    raise Http404("Bạn chưa được phân công tổ chức nào.")


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page") or "1"
    return max(1, int(raw)) if raw.isdigit() else 1


@scoped_view
def index(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    on = today()
    start = date(on.year, 1, 1)
    figures = selectors.admission_figures(request.user, org, start=start, end=on)
    probation = selectors.probation_due(request.user, org, on=on, within_days=30)
    return render(request, "admissions/index.html", {
        "org": org, "on": on, "start": start, "f": figures, "stages": Stage.choices,
        "due": [r for r in probation if r.which != "upcoming"], "probation": probation,
    })


@scoped_view
def candidate_list(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    # Open candidates unless the filter asks otherwise (the stage parameter absent, not empty = "all").
    query = request.GET.copy()
    query.setdefault("stage", "open")
    query.setdefault("organization_id", str(org.pk))
    form = CandidateFilterForm(query, user=request.user)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        page = selectors.candidates_of(request.user, org, stage=data.get("stage") or None, q=data.get("q", ""),
                                       page=_page(request))
    return render(request, "admissions/candidate_list.html", {
        "org": org, "form": form, "page": page, "may_record": can(request.user, "record_member", org),
    })


@scoped_view
def candidate_new(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = CandidateForm(request.POST or None, user=request.user,
                         initial={"organization": org.pk if org.is_cell else None, "proposed_on": today()})
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            c = services.candidate_record(
                actor=request.user, organization=d.pop("organization"), referred_by_org=d.pop("referred_by_org"),
                full_name=d.pop("full_name"), sex=d.pop("sex"), birth_date=d.pop("birth_date"),
                proposed_on=d.pop("proposed_on"), citizen_id=d.pop("citizen_id"),
                enterprise_ownership=d.pop("enterprise_ownership") or "", owner_role=d.pop("owner_role") or "", **d,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, f"Đã ghi quần chúng {c.full_name}.")
            return redirect("admissions:candidate_detail", c.pk)
    return render(request, "admissions/candidate_new.html", {"org": org, "form": form},
                  status=400 if form.errors else 200)


@scoped_view
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.candidate_get(request.user, pk)
    admit_form = AdmitForm(initial={"organization_id": c.organization_id})
    step_form = StepForm(initial={"on": today()})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "admit":
                admit_form = AdmitForm(request.POST)
                if admit_form.is_valid():
                    services.candidate_admit(actor=request.user, candidate=c, **admit_form.cleaned_data)
                    messages.success(request, f"Đã kết nạp {c.full_name}.")
                    return redirect("admissions:candidate_detail", c.pk)
            elif action in ("dossier", "withdraw"):
                step_form = StepForm(request.POST)
                if step_form.is_valid():
                    d = step_form.cleaned_data
                    if action == "dossier":
                        services.candidate_start_dossier(actor=request.user, candidate=c, on=d["on"],
                                                         note=d["reason"])
                    else:
                        services.candidate_withdraw(actor=request.user, candidate=c, on=d["on"], reason=d["reason"])
                    messages.success(request, "Đã ghi nhận.")
                    return redirect("admissions:candidate_detail", c.pk)
        except DomainError as e:
            add_domain_error(admit_form if action == "admit" else step_form, e,
                             {"admitted_on": "decided_on", "reason": "reason", "effective_on": "on"})
        status = 400
    return render(request, "admissions/candidate_detail.html", {
        "c": c, "steps": selectors.candidate_steps(c), "enrollments": selectors.candidate_enrollments(c),
        "admit_form": admit_form, "step_form": step_form, "may_record": can(request.user, "record_member",
                                                                              c.organization),
        "open": c.stage in (Stage.PROPOSED, Stage.IN_COURSE, Stage.COURSE_PASSED, Stage.DOSSIER),
    }, status=status)


@scoped_view
def course_list(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    kind = request.GET.get("kind") or None
    try:
        start, end = _period(request)
    except DomainError:
        start, end = date(1930, 2, 3), today()
    page = selectors.courses_of(request.user, org, kind=kind if kind in CourseKind.values else None,
                                start=start if "from" in request.GET else None,
                                end=end if "to" in request.GET else None, page=_page(request))
    return render(request, "admissions/course_list.html", {
        "org": org, "page": page, "kinds": CourseKind.choices, "kind": kind,
        "may_record": can(request.user, "record_member", org),
    })


@scoped_view
def course_new(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = CourseForm(request.POST or None, user=request.user, initial={"organizer": org.pk})
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            course = services.course_create(actor=request.user, organizer=d.pop("organizer"),
                                            planned_participants=d.pop("planned_participants") or 0, **d)
        except DomainError as e:
            add_domain_error(form, e, {"organizer_id": "organizer"})
        else:
            messages.success(request, f"Đã mở lớp {course.name}.")
            return redirect("admissions:course_detail", course.pk)
    return render(request, "admissions/course_new.html", {"org": org, "form": form},
                  status=400 if form.errors else 200)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _pool(request: HttpRequest, course: Any) -> tuple[Any, Any, str | None]:
    """The filter form and the page of members (or candidates, for an awareness course) not yet enrolled."""
    awareness = course.kind == CourseKind.AWARENESS
    query = request.GET.copy()
    if not awareness:
        query.setdefault("status", MemberStatus.PROBATIONARY)
    form: Any = (CandidatePoolForm if awareness else MemberPoolForm)(query, user=request.user)
    if not form.is_valid():
        return form, None, None
    d = form.cleaned_data
    org = d.get("organization") or course.organizer
    try:
        if awareness:
            page = selectors.enrollable_candidates(
                request.user, course, org, stage=d.get("stage") or None, proposed_from=d.get("proposed_from"),
                proposed_to=d.get("proposed_to"), q=d.get("q") or "", page=_page(request),
            )
        else:
            page = selectors.enrollable_members(
                request.user, course, org, on=today(), status=d.get("status") or None,
                admitted_from=d.get("admitted_from"), admitted_to=d.get("admitted_to"), q=d.get("q") or "",
                page=_page(request),
            )
    except DomainError as e:
        add_domain_error(form, e)
        return form, None, e.message
    return form, page, None


def _chosen(request: HttpRequest, name: str) -> list[int]:
    """Ticked ids, or every id listed on the page when "select all on this page" was ticked."""
    key = name if request.POST.get("select_all") != "on" else f"{name}_on_page"
    return list(dict.fromkeys(_ids(request.POST.getlist(key))))


@scoped_view
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(request.user, pk)
    awareness = course.kind == CourseKind.AWARENESS
    error = None
    chosen: list[int] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "enroll":
                if awareness:
                    chosen = _chosen(request, "candidate")
                    cands = [selectors.candidate_get(request.user, i) for i in chosen]
                    created = services.course_enroll(actor=request.user, course=course, candidates=cands)
                else:
                    chosen = _chosen(request, "member")
                    mems = [member_get(request.user, i) for i in chosen]
                    created = services.course_enroll(actor=request.user, course=course, members=mems)
                messages.success(request, f"Đã ghi danh {len(created)} học viên.")
            elif action == "results":
                results = [
                    {"enrollment_id": i, "attended": request.POST.get(f"attended_{i}") == "on",
                     "result": request.POST.get(f"result_{i}", ""),
                     "certificate_number": request.POST.get(f"certificate_{i}", "")}
                    for i in _ids(request.POST.getlist("enrollment"))
                ]
                services.enrollment_record_results(actor=request.user, course=course, results=results)
                messages.success(request, "Đã ghi kết quả học tập.")
            query = request.GET.urlencode()
            return redirect(f"{request.path}?{query}" if query else request.path)
        except DomainError as e:
            error = e.message
    full_register = selectors.course_register(course)
    # Paged on screen (REGISTER_PAGE_SIZE a page); the printed register (?print=1) holds everyone.
    printing = request.GET.get("print") == "1"
    register_page = Paginator(full_register, (len(full_register) or 1) if printing else REGISTER_PAGE_SIZE).get_page(
        request.GET.get("rpage")
    )
    register = list(register_page.object_list)
    may_record = can(request.user, "record_member", course.organizer)
    pool_form, pool, pool_error = _pool(request, course) if may_record else (None, None, None)
    status = 400 if error or pool_error or (pool_form is not None and pool_form.errors) else 200
    return render(request, "admissions/course_detail.html", {
        "course": course, "register": register, "register_page": register_page, "register_total": len(full_register),
        "register_offset": register_page.start_index() - 1 if register else 0,
        "pool": pool, "pool_form": pool_form, "error": error,
        "chosen": set(chosen), "may_record": may_record, "awareness": awareness,
        "print": request.GET.get("print") == "1",
    }, status=status)


def _recognition_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The selected rows, each with its own decision number and date or, when left empty, the ones given once
    for all selected ("one decision for all")."""
    common_doc = (request.POST.get("doc_all") or "").strip()
    raw_on = (request.POST.get("on_all") or "").strip()
    common_on = None
    if raw_on:
        try:
            common_on = date.fromisoformat(raw_on)
        except ValueError:
            raise DomainError(f"Ngày công nhận chung '{raw_on}' không hợp lệ; nhập theo dạng ngày/tháng/năm.",
                              field="on_all", rule="date_format") from None
    if common_doc:
        try:
            common_doc = services.check_document(common_doc, "doc_all")
        except DomainError as e:
            raise DomainError(f"Số quyết định chung: {e.message}", field=e.field, rule=e.rule) from None
    ids = _ids(request.POST.getlist("member"))
    if not ids:
        raise DomainError("Chọn ít nhất một đảng viên.", field="member_ids", rule="required")
    items = []
    for i in ids:
        m = member_get(request.user, i)
        raw = (request.POST.get(f"on_{i}") or "").strip()
        if raw:
            try:
                eff = date.fromisoformat(raw)
            except ValueError:
                raise DomainError(f"{m.full_name}: ngày công nhận '{raw}' không hợp lệ.",
                                  field="effective_on", rule="date_format") from None
        elif common_on is not None:
            eff = common_on
        else:
            raise DomainError(f"{m.full_name}: chưa nhập ngày công nhận (của người này hoặc ngày chung).",
                              field="effective_on", rule="required")
        doc = (request.POST.get(f"doc_{i}") or "").strip() or common_doc
        if not doc:
            raise DomainError(f"{m.full_name}: chưa nhập số quyết định (của người này hoặc số chung).",
                              field="document", rule="required")
        items.append({"member": m, "effective_on": eff, "document": doc})
    return items


@scoped_view
def probation(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    query = request.GET.copy()
    query.setdefault("within_days", "30")
    query.setdefault("organization_id", str(org.pk))
    form = ProbationFilterForm(query, user=request.user)
    on = today()
    error = None
    rows: list[Any] = []
    if request.method == "POST":
        try:
            items = _recognition_items(request)
            with transaction.atomic():
                events = services.probation_recognise(actor=request.user, items=items)
        except DomainError as e:
            error = e.message
        else:
            messages.success(request, f"Đã công nhận {len(events)} đảng viên chính thức.")
            for ev in events:
                for w in selectors.recognition_warnings(ev.member, ev.effective_on):
                    messages.warning(request, w)
            return redirect(f"{request.path}?organization_id={org.pk}")
    if form.is_valid():
        data = form.cleaned_data
        within = data.get("within_days")
        rows = selectors.probation_due(request.user, org, on=on, within_days=30 if within is None else within,
                                       which=data.get("which") or None)
    return render(request, "admissions/probation.html", {
        "org": org, "form": form, "rows": rows, "on": on, "error": error,
        "labels": selectors.COURSE_STATUS_LABELS, "may_record": can(request.user, "record_member", org),
        "parents": parent_names([r.organization_id for r in rows if r.organization_id]),
        "chosen": set(_ids(request.POST.getlist("member"))), "doc_all": request.POST.get("doc_all", ""),
        "on_all": request.POST.get("on_all", on.isoformat()),
    }, status=400 if error else 200)


def _period(request: HttpRequest) -> tuple[date, date]:
    on = today()
    form = PeriodForm({"start": request.GET.get("from") or date(on.year, 1, 1), "end": request.GET.get("to") or on})
    if not form.is_valid():
        raise DomainError("Kỳ báo cáo không hợp lệ; nhập ngày theo dạng ngày/tháng/năm.", field="from",
                          rule="date_format")
    return form.cleaned_data["start"], form.cleaned_data["end"]


@scoped_view
def figures(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    try:
        start, end = _period(request)
        f = selectors.admission_figures(request.user, org, start=start, end=end)
    except DomainError as e:
        return render(request, "admissions/figures.html", {"org": org, "error": e.message}, status=400)
    return render(request, "admissions/figures.html", {
        "org": org, "f": f, "start": start, "end": end, "kinds": CourseKind.choices, "stages": Stage.choices,
        "admission_keys": [(k, v, len(f.admissions[k])) for k, v in selectors.ADMISSION_KEYS.items()],
        "recognition_keys": [(k, v, len(f.recognitions[k])) for k, v in selectors.RECOGNITION_KEYS.items()],
    })


@scoped_view
def figure_members(request: HttpRequest) -> HttpResponse:
    """The members behind one admission or recognition figure."""
    org = _org(request)
    key = request.GET.get("key", "")
    labels = {**selectors.ADMISSION_KEYS, **selectors.RECOGNITION_KEYS}
    if key not in labels:
        raise Http404("Không có số liệu này.")
    try:
        start, end = _period(request)
        f = selectors.admission_figures(request.user, org, start=start, end=end)
    except DomainError as e:
        return render(request, "admissions/figures.html", {"org": org, "error": e.message}, status=400)
    ids = f.admissions.get(key) if key in f.admissions else f.recognitions[key]
    return render(request, "admissions/figure_members.html", {
        "org": org, "label": labels[key], "members": selectors.members_by_ids(ids or []), "start": start, "end": end,
    })
