"""Transfer letters (giấy giới thiệu sinh hoạt đảng, Quy định 294-QĐ/TW): checked and written with the transfer
event by lifecycle.member_transfer / member_transfer_out (one transaction), and the presentation of a letter to
the receiving committee recorded by member_transfer_receive."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require

from .. import events
from ..models import EventKind, Member, MemberEvent, TransferLetter
from ..rules import check_letter, check_letter_committee, check_presented, committee_of, presentation_deadline


@dataclass(frozen=True)
class LetterIn:
    """A transfer letter as the user gives it: committees default to the grassroots organisations of the
    sending and the receiving cell (members.rules.committee_of)."""

    number: str
    issued_on: date
    sending_committee: Organization | None = None
    receiving_committee: Organization | None = None
    receiving_name: str = ""


@dataclass(frozen=True)
class CheckedLetter:
    number: str
    issued_on: date
    sending_committee: Organization
    receiving_committee: Organization | None
    receiving_name: str


def letter_check(
    letter: LetterIn, *, member: Member, effective_on: date, receiving_cell: Organization | None
) -> CheckedLetter:
    """The letter's own rules (number, date, committees above the cells); nothing written."""
    number = check_letter(letter.number, letter.issued_on, effective_on, today())
    cell = member.organization
    sending = letter.sending_committee or committee_of(cell)
    check_letter_committee(sending, cell, "sending_committee_id")
    receiving: Organization | None = None
    if receiving_cell is not None:
        receiving = letter.receiving_committee or committee_of(receiving_cell)
        check_letter_committee(receiving, receiving_cell, "receiving_committee_id")
    elif not (letter.receiving_name or "").strip():
        raise DomainError(
            "Nhập cấp ủy nơi đến (ngoài hệ thống) của giấy giới thiệu.", field="destination", rule="required"
        )
    return CheckedLetter(number, letter.issued_on, sending, receiving, (letter.receiving_name or "").strip())


def letter_write(*, actor: Actor, event: MemberEvent, letter: CheckedLetter) -> TransferLetter:
    """Write the checked letter of `event` (inside the transfer's transaction) and audit it."""
    row = events.transfer_letter(
        event=event, number=letter.number, issued_on=letter.issued_on, sending_committee=letter.sending_committee,
        receiving_committee=letter.receiving_committee, receiving_name=letter.receiving_name, actor=actor,
    )
    audit(actor, "transfer_letter_issue", row)
    return row


def presentation_scope(letter: TransferLetter) -> Organization:
    """Who records the presentation: the receiving cell's committee inside the province; for a transfer out of
    it, the sending cell (on the return slip from the receiving committee)."""
    event = letter.event
    if event.kind == EventKind.TRANSFERRED and event.to_organization is not None:
        return event.to_organization
    assert event.organization is not None
    return event.organization


@transaction.atomic
def member_transfer_receive(*, actor: Actor, letter: TransferLetter, presented_on: date) -> TransferLetter:
    """Record the day the member presented the transfer letter to the receiving committee. After the 30 working
    days (members.rules.presentation_deadline) it is still recorded, and shown as late."""
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins select_related makes.
    letter = TransferLetter.objects.select_for_update(of=("self",)).select_related(
        "event", "event__organization", "event__to_organization"
    ).get(pk=letter.pk)
    require(actor, "record_member", presentation_scope(letter))
    if letter.event.voided_at is not None:
        raise DomainError(
            "Sự kiện chuyển sinh hoạt của giấy giới thiệu này đã bị hủy.", field="letter_id", rule="letter_voided"
        )
    if letter.presented_on is not None:
        raise DomainError(
            f"Giấy giới thiệu {letter.number} đã nộp ngày {format_date(letter.presented_on)}.",
            field="presented_on", rule="already_presented",
        )
    check_presented(letter.issued_on, presented_on, today())
    before = snapshot(letter)
    letter.presented_on = presented_on
    letter.presented_recorded_by = recorded_by(actor)
    letter.save(update_fields=["presented_on", "presented_recorded_by"])
    late = presented_on > presentation_deadline(letter.issued_on)
    audit(actor, "transfer_letter_receive", letter, before=before, after={**snapshot(letter), "late": late})
    return letter


@transaction.atomic
def transfer_letter_correct(
    *, actor: Actor, letter: TransferLetter, number: str, issued_on: date, reason: str,
    sending_committee: Organization | None = None,
) -> TransferLetter:
    """Correct a letter written wrong (its number, date or sending committee) by whoever may record the member's
    transfer; the same rules as when it was issued, kept before/after with the reason in the audit log. The
    transfer itself (the event and the membership span) does not change: a wrong transfer is voided instead."""
    letter = TransferLetter.objects.select_for_update(of=("self",)).select_related(
        "event", "event__organization", "sending_committee"
    ).get(pk=letter.pk)
    event = letter.event
    assert event.organization is not None
    require(actor, "record_member", event.organization)
    if event.voided_at is not None:
        raise DomainError(
            "Sự kiện chuyển sinh hoạt của giấy giới thiệu này đã bị hủy.", field="letter_id", rule="letter_voided"
        )
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("Nhập lý do sửa giấy giới thiệu.", field="reason", rule="required")
    number = check_letter(number, issued_on, event.effective_on, today())
    sending = sending_committee or letter.sending_committee
    check_letter_committee(sending, event.organization, "sending_committee_id")
    if letter.presented_on is not None:
        check_presented(issued_on, letter.presented_on, today())
    if (number, issued_on, sending.pk) == (letter.number, letter.issued_on, letter.sending_committee_id):
        raise DomainError("Giấy giới thiệu không có gì thay đổi.", field="letter_number", rule="unchanged")
    before = snapshot(letter)
    letter.number, letter.issued_on, letter.sending_committee = number, issued_on, sending
    letter.save(update_fields=["number", "issued_on", "sending_committee"])
    audit(actor, "transfer_letter_correct", letter, before=before, after={**snapshot(letter), "reason": reason})
    return letter
