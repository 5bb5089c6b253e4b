"""Document numbers "651-QĐ/TU" (Hướng dẫn 36-HD/VPTW): parsed into serial, type and issuer abbreviations, checked
against the lists the committee keeps; and the committee term (nhiệm kỳ) a date falls in."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from dangvu.core.errors import DomainError

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
