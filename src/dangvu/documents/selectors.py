"""Reads on documents, regulations, tasks, conferences and commendations. A user sees what the committees of their
scope keep, and the documents and regulations of the committees above them (those apply downward); another
subtree's records answer 404. Lists fetch related rows in bulk (query counts fixed by tests)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import search_key
from dangvu.members.models import BadgeAward, Member
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.ratings.models import RatingEntry, RatingRound, RoundStatus, SubjectKind
from dangvu.ratings.rules import Level

from .models import (
    Commendation,
    CommendationSubject,
    Conference,
    Document,
    DocumentType,
    ParticipantKind,
    Progress,
    Recurrence,
    Regulation,
    Task,
)
from .numbers import closest, number_key, registered
from .schedule import TaskState, task_state

PICK_LIMIT = 20


def visible_org_ids(user: Any) -> set[int] | None:
    """Organisations whose records the user reads: the scope's and every committee above an assigned one (None:
    everything)."""
    scope = scope_of(user)
    if scope.everything:
        return None
    cached = getattr(user, "_dangvu_doc_orgs", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    above: set[int] = set()
    for path in Organization.objects.filter(pk__in=scope.root_ids).values_list("path", flat=True):
        above.update(int(s) for s in path.split(".") if s)
    ids = set(scope.org_ids) | above
    user._dangvu_doc_orgs = ids
    return ids


def document_org(user: Any, pk: Any) -> Organization:
    """An organisation the user reads here (of the scope or a committee above it), e.g. a conference's body."""
    ids = visible_org_ids(user)
    try:
        org = Organization.objects.get(pk=int(pk))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None
    if ids is not None and org.pk not in ids:
        raise NotVisible
    return org


def _org_q(user: Any, field: str = "organization_id") -> Q:
    ids = visible_org_ids(user)
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def _get(qs: QuerySet[Any], user: Any, pk: Any) -> Any:
    try:
        obj = qs.filter(_org_q(user)).get(pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None
    return obj


# ---------------------------------------------------------------- documents


def document_get(user: Any, pk: Any) -> Document:
    return _get(Document.objects.select_related("doc_type", "issuer", "organization", "replaces", "implements"),
                user, pk)


def documents_search(
    user: Any, *, q: str = "", type_code: str = "", start: date | None = None, end: date | None = None,
    organization: Organization | None = None, limit: int = 200,
) -> list[Document]:
    """Documents the user may see, newest first: every word of `q` (without diacritics) in the number, title,
    summary or signer; a type; an issue date range; one committee's register."""
    qs = documents_matching(user, q=q, type_code=type_code, start=start, end=end, organization=organization)
    return list(qs[:limit])


def documents_matching(
    user: Any, *, q: str = "", type_code: str = "", start: date | None = None, end: date | None = None,
    organization: Organization | None = None,
) -> QuerySet[Document]:
    """documents_search's query, unsliced (the register pages through it)."""
    if start and end and start > end:
        raise DomainError("Từ ngày phải trước hoặc bằng đến ngày.", field="from", rule="period_order")
    qs = Document.objects.filter(_org_q(user)).select_related("doc_type", "issuer", "organization")
    for word in search_key(q or "").split()[:8]:
        qs = qs.filter(search_text__contains=word)
    if type_code:
        qs = qs.filter(doc_type__key=search_key(type_code))
    if start:
        qs = qs.filter(issued_on__gte=start)
    if end:
        qs = qs.filter(issued_on__lte=end)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs.order_by("-issued_on", "-id")


def document_by_number(user: Any, text: str, on: date | None = None) -> Document | None:
    """The registered document a number designates (numbers.closest: issued nearest to `on`, else the newest
    term's), if the user may see it."""
    key = number_key(text)
    if key is None:
        return None
    return closest(registered([key], org_ids=visible_org_ids(user)).get(key, []), on)  # type: ignore[no-any-return]


def document_pick(user: Any, q: str, *, limit: int = PICK_LIMIT) -> list[dict[str, Any]]:
    """Rows {id, number, title, issued_on, label} for the document picker (search as you type)."""
    rows = documents_search(user, q=q, limit=limit)
    return [{"id": d.pk, "number": d.number, "title": d.title, "issued_on": d.issued_on.isoformat(),
             "label": f"{d.number} ({d.issued_on:%d/%m/%Y}) — {d.title[:90]}"} for d in rows]


def document_types() -> list[DocumentType]:
    return list(DocumentType.objects.order_by("code"))


# ---------------------------------------------------------------- regulations and tasks


def regulations_of(user: Any, organization: Organization | None = None) -> list[Regulation]:
    qs = Regulation.objects.filter(_org_q(user)).select_related("organization", "document")
    if organization is not None:
        qs = qs.filter(organization=organization)
    return list(qs.order_by("-starts_on", "-id"))


def regulation_get(user: Any, pk: Any) -> Regulation:
    return _get(Regulation.objects.select_related("organization", "document"), user, pk)


@dataclass
class TaskRow:
    task: Task
    state: TaskState
    regulation_title: str
    supporting: list[str]


def _rows(tasks: list[Task], on: date) -> list[TaskRow]:
    out = []
    for t in tasks:
        reg = t.regulation
        st = task_state(recurrence=t.recurrence, due_on=t.due_on, percent=t.percent, last_report_on=t.last_report_on,
                        starts_on=reg.starts_on if reg else None, ends_on=reg.ends_on if reg else None,
                        cancelled=t.cancelled_at is not None, on=on)
        title = reg.title if reg else (t.conference.title if t.conference else "")
        out.append(TaskRow(t, st, title, [p.name for p in t.supporting.all()]))
    return out


def _task_qs() -> QuerySet[Task]:
    return Task.objects.select_related("regulation", "conference", "lead").prefetch_related("supporting")


def task_board(user: Any, regulation: Regulation, on: date) -> list[TaskRow]:
    """A regulation's tasks in number order, each with its state on `on` and its reports."""
    tasks = list(_task_qs().filter(regulation=regulation).prefetch_related(
        Prefetch("reports", queryset=Progress.objects.order_by("on", "id"))).order_by("number", "id"))
    return _rows(tasks, on)


def conference_task_rows(conf: Conference, on: date) -> list[TaskRow]:
    """The tasks a conference's conclusions set, in number order, each with its state on `on`."""
    return _rows(list(_task_qs().filter(conference=conf).order_by("number", "id")), on)


def conference_task_get(conf: Conference, pk: Any) -> Task:
    """One task of the conference (NotVisible for another conference's task or a bad id)."""
    try:
        return Task.objects.select_related("organization", "regulation").get(pk=int(pk), conference=conf)
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None


def task_get(user: Any, regulation: Regulation, pk: Any) -> Task:
    try:
        return Task.objects.select_related("organization", "regulation").get(pk=int(pk), regulation=regulation)
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None


def tasks_list(
    user: Any, *, on: date, organization: Organization | None = None, party: str = "", state: str = "",
    limit: int = 500,
) -> list[TaskRow]:
    """Tasks across regulations and conferences the user may see: of a committee's subtree (or led by or
    supported by it), of a party by name (without diacritics), and in a state on `on` ("overdue", "due" this
    month, "open" = neither done nor cancelled)."""
    qs = _task_qs().filter(_org_q(user), cancelled_at__isnull=True)
    if organization is not None:
        qs = qs.filter(Q(organization__path__startswith=organization.path) | Q(lead__organization=organization)
                       | Q(supporting__organization=organization)).distinct()
    if party:
        key = search_key(party)
        qs = qs.filter(Q(lead__key__contains=key) | Q(supporting__key__contains=key)
                       | Q(lead__isnull=True, lead_name__icontains=party)).distinct()
    if state in ("overdue", "due"):
        # One-off tasks are filtered by date in the database; recurrent ones by their period below.
        month_end = date(on.year + on.month // 12, on.month % 12 + 1, 1)
        one_off = Q(due_on__lt=on) if state == "overdue" else Q(due_on__lt=month_end)
        qs = qs.filter((Q(recurrence=Recurrence.NONE) & one_off & Q(percent__lt=100))
                       | ~Q(recurrence=Recurrence.NONE))
    rows = _rows(list(qs.order_by("regulation_id", "number", "id")[:limit]), on)
    # By the date each is due (the same on every database: NULLs never decide the order), then regulation, number.
    rows.sort(key=lambda r: (r.state.next_due is None, r.state.next_due or on, r.task.regulation_id or 0,
                             r.task.number, r.task.pk))
    if state == "overdue":
        rows = [r for r in rows if r.state.state == "overdue"]
    elif state == "due":
        rows = [r for r in rows if r.state.state in ("due", "overdue")]
    elif state == "open":
        rows = [r for r in rows if r.state.state not in ("done", "cancelled", "ended")]
    return rows


def party_names(user: Any) -> list[str]:
    """Names of the parties of the regulations the user may see (for the party filter)."""
    from .models import Party

    names = Party.objects.filter(_org_q(user, "regulation__organization_id")).values_list("name", flat=True)
    return sorted(set(names), key=search_key)


# ---------------------------------------------------------------- conferences


def conferences_of(user: Any, organization: Organization | None = None, year: int | None = None) -> list[Conference]:
    qs = Conference.objects.filter(_org_q(user)).select_related("organization", "regulation")
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    if year:
        qs = qs.filter(held_on__year=year)
    return list(qs.order_by("-held_on", "-id"))


def conference_get(user: Any, pk: Any) -> Conference:
    conf: Conference = _get(Conference.objects.select_related("organization", "regulation"), user, pk)
    return conf


def conference_minutes(conf: Conference) -> dict[str, Any]:
    """Everything the minutes show, fetched once: participants (people, then bodies) and the tasks the conclusions
    set."""
    participants = list(conf.participants.select_related("member", "body").order_by("id"))
    return {
        "participants": participants,
        "people": [p for p in participants if p.kind == ParticipantKind.PERSON],
        "bodies": [p for p in participants if p.kind == ParticipantKind.BODY],
        "tasks": list(conf.tasks.select_related("lead").order_by("number", "id")),
    }


def people_pick(
    user: Any, q: str, *, limit: int = PICK_LIMIT, members: QuerySet[Member] | None = None
) -> list[dict[str, Any]]:
    """Rows {id, name, label} of members of the user's scope still on the rolls (or of `members`, already limited
    by the caller, e.g. a rating round's leaders) whose name holds every word of `q` (without diacritics), for the
    participants' picker."""
    words = search_key(q or "").split()[:6]
    if not words:
        return []
    if members is not None:
        qs = members
    else:
        scope = scope_of(user)
        qs = Member.objects.filter(left_on__isnull=True)
        if not scope.everything:
            qs = qs.filter(organization_id__in=list(scope.org_ids))
    for w in words:
        qs = qs.filter(search_key__contains=w)
    rows = qs.select_related("organization").only("pk", "full_name", "organization__name").order_by("sort_key", "id")
    return [{"id": m.pk, "name": m.full_name, "label": f"{m.full_name} — {m.organization.name}"}
            for m in rows[:limit]]


# ---------------------------------------------------------------- commendations


def commendations_of(user: Any, organization: Organization | None = None,
                     year: int | None = None) -> list[Commendation]:
    """Commendations of the committees of the subtree (or those naming its organisations), with their subjects."""
    qs = Commendation.objects.filter(_org_q(user), voided_at__isnull=True).select_related("organization", "document")
    if organization is not None:
        qs = qs.filter(Q(organization__path__startswith=organization.path)
                       | Q(subjects__subject_org__path__startswith=organization.path)).distinct()
    if year:
        qs = qs.filter(year=year)
    return list(qs.prefetch_related(Prefetch(
        "subjects", queryset=CommendationSubject.objects.select_related("member", "subject_org").order_by("id")
    )).order_by("-year", "-id"))


def commendation_get(user: Any, pk: Any) -> Commendation:
    com: Commendation = _get(Commendation.objects.select_related("organization", "document"), user, pk)
    return com


def award_get(user: Any, pk: Any) -> BadgeAward:
    """A badge award of a member the user sees (by the organisation then or now); 404 otherwise."""
    scope = scope_of(user)
    try:
        award = BadgeAward.objects.select_related("member__organization").get(pk=int(pk))
    except (BadgeAward.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None
    if not (scope.sees(award.organization_id) or scope.sees(award.member.organization_id)):
        raise NotVisible
    return award


def member_commendations(member: Member) -> list[CommendationSubject]:
    return list(CommendationSubject.objects.filter(member=member, commendation__voided_at__isnull=True)
                .select_related("commendation").order_by("-commendation__year", "-id"))


def organization_commendations(org: Organization) -> list[CommendationSubject]:
    """The commendations the organisation received (voided ones left out), newest year first."""
    return list(CommendationSubject.objects.filter(subject_org=org, commendation__voided_at__isnull=True)
                .select_related("commendation__document", "commendation__organization")
                .order_by("-commendation__year", "-id"))


def commendations_decided(org: Organization, *, limit: int = 10) -> tuple[int, list[Commendation]]:
    """How many commendations the committee decided, and the latest `limit` with their number of subjects."""
    qs = Commendation.objects.filter(organization=org, voided_at__isnull=True)
    rows: list[Commendation] = list(
        qs.select_related("document").annotate(n_subjects=Count("subjects")).order_by("-year", "-id")[:limit])
    return (qs.count() if len(rows) == limit else len(rows)), rows


def confirmed_rounds(user: Any, organization: Organization) -> list[RatingRound]:
    """Closed (confirmed) rating rounds of the committee and those below it."""
    return list(RatingRound.objects.filter(status=RoundStatus.CLOSED, path__startswith=organization.path)
                .filter(_org_q(user)).select_related("organization").order_by("-year", "path"))


def commendation_candidates(user: Any, rnd: RatingRound) -> list[RatingEntry]:
    """Entries rated xuất sắc in a confirmed round, not yet commended for that year: the proposal list."""
    if rnd.status != RoundStatus.CLOSED:
        raise DomainError("Đợt đánh giá chưa được xác nhận, khóa sổ.", field="round", rule="round_open")
    ids = visible_org_ids(user)
    if ids is not None and rnd.organization_id not in ids:
        raise NotVisible
    done = CommendationSubject.objects.filter(commendation__year=rnd.year, commendation__voided_at__isnull=True)
    return list(
        # Organisations and members only: a leadership collective or a leader rated in the same round is the same
        # organisation or member seen another way.
        RatingEntry.objects.filter(rating_round=rnd, level=Level.EXCELLENT,
                                   subject_kind__in=[SubjectKind.MEMBER, SubjectKind.ORGANIZATION])
        .exclude(member_id__in=done.filter(member__isnull=False).values("member_id"))
        .exclude(organization_id__in=done.filter(subject_org__isnull=False).values("subject_org_id"))
        .select_related("member", "organization", "cell", "grassroots").order_by("subject_kind", "path", "id")
    )
