"""Document numbers "651-QĐ/TU" (Hướng dẫn 36-HD/VPTW): parsed into serial, type and issuer abbreviations, checked
against the lists the committee keeps; the committee term (nhiệm kỳ) a date falls in; and the one rule that finds the
registered document a number written elsewhere designates (number_key / registered / closest)."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings

from dangvu.core.errors import DomainError
from dangvu.core.text import search_key

NUMBER_RE = re.compile(
    r"^(?:số\s*)?(?P<serial>\d{1,6})\s*-\s*(?P<type>[A-Za-zĐđ]{1,6})\s*/\s*(?P<issuer>[A-Za-zĐđ]{1,12})$",
    re.IGNORECASE,
)
TERM_RE = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
TERM_YEARS = 5


@dataclass(frozen=True)
class ParsedNumber:
    serial: int
    type_code: str
    issuer_code: str


def parse_number(text: str) -> ParsedNumber:
    """"651-QĐ/TU" → (651, "QĐ", "TU"); spaces around the signs and a leading "Số" tolerated. Refuses other forms
    with rule `document_number`."""
    raw = unicodedata.normalize("NFC", (text or "").strip())
    m = NUMBER_RE.match(raw)
    if m is None or int(m["serial"]) == 0:
        raise DomainError(
            f"Số, ký hiệu văn bản «{raw[:64]}» không đúng dạng số-LOẠI/CƠ QUAN, ví dụ 651-QĐ/TU "
            "(Hướng dẫn 36-HD/VPTW).",
            field="number", rule="document_number",
        )
    return ParsedNumber(int(m["serial"]), m["type"], m["issuer"])


def term_of(d: date) -> str:
    """The committee term a date falls in: terms of five years from the congresses of 2020, 2025, ... held in
    DANGVU_TERM_START_MONTH (October by default): 15/3/2025 → "2020-2025", 15/11/2025 → "2025-2030"."""
    start_month = int(getattr(settings, "DANGVU_TERM_START_MONTH", 10))
    y = d.year if d.month >= start_month else d.year - 1
    start = 2020 + TERM_YEARS * ((y - 2020) // TERM_YEARS)
    return f"{start}-{start + TERM_YEARS}"


def check_term(term: str) -> str:
    """"2020-2025" (or with an en dash); the end after the start, at most 10 years."""
    m = TERM_RE.match((term or "").strip())
    if m is None or not 0 < int(m[2]) - int(m[1]) <= 10 or not 1930 <= int(m[1]) <= 2100:
        raise DomainError(f"Nhiệm kỳ «{(term or '')[:20]}» phải có dạng năm-năm, ví dụ 2020-2025.", field="term",
                          rule="document_term")
    return f"{m[1]}-{m[2]}"


# ---------------------------------------------------------------- number → registered document (the one definition)

# A number inside free text ("Quy định 132-QĐ/TW (8/3/2018); Hướng dẫn 16-HD/BTCTW").
FIND_RE = re.compile(r"(?<![\w-])(\d{1,6})\s*-\s*([A-Za-zĐđ]{1,6})\s*/\s*([A-Za-zĐđ]{1,12})(?!\w)")

NumberKey = tuple[int, str, str]  # (serial, search_key(type), search_key(issuer)): "651-QĐ/TU" → (651, "qd", "tu")


@lru_cache(maxsize=2048)
def _code(code: str) -> str:
    return search_key(code)


def _key(serial: str | int, type_code: str, issuer_code: str) -> NumberKey | None:
    return (int(serial), _code(type_code), _code(issuer_code)) if int(serial) else None


def number_key(text: str) -> NumberKey | None:
    """The key of a number written alone ("651-QĐ/TU", "Số 651 - qđ/TU"), None for other text."""
    try:
        p = parse_number(text)
    except DomainError:
        return None
    return _key(p.serial, p.type_code, p.issuer_code)


def number_keys_in(text: str) -> list[NumberKey]:
    """The keys of every number written in a text, in order, each once."""
    raw = unicodedata.normalize("NFC", text or "")
    keys = [_key(*m.groups()) for m in FIND_RE.finditer(raw)]
    return list(dict.fromkeys(k for k in keys if k is not None))


def registered(keys: set[NumberKey] | list[NumberKey], *, org_ids: set[int] | None = None,
               ) -> dict[NumberKey, list[Any]]:
    """Registered documents of each key (one query; the same number may exist in several terms), optionally only
    those kept by the committees `org_ids`."""
    from .models import Document

    wanted = set(keys)
    if not wanted:
        return {}
    # IN lists on each part (a short plan for thousands of keys), the exact triples kept below.
    qs = Document.objects.filter(serial__in={k[0] for k in wanted}, doc_type__key__in={k[1] for k in wanted},
                                 issuer__key__in={k[2] for k in wanted}).select_related("doc_type", "issuer")
    if org_ids is not None:
        qs = qs.filter(organization_id__in=org_ids)
    out: dict[NumberKey, list[Any]] = {}
    for d in qs.order_by("-issued_on", "-id"):
        key = (d.serial, d.doc_type.key, d.issuer.key)
        if key in wanted:
            out.setdefault(key, []).append(d)
    return out


def closest(candidates: list[Any], on: date | None) -> Any:
    """Of the documents bearing one number (one per term), the one a record dated `on` means: issued nearest to
    that day (a decision may take effect before or after it is issued); without a date, the newest."""
    if not candidates:
        return None
    if on is None:
        return candidates[0]
    return min(candidates, key=lambda d: (abs((d.issued_on - on).days), -d.pk))
