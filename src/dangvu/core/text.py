"""Vietnamese text: search keys without diacritics, name sort keys by Vietnamese collation, numbers."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import icu


def search_key(text: str) -> str:
    """Lowercase, diacritics removed, đ→d, spaces collapsed: "Nguyễn Thị Hồng Hạnh" → "nguyen thi hong hanh"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    # ICU's root locale puts "Đào" before "Dung"; the vi tailoring orders a ă â, d đ, ... and tones.
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def collation_key(text: str) -> str:
    """Hex of ICU's Vietnamese sort key: byte order of the hex equals Vietnamese collation order."""
    return _collator().getSortKey(text).hex()


def name_sort_key(full_name: str) -> str:
    """Sort key for person lists: the given name (last word) with its tone first, then the rest.
    Two ICU keys concatenated: each ends with ICU's 00 terminator, so the given name decides whole
    ("Lê Văn Anh" before "Lê Thị Ánh") and the rest only breaks ties."""
    words = full_name.split()
    if not words:
        return ""
    return collation_key(words[-1]) + collation_key(" ".join(words[:-1]))


def format_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """Vietnamese number format: 8614 → "8.614", 96.6 → "96,6" (decimals given)."""
    quant = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    d = Decimal(str(value)).quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    integer, _, frac = f"{abs(d):f}".partition(".")
    groups: list[str] = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    out = ".".join(groups) or "0"
    if frac:
        out += "," + frac
    return sign + out


def format_percent(value: float | Decimal, decimals: int = 2) -> str:
    """128.75 → "128,75%"; trailing zeros after the comma dropped ("96,6%", "94%")."""
    s = format_number(value, decimals)
    if "," in s:
        s = s.rstrip("0").rstrip(",")
    return s + "%"


# One rule per kind of figure, for pages and exports alike (templates: the filters of core/templatetags/vn.py).
# A count is grouped ("8.165"); a year or an id never is ("2025"); a score has two decimals ("48,00"); a share
# has one decimal, kept even when zero, so a column reads alike ("75,0%", "75,1%").
SCORE_DECIMALS = 2
SHARE_DECIMALS = 1
# The same rules as Excel number formats (the workbook's locale shows "." and "," as the reader's Excel does).
XLSX_COUNT = "#,##0"
XLSX_SCORE = "#,##0.00"
XLSX_SHARE = "0.0%"
XLSX_CODE = "0"


def format_count(value: int | float | Decimal | None) -> str:
    """A count of people or organisations: 8165 → "8.165"; None → ""."""
    return "" if value is None else format_number(value, 0)


def format_code(value: int | str | None) -> str:
    """A year or an identifier, never grouped: 2025 → "2025"; None → ""."""
    return "" if value is None else str(value)


def format_score(value: int | float | Decimal | None) -> str:
    """A score: 48 → "48,00"; None → ""."""
    return "" if value is None else format_number(value, SCORE_DECIMALS)


def format_share(value: int | float | Decimal | None) -> str:
    """A percentage (value in percent): 75.06 → "75,1%", 75 → "75,0%"; None → ""."""
    return "" if value is None else format_number(value, SHARE_DECIMALS) + "%"
