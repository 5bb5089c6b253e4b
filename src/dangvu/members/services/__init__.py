"""Writes on members. record.py: the record itself (record, void, profile); lifecycle.py: one service per
kind of lifecycle event. Import from here."""

from .lifecycle import (
    LEAVING_KINDS,
    RECORDABLE_KINDS,
    RETURNING_KINDS,
    member_end_exemption,
    member_end_temporary,
    member_exempt,
    member_leave,
    member_recognise_full,
    member_record_event,
    member_return,
    member_transfer,
    member_transfer_out,
)
from .record import (
    PROFILE_FIELDS,
    SENSITIVE_FIELDS,
    member_event_void,
    member_record,
    member_update_profile,
    member_view_sensitive,
)
from .transfers import LetterIn, member_transfer_receive, transfer_letter_correct

__all__ = [
    "LEAVING_KINDS", "PROFILE_FIELDS", "RECORDABLE_KINDS", "RETURNING_KINDS", "SENSITIVE_FIELDS",
    "member_end_exemption", "member_end_temporary", "member_event_void", "member_exempt", "member_leave",
    "member_recognise_full", "member_record", "member_record_event", "member_return", "member_transfer",
    "member_transfer_out", "member_update_profile", "member_view_sensitive", "LetterIn", "member_transfer_receive",
    "transfer_letter_correct",
]
