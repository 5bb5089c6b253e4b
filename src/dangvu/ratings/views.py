"""Pages of the ratings app: rounds, entry by cell, results with xlsx export, monthly cell meetings."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvu.accounts.models import ROLE_ACTIONS, Assignment
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import scoped_view
from dangvu.core.text import format_number
from dangvu.members.activity import cell_activity_on
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import can, scope_of
from dangvu.orgs.selectors import default_organization, org_get

from .export import HEADER, results_table, results_xlsx
from .forms import LeaderForm, LeadershipForm
from .population import round_leader_members
from .rules import LEVEL_ORDER, Level, MeetingGrade, MeetingKind, thematic_per_quarter, year_good_min
from .selectors import (
    MonthGroup,
    cell_year,
    criteria_set_for,
    criteria_sets_of,
    latest_confirmed_year,
    meetings_list,
    meetings_month,
    rating_result_list,
    rating_results,
    rating_round_get,
    rating_rounds_visible,
    round_committees,
    round_view,
)
from .services import (
    criteria_set_create,
    meeting_record,
    rating_entries_record,
    rating_round_confirm,
    rating_round_open,
    rating_round_reopen,
)
from .services.rounds import EntryInput
from .verdict import year_verdict


def _int(value: Any, default: int = -1) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _year(value: Any, default: int) -> int:
    y = _int(value, default) or default
    return y if 1990 <= y <= 2100 else default


def _org_param(request: HttpRequest) -> Organization | None:
    raw = request.GET.get("organization_id") or request.POST.get("organization_id")
    if raw:
        return org_get(request.user, _int(raw, -1))
    return default_organization(request.user)


@scoped_view
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    home = default_organization(user)
    t = today()
    error = None
    if request.method == "POST":
        try:
            org = org_get(user, _int(request.POST.get("organization_id"), -1))
            year = _int(request.POST.get("year"), 0)
            ref = request.POST.get("reference_on") or None
            rnd = rating_round_open(
                actor=user, organization=org, year=year or 0,
                reference_on=date.fromisoformat(ref) if ref else None,
                quota_mode=request.POST.get("quota_mode") or None,
            )
            messages.success(request, f"Đã mở đợt đánh giá, xếp loại năm {rnd.year}.")
            return redirect("ratings:round", rnd.pk)
        except DomainError as e:
            error = e.message
        except ValueError:
            error = "Ngày chốt danh sách không hợp lệ."
    manageable = [a.organization for a in Assignment.objects.filter(user_id=user.pk or 0).select_related("organization")
                  if can(user, "manage_org", a.organization)]
    if not manageable and scope_of(user).everything and home:
        manageable = [home]
    return render(request, "ratings/index.html", {
        "rounds": rating_rounds_visible(user), "home": home, "year": t.year, "month": t.month,
        "manageable": manageable, "error": error,
    }, status=400 if error else 200)


def _conditions(request: HttpRequest, rnd: Any, prefix: str) -> dict[str, Any]:
    """The 366-QĐ/TW conditions of "xuất sắc" posted for one row (an unticked box is a condition not met)."""
    if not rnd.excellent_conditions:
        return {}
    p = request.POST
    total, beyond = p.get(f"{prefix}-tasks", ""), p.get(f"{prefix}-beyond", "")
    return {
        "all_tasks_done": p.get(f"{prefix}-all") in ("1", "on"),
        "no_discipline": p.get(f"{prefix}-nodisc") in ("1", "on"),
        "tasks_total": _int(total) if total.strip() else None, "tasks_beyond": _int(beyond) if beyond.strip() else None,
    }


def _posted_entries(
    request: HttpRequest, rnd: Any, action: str, lead_form: LeadershipForm | None, leader_form: LeaderForm | None,
) -> list[EntryInput]:
    """Entries of the round page's forms: member/organisation rows, or one leadership collective (its committee and
    collective parsed by `lead_form`, already valid) or leader (the member picked in `leader_form`, already valid)."""
    p = request.POST
    if action in ("leadership", "leader"):
        pk = _int(p.get("subject_id"))
        collective = p.get("collective", "")
        if lead_form is not None:
            pk, collective = lead_form.cleaned_data["subject_id"].pk, lead_form.cleaned_data["collective"]
        if leader_form is not None and leader_form.member is not None:
            pk = leader_form.member.pk
        return [EntryInput(
            level=p.get("level", ""), subject=action, member_id=pk if action == "leader" else None,
            organization_id=pk if action == "leadership" else None, collective=collective,
            position=p.get("position", ""), score=p.get("score") or None, **_conditions(request, rnd, "lead"),
        )]
    entries = []
    for key in p:
        kind, _, sid = key.partition("-level-")
        if kind not in ("m", "o") or not p[key]:
            continue
        pk = _int(sid)
        entries.append(EntryInput(
            level=p[key], member_id=pk if kind == "m" else None, organization_id=pk if kind == "o" else None,
            score=p.get(f"{kind}-score-{sid}") or None, **_conditions(request, rnd, f"{kind}-{sid}"),
        ))
    return entries


def _lead_values(request: HttpRequest) -> dict[str, str]:
    """What the leadership or leader form held, to show it again beside the refusal."""
    p = request.POST
    return {
        "action": p.get("action", ""), "subject_id": p.get("subject_id", ""), "collective": p.get("collective", ""),
        "level": p.get("level", ""), "score": p.get("score", ""), "position": p.get("position", ""),
        "all": p.get("lead-all", ""), "beyond": p.get("lead-beyond", ""), "tasks": p.get("lead-tasks", ""),
        "nodisc": p.get("lead-nodisc", ""),
    }


@scoped_view
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    user = request.user
    rnd = rating_round_get(user, round_id)
    error: str | None = None
    lead_form: LeadershipForm | None = None
    leader_form: LeaderForm | None = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "leadership":
            lead_form = LeadershipForm(request.POST, rnd=rnd, committees=round_committees(user, rnd))
        if action == "leader":
            leader_form = LeaderForm(request.POST, rnd=rnd, candidates=round_leader_members(user, rnd))
        try:
            if lead_form is not None and not lead_form.is_valid():
                error = lead_form.message()  # a committee not of the round or out of scope: nothing written
            elif leader_form is not None and not leader_form.is_valid():
                error = leader_form.message()  # not a number, not of the round on its date, out of scope
            elif action in ("entries", "leadership", "leader"):
                entries = _posted_entries(request, rnd, action, lead_form, leader_form)
                warnings = rating_entries_record(actor=user, rating_round=rnd, entries=entries, replace=True)
                messages.success(request, f"Đã ghi {len(entries)} kết quả xếp loại.")
                for w in warnings:
                    messages.warning(request, w)
            elif action == "confirm":
                for w in rating_round_confirm(actor=user, rating_round=rnd):
                    messages.warning(request, w)
                messages.success(request, "Đã xác nhận và khóa sổ đợt đánh giá.")
            elif action == "reopen":
                rating_round_reopen(actor=user, rating_round=rnd, reason=request.POST.get("reason", ""))
                messages.success(request, "Đã mở lại đợt đánh giá.")
            if error is None:
                return redirect(request.get_full_path())
        except DomainError as e:
            error = e.message
        rnd = rating_round_get(user, round_id)
    unit = _int(request.GET.get("unit"), 0) or None
    cell = _int(request.GET.get("cell"), 0) or None
    view = round_view(user, rnd, unit_id=unit, cell_id=cell)
    if rnd.is_open and view.can_manage and lead_form is None:
        lead_form = LeadershipForm(rnd=rnd, committees=round_committees(user, rnd, ids=[i for i, _ in view.committees]))
    if rnd.is_open and view.can_manage and leader_form is None:
        leader_form = LeaderForm(rnd=rnd, candidates=round_leader_members(user, rnd))
    only_missing = request.GET.get("missing") == "1"
    return render(request, "ratings/round.html", {
        "view": view, "rnd": rnd, "levels": [(lv.value, lv.label) for lv in LEVEL_ORDER], "error": error,
        "page_members": [r for b in view.cells for r in b.rows],
        "lead": _lead_values(request) if error else {}, "lead_form": lead_form, "leader_form": leader_form,
        "reopenings": list(rnd.reopenings.select_related("by").order_by("at")),
        "units": [u for u in view.units if u.missing or not only_missing], "only_missing": only_missing,
    }, status=400 if error else 200)


def _results_context(request: HttpRequest) -> tuple[Organization, int, Any]:
    org = _org_param(request)
    if org is None:
        raise NotVisible
    year = _year(request.GET.get("year"), latest_confirmed_year(org) or today().year)
    return org, year, rating_results(request.user, org.pk, year)


@scoped_view
def results(request: HttpRequest) -> HttpResponse:
    org, year, res = _results_context(request)
    subject = request.GET.get("list")
    listed = None
    if subject in ("member", "organization", "leadership", "leader"):
        level = request.GET.get("level") if request.GET.get("level") in Level.values else None
        prob = {"1": True, "0": False}.get(request.GET.get("probationary", ""))
        listed = rating_result_list(request.user, org.pk, year, subject=subject, level=level, probationary=prob)
    return render(request, "ratings/results.html", {
        "org": org, "year": year, "res": res, "header": HEADER, "table": results_table(res), "listed": listed,
        "levels": [(lv.value, lv.label) for lv in LEVEL_ORDER],
    })


@scoped_view
def results_export(request: HttpRequest) -> HttpResponse:
    org, year, res = _results_context(request)
    resp = HttpResponse(
        results_xlsx(res), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    resp["Content-Disposition"] = f'attachment; filename="xep-loai-{year}-{org.pk}.xlsx"'
    return resp


@scoped_view
def meetings(request: HttpRequest) -> HttpResponse:
    org = _org_param(request)
    if org is None:
        raise NotVisible
    t = today()
    year = _year(request.GET.get("year"), t.year)
    month = _int(request.GET.get("month"), t.month) or t.month
    month = month if 1 <= month <= 12 else t.month
    view = meetings_month(request.user, org.pk, year, month)
    show = request.GET.get("show") or "all"
    show = show if show in ("missing", "done", "no_thematic") else "all"
    q = (request.GET.get("q") or "")[:128]
    every = view.groups()
    committees = sorted(((g.parent_id, g.name or "Chi bộ cơ sở trực thuộc") for g in every), key=lambda c: c[1])
    group = _int(request.GET.get("group"), 0) or None
    group = group if any(g.parent_id == group for g in every) else None
    summary = [g for g in view.groups(show=show, q=q) if group is None or g.parent_id == group]
    number = max(1, _int(request.GET.get("page"), 1))
    groups, pages, number = _month_page(summary, number)
    return render(request, "ratings/meetings.html", {
        "view": view, "org": org, "year": year, "month": month, "months": range(1, 13),
        "grades": [(g.value, g.label) for g in MeetingGrade], "groups": groups, "summary": summary,
        "committees": committees, "group": group, "page": number, "pages": pages, "page_rows": MONTH_PAGE_ROWS,
        "shown": sum(len(g.rows) for g in summary), "first": _month_first_pages(summary),
        "lacking": {g.parent_id: sum(1 for r in g.rows if r.quarter_lacks_thematic) for g in summary},
        "sizes": {g.parent_id: len(g.rows) for g in summary},
        # A viewer only reads: no «Ghi kết quả»/«Sửa» links that would answer 403 (meeting_form checks each cell).
        "may_record": _may_record_somewhere(request.user),
        "show": show, "q": q, "thematic_need": thematic_per_quarter(),
        "shows": [("all", "Tất cả"), ("missing", "Chưa ghi sinh hoạt thường kỳ"), ("done", "Đã ghi kết quả"),
                  ("no_thematic", f"Chưa sinh hoạt chuyên đề quý {view.quarter}")],
    })


def _may_record_somewhere(user: Any) -> bool:
    """One of the user's roles records members' (and cells') data somewhere in the scope."""
    if getattr(user, "is_superuser", False):
        return True
    return any("record_member" in ROLE_ACTIONS[r] for roles in scope_of(user).roles_by_root.values() for r in roles)


MONTH_PAGE_ROWS = 80  # cells a page of the month view lists (a bloc's 427 cells were 249 KB on one page)


def _month_page(groups: list[MonthGroup], number: int) -> tuple[list[MonthGroup], int, int]:
    """The groups' rows of page `number` (MONTH_PAGE_ROWS cells, in the groups' order; a group cut by a page break
    goes on with its name on the next page), the number of pages and the page number kept within them."""
    total = sum(len(g.rows) for g in groups)
    pages = max(1, -(-total // MONTH_PAGE_ROWS))
    number = min(number, pages)
    start, end = (number - 1) * MONTH_PAGE_ROWS, number * MONTH_PAGE_ROWS
    out: list[MonthGroup] = []
    at = 0
    for g in groups:
        lo, hi = max(start, at), min(end, at + len(g.rows))
        if lo < hi:
            out.append(MonthGroup(g.parent_id, g.name, g.rows[lo - at:hi - at]))
        at += len(g.rows)
    return out, pages, number


def _month_first_pages(groups: list[MonthGroup]) -> dict[int | None, int]:
    """Committee → the page its first cell is listed on (the summary's links)."""
    out: dict[int | None, int] = {}
    at = 0
    for g in groups:
        out[g.parent_id] = at // MONTH_PAGE_ROWS + 1
        at += len(g.rows)
    return out


def _meeting_values(m: Any) -> dict[str, Any]:
    return {"held_on": m.held_on.isoformat(), "present": m.present, "excused": m.excused, "absent": m.absent,
            "guests": m.guests, "kind": m.kind, "topic": m.topic, "notes": m.notes, "replace": "1",
            **{f"c-{s.criterion_id}": format_number(s.score, 2) for s in m.scores.all()}}


@scoped_view
def meeting_form(request: HttpRequest, cell_id: int) -> HttpResponse:
    user = request.user
    cell = org_get(user, cell_id)
    t = today()
    year = _year(request.GET.get("year") or request.POST.get("year"), t.year)
    month = _int(request.GET.get("month") or request.POST.get("month"), t.month) or t.month
    month = month if 1 <= month <= 12 else t.month
    kind = request.GET.get("kind") or request.POST.get("kind") or MeetingKind.REGULAR
    kind = kind if kind in MeetingKind.values else MeetingKind.REGULAR
    error = None
    values: Any = request.POST if request.method == "POST" else {"kind": kind}
    stored = []
    if request.method != "POST":
        month_meetings = meetings_list(user, cell.pk, year, month)
        wanted = _int(request.GET.get("meeting"), 0)
        stored = [m for m in month_meetings if m.pk == wanted] if wanted else [
            m for m in month_meetings if kind == MeetingKind.REGULAR and m.kind == MeetingKind.REGULAR
        ]
    if stored:
        # A meeting already recorded: the form opens on its stored values, ready to be corrected.
        values = _meeting_values(stored[0])
        kind = stored[0].kind
    held_raw = values.get("held_on") or ""
    held_on = None
    try:
        held_on = date.fromisoformat(held_raw) if held_raw else None
    except ValueError:
        error = f"Ngày sinh hoạt '{held_raw}' không hợp lệ."
    day = held_on or min(t, date(year, month, 1))
    cs = criteria_set_for(cell, day)
    if request.method == "POST" and error is None:
        if held_on is None:
            error = "Phải nhập ngày sinh hoạt."
        else:
            try:
                counts = {k: _int(values.get(k), -1) for k in ("present", "excused", "absent")}
                scores = {c.pk: values.get(f"c-{c.pk}") for c in (cs.criteria.all() if cs else [])}
                m = meeting_record(
                    actor=user, cell=cell, year=year, month=month, held_on=held_on, present=counts["present"],
                    excused=counts["excused"], absent=counts["absent"], scores=scores,
                    notes=values.get("notes", ""), replace=values.get("replace") == "1", kind=kind,
                    topic=values.get("topic", ""), guests=_int(values.get("guests") or 0, -1),
                )
                messages.success(
                    request, f"Đã ghi {m.get_kind_display().lower()} tháng {month}/{year}: "
                    f"{format_number(m.total, 2)} điểm, xếp loại {m.get_grade_display()}.",
                )
                return redirect(f"/ratings/meetings/cell/{cell.pk}/{year}/")
            except DomainError as e:
                error = e.message
    members, exempt, hosted = cell_activity_on([cell.pk], day)[cell.pk]
    return render(request, "ratings/meeting_form.html", {
        "cell": cell, "year": year, "month": month, "cs": cs, "values": values, "error": error, "stored": bool(stored),
        "kind": kind, "kinds": MeetingKind.choices, "day": day,
        "attendance": {"members": members, "exempted": len(exempt), "expected": members - len(exempt),
                       "hosted": len(hosted)},
        "score_values": {c.pk: values.get(f"c-{c.pk}", "") for c in (cs.criteria.all() if cs else [])},
    }, status=400 if error else 200)


@scoped_view
def cell_year_view(request: HttpRequest, cell_id: int, year: int) -> HttpResponse:
    y = cell_year(request.user, cell_id, year)
    months = list(zip(range(1, 13), y.meetings, y.thematic, y.judged, strict=True))
    return render(request, "ratings/cell_year.html", {
        "y": y, "months": months, "verdict": year_verdict(y.grades, y.judged), "thematic_need": thematic_per_quarter(),
        "good_need": year_good_min(y.months_existed),
    })


@scoped_view
def criteria(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = _org_param(request)
    if org is None:
        raise NotVisible
    error = None
    if request.method == "POST":
        rows = []
        for line in (request.POST.get("criteria") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            rows.append({
                "name": parts[0], "weight": _int(parts[1] if len(parts) > 1 else None, 0),
                "required_for_good": len(parts) > 2 and parts[2].lower() in ("x", "*", "có", "1"),
            })
        try:
            raw_from = request.POST.get("valid_from") or ""
            valid_from = date.fromisoformat(raw_from) if raw_from else today()
            criteria_set_create(
                actor=user, organization=org, name=request.POST.get("name", ""), valid_from=valid_from,
                criteria=rows, document=request.POST.get("document", ""),
            )
            messages.success(request, "Đã ban hành bộ tiêu chí.")
            return redirect(f"/ratings/criteria/?organization_id={org.pk}")
        except DomainError as e:
            error = e.message
        except ValueError:
            error = "Ngày áp dụng không hợp lệ."
    return render(request, "ratings/criteria.html", {
        "org": org, "sets": criteria_sets_of(user, org.pk), "error": error, "values": request.POST,
        "can_manage": can(user, "manage_org", org), "weights_total": Decimal(100),
    }, status=400 if error else 200)
