"""Lifecycle events of a member (RULES.md, Membership): one service per kind, each one transaction that locks
the member, checks scope and rules, appends one event (members/events.py), re-folds the projection and audits.
`member_record_event(kind=...)` is the entry for forms and the API, which let the user choose the kind."""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from dangvu.core.actors import Actor
from dangvu.core.audit import audit, snapshot
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization
from dangvu.orgs.rules import check_not_future
from dangvu.orgs.scope import require

from .. import events
from ..models import EventKind, Member, MemberEvent
from ..projection import apply_member, compute_member
from ..rules import check_cell, check_member_event, check_temporary_period, check_transfer_target
from .transfers import CheckedLetter, LetterIn, letter_check, letter_write

# Events the API and forms may record directly (merge/split events come from restructuring).
RECORDABLE_KINDS = [
    EventKind.RECOGNISED_FULL, EventKind.TRANSFERRED, EventKind.TEMPORARY_ENDED, EventKind.TRANSFERRED_OUT,
    EventKind.STRUCK_OFF, EventKind.EXPELLED, EventKind.RELEASED, EventKind.DECEASED, EventKind.REINSTATED,
    EventKind.READMITTED, EventKind.EXEMPTED, EventKind.EXEMPTION_ENDED,
]
LEAVING_KINDS = [EventKind.STRUCK_OFF, EventKind.EXPELLED, EventKind.RELEASED, EventKind.DECEASED]
RETURNING_KINDS = [EventKind.REINSTATED, EventKind.READMITTED]


def _append(
    *, actor: Actor, member: Member, kind: str, effective_on: date,
    make: Callable[[Member], MemberEvent], check: Callable[[Member], None] | None = None,
) -> MemberEvent:
    """The frame every lifecycle service shares: lock, scope, date and history rules, the kind's own
    check, one event, the projection re-folded with it, the audit entry."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(actor, "record_member", member.organization)
    check_not_future(effective_on)
    history = list(member.events.order_by("effective_on", "id"))
    check_member_event(member, history, kind, effective_on, compute_member(member, history).probation_start)
    if check is not None:
        check(member)
    before = snapshot(member)
    event = make(member)
    apply_member(member, [*history, event])
    audit(actor, f"member_{kind}", member, before=before, after={**snapshot(member), "event_id": event.pk})
    return event


@transaction.atomic
def member_recognise_full(
    *, actor: Actor, member: Member, effective_on: date, document: str = "", note: str = ""
) -> MemberEvent:
    """Recognise a probationary member as full member (12 months of probation, RULES.md)."""
    return _append(
        actor=actor, member=member, kind=EventKind.RECOGNISED_FULL, effective_on=effective_on,
        make=lambda m: events.recognised_full_event(member=m, on=effective_on, actor=actor, document=document,
                                                    note=note),
    )


@transaction.atomic
def member_transfer(
    *, actor: Actor, member: Member, to_organization: Organization | None, effective_on: date,
    temporary: bool = False, document: str = "", note: str = "", letter: LetterIn | None = None,
    temporary_until: date | None = None, temporary_purpose: str = "work",
) -> MemberEvent:
    """Move the member's party activity to another cell of the province, officially or temporarily (a temporary
    transfer needs its end date, members.rules.check_temporary_period), with its transfer letter when given.
    The receiving cell may lie outside the sender's scope (members.rules.check_transfer_target)."""
    checked: list[CheckedLetter] = []

    def check(m: Member) -> None:
        target = check_transfer_target(m, to_organization, effective_on)
        if temporary and m.temporary_organization_id is not None:
            raise DomainError(
                "Đảng viên đang sinh hoạt tạm thời; ghi kết thúc sinh hoạt tạm thời trước.",
                field="temporary", rule="already_temporary",
            )
        if temporary:
            check_temporary_period(effective_on, temporary_until, temporary_purpose or "")
        if letter is not None:
            checked.append(letter_check(letter, member=m, effective_on=effective_on, receiving_cell=target))

    def make(m: Member) -> MemberEvent:
        assert to_organization is not None  # checked above
        return events.transferred_event(
            member=m, to_organization=to_organization, on=effective_on, actor=actor, temporary=temporary,
            document=document, note=note, temporary_until=temporary_until if temporary else None,
            temporary_purpose=(temporary_purpose or "") if temporary else "",
        )

    event = _append(actor=actor, member=member, kind=EventKind.TRANSFERRED, effective_on=effective_on,
                    make=make, check=check)
    if checked:
        letter_write(actor=actor, event=event, letter=checked[0])
    return event


@transaction.atomic
def member_end_temporary(
    *, actor: Actor, member: Member, effective_on: date, document: str = "", note: str = ""
) -> MemberEvent:
    """End a temporary transfer: the member is back in their own cell only."""
    return _append(
        actor=actor, member=member, kind=EventKind.TEMPORARY_ENDED, effective_on=effective_on,
        make=lambda m: events.temporary_ended_event(member=m, on=effective_on, actor=actor, document=document,
                                                    note=note),
    )


@transaction.atomic
def member_transfer_out(
    *, actor: Actor, member: Member, effective_on: date, destination: str = "", document: str = "", note: str = "",
    letter: LetterIn | None = None,
) -> MemberEvent:
    """The member leaves for a party organisation outside the system (another province, the army...), with the
    transfer letter when given (its receiving committee is the destination's name)."""
    checked: list[CheckedLetter] = []

    def check(m: Member) -> None:
        if letter is not None:
            outside = LetterIn(**{**letter.__dict__, "receiving_name": letter.receiving_name or destination})
            checked.append(letter_check(outside, member=m, effective_on=effective_on, receiving_cell=None))

    event = _append(
        actor=actor, member=member, kind=EventKind.TRANSFERRED_OUT, effective_on=effective_on, check=check,
        make=lambda m: events.transferred_out_event(member=m, on=effective_on, actor=actor, destination=destination,
                                                    document=document, note=note),
    )
    if checked:
        letter_write(actor=actor, event=event, letter=checked[0])
    return event


@transaction.atomic
def member_leave(
    *, actor: Actor, member: Member, kind: str, effective_on: date, document: str = "", note: str = ""
) -> MemberEvent:
    """The membership ends: struck off, expelled, released or deceased (`kind`)."""
    if kind not in LEAVING_KINDS:
        raise DomainError("Lý do ra khỏi Đảng không hợp lệ.", field="kind", rule="choices")
    return _append(
        actor=actor, member=member, kind=kind, effective_on=effective_on,
        make=lambda m: events.left_event(member=m, kind=kind, on=effective_on, actor=actor, document=document,
                                         note=note),
    )


@transaction.atomic
def member_return(
    *, actor: Actor, member: Member, kind: str, effective_on: date, to_organization: Organization | None = None,
    document: str = "", note: str = "",
) -> MemberEvent:
    """Reinstatement or readmission (`kind`) into `to_organization` (default: the last cell)."""
    if kind not in RETURNING_KINDS:
        raise DomainError("Loại sự kiện không hợp lệ.", field="kind", rule="choices")
    target = to_organization or member.organization

    def check(_m: Member) -> None:
        check_cell(target, effective_on, "to_organization_id")
        require(actor, "record_member", target)

    return _append(
        actor=actor, member=member, kind=kind, effective_on=effective_on, check=check,
        make=lambda m: events.returned_event(member=m, kind=kind, to_organization=target, on=effective_on,
                                             actor=actor, document=document, note=note),
    )


@transaction.atomic
def member_exempt(
    *, actor: Actor, member: Member, effective_on: date, document: str = "", note: str = ""
) -> MemberEvent:
    """Exempt the member from party work and activity (age, health)."""
    return _append(
        actor=actor, member=member, kind=EventKind.EXEMPTED, effective_on=effective_on,
        make=lambda m: events.exempted_event(member=m, on=effective_on, actor=actor, document=document, note=note),
    )


@transaction.atomic
def member_end_exemption(
    *, actor: Actor, member: Member, effective_on: date, document: str = "", note: str = ""
) -> MemberEvent:
    """The exemption ends: the member takes part in the cell's activity again."""
    return _append(
        actor=actor, member=member, kind=EventKind.EXEMPTION_ENDED, effective_on=effective_on,
        make=lambda m: events.exemption_ended_event(member=m, on=effective_on, actor=actor, document=document,
                                                    note=note),
    )


def member_record_event(
    *, actor: Actor, member: Member, kind: str, effective_on: date, to_organization: Organization | None = None,
    temporary: bool = False, destination: str = "", document: str = "", note: str = "",
    letter: LetterIn | None = None, temporary_until: date | None = None, temporary_purpose: str = "work",
) -> MemberEvent:
    """Record an event whose kind the user chose (forms, API): the kind's own service does the work."""
    document, note = document or "", note or ""
    if kind == EventKind.TRANSFERRED:
        return member_transfer(actor=actor, member=member, effective_on=effective_on, document=document, note=note,
                               to_organization=to_organization, temporary=bool(temporary), letter=letter,
                               temporary_until=temporary_until, temporary_purpose=temporary_purpose or "work")
    if kind == EventKind.TRANSFERRED_OUT:
        return member_transfer_out(actor=actor, member=member, effective_on=effective_on, document=document,
                                   note=note, destination=destination or "", letter=letter)
    if letter is not None:
        raise DomainError(
            "Giấy giới thiệu sinh hoạt đảng chỉ ghi kèm chuyển sinh hoạt (trong tỉnh hoặc ra ngoài).",
            field="letter_number", rule="letter_with_transfer",
        )
    if kind in LEAVING_KINDS:
        return member_leave(actor=actor, member=member, kind=kind, effective_on=effective_on, document=document,
                            note=note)
    if kind in RETURNING_KINDS:
        return member_return(actor=actor, member=member, kind=kind, effective_on=effective_on, document=document,
                             note=note, to_organization=to_organization)
    simple: dict[str, Callable[..., MemberEvent]] = {
        EventKind.RECOGNISED_FULL: member_recognise_full,
        EventKind.TEMPORARY_ENDED: member_end_temporary,
        EventKind.EXEMPTED: member_exempt,
        EventKind.EXEMPTION_ENDED: member_end_exemption,
    }
    if kind not in simple:
        raise DomainError(
            f"Loại sự kiện '{kind}' không hợp lệ; chọn một trong: {', '.join(RECORDABLE_KINDS)}.",
            field="kind", rule="choices",
        )
    return simple[kind](actor=actor, member=member, effective_on=effective_on, document=document, note=note)
