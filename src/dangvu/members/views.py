"""Member pages: the list of a subtree as of a date, one member with the timeline and event forms,
and a new record. Thin: parse, call a selector or service, render."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from dangvu.core.cache import MISS, cached, keep, kept, request_parts
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.hooks import collect
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import parent_names
from dangvu.orgs.scope import can, scope_of
from dangvu.orgs.selectors import default_organization, org_ending, org_get

from . import services
from .forms import (
    LetterCorrectForm,
    MemberFilterForm,
    NewMemberForm,
    PresentationForm,
    RecordEventForm,
    TransferFilterForm,
    VoidEventForm,
)
from .models import EventKind, Member, MemberEvent
from .rules import presentation_deadline, rule_setting
from .selectors import (
    MemberRow,
    family_of,
    family_removed,
    member_get,
    member_party_age,
    member_timeline,
    members_of,
    recognition_full_since,
)
from .services.transfers import presentation_scope
from .transfers import LETTER_STATES, TEMPORARY_WHICH, letter_get, letters_of_member, temporary_due, transfer_letters


@scoped_view
def member_list(request: HttpRequest) -> HttpResponse:
    raw_org = request.GET.get("organization_id")
    # A page kept for this user and query (core.cache: filters, table and pager as HTML, while the data stay the
    # same) is shown once the scope allows the organisation (the same check as org_get; an id that was never shown
    # has nothing kept and goes on to org_get's 404). A form with errors is never kept. The rows are not read back
    # (unpickling 50 members cost ~0,7 ms): the context's `org` and `page` are computed only if something asks for
    # them (the tests).
    key, hit = "", MISS
    if not raw_org or (raw_org.isdigit() and scope_of(request.user).sees(int(raw_org))):
        key, hit = kept("members.list_content", request_parts(request))
    if hit is not MISS:
        org_name, content = hit
        lazy = SimpleLazyObject(lambda: _list_context(request, _list_org(request)))
        return render(request, "members/list.html", {
            "org_name": org_name, "content": content, "org": SimpleLazyObject(lambda: lazy["org"]),
            "page": SimpleLazyObject(lambda: lazy["page"]),
        })
    org = _list_org(request)
    context = _list_context(request, org)
    content = mark_safe(render_to_string("members/_list_content.html", context))  # noqa: S308 - escaped there
    if key and context["page"] is not None and not context["form"].errors:
        keep(key, (org.name, content))
    return render(request, "members/list.html", {**context, "org_name": org.name, "content": content})


def _list_org(request: HttpRequest) -> Organization:
    """The organisation asked for (404 outside the scope) or the user's own."""
    raw_org = request.GET.get("organization_id")
    if raw_org:
        org: Organization | None = org_get(request.user, int(raw_org) if raw_org.isdigit() else -1)
    else:
        org = default_organization(request.user)
    if org is None:
        raise Http404("Bạn chưa được phân công tổ chức nào.")
    return org


def _list_context(request: HttpRequest, org: Organization) -> dict[str, Any]:
    """The filter form, the page of members (None when the form is refused) and what the content template shows."""
    form = MemberFilterForm(request.GET or None, initial={"on": today(), "organization_id": org.pk}, user=request.user)
    picker = form.fields.get("organization_id")
    if not org.is_active and isinstance(picker, forms.ModelChoiceField) and picker.queryset is not None:
        # a dissolved organisation the scope sees is listed as of a date it existed (the link of its notice)
        picker.queryset = picker.queryset | Organization.objects.filter(pk=org.pk)
    page = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        on = data.get("on") or today()
        try:
            number = max(1, int(request.GET.get("page") or 1))
        except ValueError:
            number = 1
        filters = {"q": data.get("q", ""), "status": data.get("status"), "sex": data.get("sex"),
                   "sector": data.get("sector"), "theory_level": data.get("theory_level")}
        try:
            page = listed_page(request.user, org, on=on, filters=filters, number=number)
        except DomainError as e:
            add_domain_error(form, e)
    else:
        on = today()
    ending = org_ending(org) if org.dissolved_on is not None and org.dissolved_on <= on else None
    return {"org": org, "form": form, "page": page, "on": on, "request": request, "ending": ending,
            "may_record": can(request.user, "record_member", org) and org.is_cell and org.is_active}


@dataclass(frozen=True)
class ListedPage:
    """One page of the member list as shown: the number listed, the paging, the rows and their table rendered."""

    count: int
    page: int
    pages: int
    items: list[MemberRow]
    table: str

    @property
    def table_html(self) -> SafeString:
        return mark_safe(self.table)  # noqa: S308 - rendered by the template engine, escaped there


def listed_page(user: Any, org: Organization, *, on: date, filters: dict[str, Any], number: int) -> ListedPage:
    """The page of members_of with its table rendered, kept while the data stay the same (core.cache), keyed by
    the organisation, date, filters and page: the rows do not depend on who asks once the scope is checked."""
    if not scope_of(user).sees(org.pk):  # org_get checked it already; the kept page never answers outside it
        raise NotVisible

    def build() -> ListedPage:
        page = members_of(user, org, on=on, page=number, **filters)
        parents = parent_names([r.organization_id for r in page.items if r.organization_id])
        table = render_to_string(
            "members/_list_table.html",
            {"page": page, "offset": (page.page - 1) * page.page_size, "parents": parents},
        )
        return ListedPage(count=page.count, page=page.page, pages=page.pages, items=page.items, table=table)

    parts = (org.pk, on.isoformat(), tuple(sorted((k, str(v or "")) for k, v in filters.items())), number)
    return cached("members.listed_page", parts, build)


def _detail(
    request: HttpRequest, member: Member, *, event_form: RecordEventForm | None = None,
    void_form: VoidEventForm | None = None, status: int = 200,
) -> HttpResponse:
    user = request.user
    on = today()
    may_record = can(user, "record_member", member.organization)
    # Sensitive fields are shown (and their viewing logged) on a plain visit, not on a refused form.
    show_sensitive = may_record and request.method == "GET"
    if show_sensitive:
        services.member_view_sensitive(actor=user, member=member)
    timeline = member_timeline(member)
    letters = letters_of_member(member)
    live = [e for e in timeline if e.voided_at is None]
    latest = live[-1] if len(live) > 1 else None
    context: dict[str, Any] = {
        "member": member,
        "on": on,
        "party_age": member_party_age(member, on),
        "timeline": timeline,
        "latest": latest,
        "may_record": may_record,
        "show_sensitive": show_sensitive,
        "event_form": event_form or (RecordEventForm(user=user, member=member) if may_record else None),
        "void_form": void_form or (VoidEventForm(initial={"event_id": latest.pk}) if latest and may_record else None),
        # Shown beside the event form before a recognition is recorded (a warning, never a refusal).
        "recognition_warnings": (
            collect("recognition_warnings", member, on) if may_record and member.status == "probationary"
            and member.left_on is None else []
        ),
        "letters": letters,
        "letter_deadlines": {k: presentation_deadline(t.issued_on) for k, t in letters.items()},
        # A letter written wrong is corrected here by whoever records transfers in the cell the member left (the
        # service's own rule), never on a voided transfer.
        "letter_forms": {k: LetterCorrectForm(letter=t) for k, t in letters.items()
                         if t.event.voided_at is None and t.event.organization is not None
                         and can(user, "record_member", t.event.organization)},
        "family": family_of(member),
        # Relatives taken off the profile: listed apart, with who, when and why, for those who may restore them.
        "family_removed": family_removed(member) if may_record else [],
        "full_since": recognition_full_since(member, timeline),
    }
    return render(request, "members/detail.html", context, status=status)


@scoped_view
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, member_get(request.user, pk))


@require_POST
@scoped_view
def member_event_record(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get(request.user, pk)
    if not can(request.user, "record_member", member.organization):
        raise PermissionDenied(f"Vai trò của bạn không được ghi sự kiện đảng viên tại {member.organization.name}.")
    form = RecordEventForm(request.POST, user=request.user, member=member)
    if form.is_valid():
        d = form.cleaned_data
        try:
            event = services.member_record_event(
                actor=request.user, member=member, kind=d["kind"], effective_on=d["effective_on"],
                to_organization=d["to_organization"], temporary=d["temporary"], destination=d["destination"],
                document=d["document"], note=d["note"], letter=form.letter(), temporary_until=d["temporary_until"],
                temporary_purpose=d["temporary_purpose"] or "work",
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, f"Đã ghi nhận: {event.get_kind_display()}.")
            if event.kind == EventKind.RECOGNISED_FULL:
                for w in collect("recognition_warnings", member, event.effective_on):
                    messages.warning(request, w)
            return redirect("member_detail", pk=member.pk)
    return _detail(request, member, event_form=form, status=400)


@require_POST
@scoped_view
def member_event_void(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_get(request.user, pk)
    if not can(request.user, "record_member", member.organization):
        raise PermissionDenied(f"Vai trò của bạn không được hủy sự kiện đảng viên tại {member.organization.name}.")
    form = VoidEventForm(request.POST)
    if form.is_valid():
        event = MemberEvent.objects.filter(member=member, pk=form.cleaned_data["event_id"]).first()
        if event is None:
            form.add_error(None, "Sự kiện không thuộc hồ sơ đảng viên này.")
        else:
            try:
                services.member_event_void(actor=request.user, event=event, reason=form.cleaned_data["reason"])
            except DomainError as e:
                add_domain_error(form, e, aliases={"event_id": "reason"})
            else:
                messages.success(request, f"Đã hủy sự kiện «{event.get_kind_display()}».")
                return redirect("member_detail", pk=member.pk)
    return _detail(request, member, void_form=form, status=400)


@scoped_view
def member_new(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = org_get(request.user, org_pk)
    if not can(request.user, "record_member", org):
        raise PermissionDenied(f"Vai trò của bạn không được ghi hồ sơ đảng viên tại {org.name}.")
    form = NewMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            member = services.member_record(
                actor=request.user, organization=org, full_name=d["full_name"], sex=d["sex"],
                birth_date=d["birth_date"], admitted_on=d["admitted_on"], ceremony_on=d["ceremony_on"],
                full_on=d["full_on"], joined_on=d["joined_on"], citizen_id=d["citizen_id"],
                card_number=d["card_number"], document=d["document"],
                **{k: d[k] for k in NewMemberForm.PROFILE},
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, f"Đã ghi hồ sơ đảng viên {member.full_name}.")
            return redirect("member_detail", pk=member.pk)
    status = 400 if form.is_bound else 200
    return render(request, "members/new.html", {"org": org, "form": form}, status=status)


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page") or "1"
    return min(max(1, int(raw)), 10**6) if raw.isdigit() else 1


@scoped_view
def transfer_letter_list(request: HttpRequest) -> HttpResponse:
    """Transfer letters of a subtree by state (overdue by default) and temporary transfers ending: the work list
    of Quy định 294-QĐ/TW, with the organisation picker and paging."""
    raw_org = request.GET.get("organization_id")
    org = org_get(request.user, int(raw_org) if raw_org and raw_org.isdigit() else -1) if raw_org else \
        default_organization(request.user)
    if org is None:
        raise Http404("Bạn chưa được phân công tổ chức nào.")
    form = TransferFilterForm(request.GET or None, user=request.user,
                              initial={"organization_id": org.pk, "state": "overdue", "on": today()})
    on, state = today(), "overdue"
    if form.is_bound and form.is_valid():
        on = form.cleaned_data.get("on") or on
        state = form.cleaned_data.get("state") or state
    page = transfer_letters(request.user, org, on=on, state=state, page=_page_number(request))
    due = temporary_due(request.user, org, on=on)
    return render(request, "members/transfers.html", {
        "org": org, "form": form, "on": on, "state": state, "state_label": LETTER_STATES[state], "page": page,
        "temporary": due, "temporary_which": TEMPORARY_WHICH,
        "reminder_days": rule_setting("TEMPORARY_END_REMINDER_DAYS"),
        "working_days": rule_setting("TRANSFER_PRESENT_WORKING_DAYS"),
        "may_present": {r.letter.pk for r in page.items
                        if r.letter.presented_on is None and can(request.user, "record_member",
                                                                   presentation_scope(r.letter))},
        # The sender corrects a letter written wrong here too (it may no longer see the member's page).
        "letter_forms": {r.letter.pk: LetterCorrectForm(letter=r.letter, with_committee=False) for r in page.items
                         if r.letter.event.organization is not None
                         and can(request.user, "record_member", r.letter.event.organization)},
    })


@require_POST
@scoped_view
def transfer_letter_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a transfer letter's number, date or sending committee from the member page (with a reason)."""
    letter = letter_get(request.user, pk)
    if letter.event.organization is None or not can(request.user, "record_member", letter.event.organization):
        raise NotVisible  # only who records the sending cell's transfers corrects its letters (the service's rule)
    back = request.POST.get("next") or ""
    from_list = back.startswith("/") and not back.startswith("//")
    form = LetterCorrectForm(request.POST, letter=letter, with_committee=not from_list)
    if not from_list:
        back = f"{reverse('member_detail', args=[letter.member_id])}#transfers-title"
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.transfer_letter_correct(actor=request.user, letter=letter, number=d["number"],
                                             issued_on=d["issued_on"], sending_committee=d.get("sending_committee"),
                                             reason=d["reason"])
        except DomainError as e:
            messages.error(request, f"Giấy giới thiệu {letter.number}: {e.message}")
        else:
            messages.success(request, f"Đã sửa giấy giới thiệu {letter.number} → {d['number']}.")
    else:
        problems = "; ".join(f"«{form.fields[k].label}»: {' '.join(str(x) for x in v)}"
                             for k, v in form.errors.items() if k in form.fields)
        messages.error(request, f"Giấy giới thiệu {letter.number}: {problems or 'dữ liệu không hợp lệ'}.")
    return redirect(back)


@require_POST
@scoped_view
def transfer_letter_present(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day a transfer letter was presented to the receiving committee."""
    letter = letter_get(request.user, pk)
    form = PresentationForm(request.POST)
    back = request.POST.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = f"{reverse('transfer_letters')}?state=pending"
    if form.is_valid():
        try:
            services.member_transfer_receive(actor=request.user, letter=letter,
                                             presented_on=form.cleaned_data["presented_on"])
        except DomainError as e:
            messages.error(request, f"Giấy giới thiệu {letter.number} của {letter.member.full_name}: {e.message}")
        else:
            deadline = presentation_deadline(letter.issued_on)
            late = form.cleaned_data["presented_on"] > deadline
            text = (f"Đã ghi: {letter.member.full_name} nộp giấy giới thiệu {letter.number} ngày "
                    f"{form.cleaned_data['presented_on']:%d/%m/%Y}")
            if late:
                n = rule_setting("TRANSFER_PRESENT_WORKING_DAYS")
                messages.warning(request, f"{text} — sau hạn nộp {deadline:%d/%m/%Y} ({n} ngày làm việc kể từ "
                                          "ngày cấp, Quy định 294-QĐ/TW).")
            else:
                messages.success(request, f"{text}.")
    else:
        messages.error(request, f"Giấy giới thiệu {letter.number}: «Ngày nộp giấy giới thiệu» không hợp lệ.")
    return redirect(back)
