"""One small helper per kind of member event (as saleor's order/events.py): each creates exactly one dated
MemberEvent row and nothing else. Services call them inside their transaction, then re-fold the projection."""

from datetime import date

from dangvu.core.actors import Actor, recorded_by
from dangvu.orgs.models import Organization, OrgEvent

from .models import EventKind, Member, MemberEvent, TransferLetter


def _event(
    *, member: Member, kind: str, on: date, actor: Actor | None, organization: Organization | None = None,
    to_organization: Organization | None = None, temporary: bool = False, destination: str = "",
    document: str = "", note: str = "", org_event: OrgEvent | None = None, temporary_until: date | None = None,
    temporary_purpose: str = "",
) -> MemberEvent:
    return MemberEvent.objects.create(
        member=member, kind=kind, effective_on=on,
        organization=organization if organization is not None else member.organization,
        to_organization=to_organization, temporary=temporary, temporary_until=temporary_until,
        temporary_purpose=temporary_purpose, destination=destination.strip()[:255],
        document=document.strip()[:64], note=note.strip(), org_event=org_event, recorded_by=recorded_by(actor),
    )


def admitted_event(
    *, member: Member, organization: Organization, on: date, actor: Actor | None, document: str = ""
) -> MemberEvent:
    return _event(member=member, kind=EventKind.ADMITTED, on=on, organization=organization, actor=actor,
                  document=document)


def joined_event(
    *, member: Member, organization: Organization, on: date, actor: Actor | None, document: str = ""
) -> MemberEvent:
    return _event(member=member, kind=EventKind.JOINED, on=on, organization=organization, actor=actor,
                  document=document)


def recognised_full_event(
    *, member: Member, on: date, actor: Actor | None, document: str = "", note: str = ""
) -> MemberEvent:
    return _event(member=member, kind=EventKind.RECOGNISED_FULL, on=on, actor=actor, document=document, note=note)


def transferred_event(
    *, member: Member, to_organization: Organization, on: date, actor: Actor | None, temporary: bool = False,
    document: str = "", note: str = "", temporary_until: date | None = None, temporary_purpose: str = "",
) -> MemberEvent:
    """A transfer within the province; a temporary one carries its planned end and purpose."""
    return _event(member=member, kind=EventKind.TRANSFERRED, on=on, to_organization=to_organization,
                  temporary=temporary, actor=actor, document=document, note=note, temporary_until=temporary_until,
                  temporary_purpose=temporary_purpose)


def transfer_letter(
    *, event: MemberEvent, number: str, issued_on: date, sending_committee: Organization,
    receiving_committee: Organization | None, receiving_name: str, actor: Actor | None,
) -> TransferLetter:
    """The transfer letter (giấy giới thiệu sinh hoạt đảng) of a transfer event: one row."""
    return TransferLetter.objects.create(
        event=event, member_id=event.member_id, number=number, issued_on=issued_on,
        sending_committee=sending_committee, receiving_committee=receiving_committee,
        receiving_name=receiving_name.strip()[:255], recorded_by=recorded_by(actor),
    )


def temporary_ended_event(
    *, member: Member, on: date, actor: Actor | None, document: str = "", note: str = ""
) -> MemberEvent:
    return _event(member=member, kind=EventKind.TEMPORARY_ENDED, on=on, actor=actor, document=document, note=note)


def transferred_out_event(
    *, member: Member, on: date, actor: Actor | None, destination: str = "", document: str = "", note: str = ""
) -> MemberEvent:
    return _event(member=member, kind=EventKind.TRANSFERRED_OUT, on=on, destination=destination, actor=actor,
                  document=document, note=note)


def left_event(
    *, member: Member, kind: str, on: date, actor: Actor | None, document: str = "", note: str = ""
) -> MemberEvent:
    """Struck off, expelled, released or deceased: the membership ends (the kind says how)."""
    assert kind in (EventKind.STRUCK_OFF, EventKind.EXPELLED, EventKind.RELEASED, EventKind.DECEASED), kind
    return _event(member=member, kind=kind, on=on, actor=actor, document=document, note=note)


def returned_event(
    *, member: Member, kind: str, to_organization: Organization, on: date, actor: Actor | None,
    document: str = "", note: str = "",
) -> MemberEvent:
    """Reinstated or readmitted into `to_organization`."""
    assert kind in (EventKind.REINSTATED, EventKind.READMITTED), kind
    return _event(member=member, kind=kind, on=on, to_organization=to_organization, actor=actor, document=document,
                  note=note)


def exempted_event(*, member: Member, on: date, actor: Actor | None, document: str = "", note: str = "") -> MemberEvent:
    return _event(member=member, kind=EventKind.EXEMPTED, on=on, actor=actor, document=document, note=note)


def exemption_ended_event(
    *, member: Member, on: date, actor: Actor | None, document: str = "", note: str = ""
) -> MemberEvent:
    return _event(member=member, kind=EventKind.EXEMPTION_ENDED, on=on, actor=actor, document=document, note=note)


def followed_org_event(
    *, member: Member, kind: str, to_organization: Organization, on: date, actor: Actor | None,
    org_event: OrgEvent, document: str = "",
) -> MemberEvent:
    """The member follows a merge or split of their organisation (ORG_MERGED / ORG_SPLIT)."""
    assert kind in (EventKind.ORG_MERGED, EventKind.ORG_SPLIT), kind
    return _event(member=member, kind=kind, on=on, to_organization=to_organization, actor=actor,
                  org_event=org_event, document=document)
