"""Reads on transfers (Quy định 294-QĐ/TW): transfer letters of a subtree by state (overdue, pending, presented)
and temporary transfers whose end approaches or has passed. Work lists of today's tree: a letter or a temporary
member belongs to the subtree when its sending or receiving cell (or committee) lies in it now. Fixed queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from dangvu.core.errors import DomainError, NotVisible
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of

from .models import EventKind, Member, MemberEvent, TransferLetter
from .rules import overdue_issued_before, presentation_deadline, rule_setting

PAGE_SIZE = 50
LETTER_STATES = {
    "overdue": "Quá hạn chưa nộp",
    "pending": "Chưa nộp, còn trong hạn",
    "presented": "Đã nộp",
    "all": "Tất cả",
}


@dataclass
class LetterRow:
    letter: TransferLetter
    deadline: date
    state: str  # overdue / pending / presented / presented_late
    days_over: int  # days past the deadline on the date asked (or at presentation); 0 when within it
    destination: str  # the receiving cell's name, or the outside destination


@dataclass
class LetterPage:
    count: int
    page: int
    page_size: int
    items: list[LetterRow] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _subtree_prefix(user: Any, org: Organization) -> str:
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    return org.path or f"{org.pk}."


def letters_q(user: Any, org: Organization, *, on: date, state: str) -> QuerySet[TransferLetter]:
    """Live letters (their transfer not voided) sent or received within `org`'s subtree, in `state` on `on`."""
    if state not in LETTER_STATES:
        raise DomainError(
            f"Trạng thái '{state}' không hợp lệ; chọn một trong: {', '.join(LETTER_STATES)}.",
            field="state", rule="choices",
        )
    prefix = _subtree_prefix(user, org)
    qs = TransferLetter.objects.filter(event__voided_at__isnull=True, issued_on__lte=on).filter(
        Q(event__organization__path__startswith=prefix)
        | Q(event__to_organization__path__startswith=prefix)
        | Q(sending_committee__path__startswith=prefix)
        | Q(receiving_committee__path__startswith=prefix)
    )
    threshold = overdue_issued_before(on)
    waiting = Q(presented_on__isnull=True) | Q(presented_on__gt=on)
    if state == "overdue":
        qs = qs.filter(waiting, issued_on__lt=threshold)
    elif state == "pending":
        qs = qs.filter(waiting, issued_on__gte=threshold)
    elif state == "presented":
        qs = qs.filter(presented_on__lte=on)
    return qs


def letter_row(letter: TransferLetter, on: date) -> LetterRow:
    """The letter's deadline and state on `on`."""
    deadline = presentation_deadline(letter.issued_on)
    event = letter.event
    destination = event.to_organization.name if event.to_organization else (letter.receiving_name or event.destination)
    if letter.presented_on is not None and letter.presented_on <= on:
        late = max(0, (letter.presented_on - deadline).days)
        return LetterRow(letter, deadline, "presented_late" if late else "presented", late, destination)
    over = max(0, (on - deadline).days)
    return LetterRow(letter, deadline, "overdue" if over else "pending", over, destination)


def transfer_letters(
    user: Any, org: Organization, *, on: date, state: str = "overdue", page: int = 1, page_size: int = PAGE_SIZE,
) -> LetterPage:
    """Transfer letters of the subtree in `state` on `on` ("overdue": issued, not presented, past the 30 working
    days — members.rules.presentation_deadline), oldest first, one page. 2 queries."""
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    qs = letters_q(user, org, on=on, state=state)
    count = qs.count()
    rows = list(
        qs.select_related(
            "member", "event", "event__organization", "event__to_organization", "sending_committee",
            "receiving_committee",
        ).order_by("issued_on", "id")[(page - 1) * page_size : page * page_size]
    )
    return LetterPage(count, page, page_size, [letter_row(letter, on) for letter in rows])


def letter_get(user: Any, letter_id: int) -> TransferLetter:
    """A letter the user may see: its member's sending or receiving cell lies in the user's scope."""
    letter = (
        TransferLetter.objects.select_related("member", "event", "event__organization", "event__to_organization",
                                              "sending_committee", "receiving_committee")
        .filter(pk=letter_id).first()
    )
    if letter is None:
        raise NotVisible
    scope = scope_of(user)
    seen = [letter.event.organization_id, letter.event.to_organization_id, letter.sending_committee_id,
            letter.receiving_committee_id]
    if not any(scope.sees(o) for o in seen):
        raise NotVisible
    return letter


def letters_of_member(member: Member) -> dict[int, TransferLetter]:
    """The member's letters by transfer event id (the timeline shows each beside its transfer)."""
    return {t.event_id: t for t in TransferLetter.objects.filter(member=member).select_related(
        "sending_committee", "receiving_committee", "event", "event__organization")}


# ---------------------------------------------------------------- temporary transfers


@dataclass
class TemporaryRow:
    member: Member
    since: date
    until: date
    days: int  # until − on: 0 ends today, negative: ended that many days ago without the end recorded
    which: str  # upcoming / today / passed
    home_name: str
    host_name: str


TEMPORARY_WHICH = {"upcoming": "Sắp hết hạn", "today": "Hết hạn hôm nay", "passed": "Đã quá hạn, chưa ghi kết thúc"}


def temporary_due(user: Any, org: Organization, *, on: date, within_days: int | None = None) -> list[TemporaryRow]:
    """Members of the subtree (their own cell or the host cell) on a temporary transfer whose planned end
    (MemberEvent.temporary_until of the transfer in force) falls within `within_days` of `on`
    (TEMPORARY_END_REMINDER_DAYS by default) or has passed without the end being recorded; latest first. 1 query."""
    within = rule_setting("TEMPORARY_END_REMINDER_DAYS") if within_days is None else within_days
    if within < 0 or within > 3660:
        raise DomainError("Số ngày phải từ 0 đến 3660.", field="within_days", rule="min_value")
    prefix = _subtree_prefix(user, org)
    current = MemberEvent.objects.filter(
        member=OuterRef("pk"), kind=EventKind.TRANSFERRED, temporary=True, voided_at__isnull=True
    ).order_by("-effective_on", "-id")
    members = (
        Member.objects.filter(temporary_organization__isnull=False, left_on__isnull=True)
        .filter(Q(organization__path__startswith=prefix) | Q(temporary_organization__path__startswith=prefix))
        .annotate(t_since=Subquery(current.values("effective_on")[:1]),
                  t_until=Subquery(current.values("temporary_until")[:1]))
        .filter(t_until__isnull=False, t_until__lte=on + timedelta(days=within))
        .select_related("organization", "temporary_organization")
        .order_by("t_until", "sort_key", "id")
    )
    rows = []
    for m in members:
        until: date = m.t_until  # type: ignore[attr-defined]
        days = (until - on).days
        which = "upcoming" if days > 0 else ("today" if days == 0 else "passed")
        assert m.temporary_organization is not None
        rows.append(TemporaryRow(m, m.t_since, until, days, which,  # type: ignore[attr-defined]
                                 m.organization.name, m.temporary_organization.name))
    return rows


def letter_committees(letter: TransferLetter) -> QuerySet[Organization]:
    """Who may be a letter's sending committee: the cell the member left and the organisations above it, nearest
    the root first (members.rules.check_letter_committee; at most four in the party's tree)."""
    cell = letter.event.organization
    above = [int(x) for x in ((cell.path if cell else "") or "").split(".") if x]
    return Organization.objects.filter(pk__in=above).order_by("path")
