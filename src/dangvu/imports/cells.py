"""Reading cells: dates (dd/mm/yyyy or ISO; an impossible date such as 31/02/1980 refused), texts, choices by
their Vietnamese label. Each refusal is a BadCell naming the column."""

import functools
import re
from datetime import date, datetime
from typing import Any

from dangvu.core.text import search_key

from .kinds import BadCell, Sheet

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def cell_value(value: Any) -> Any:
    """A cell as stored in the upload's JSON: dates as ISO text, whole floats as ints, texts stripped."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def parse_date(text: str) -> date:
    """dd/mm/yyyy (also with . or -) or yyyy-mm-dd; ValueError with the Vietnamese reason otherwise."""
    text = text.strip()
    m = _DMY.match(text)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _ISO.match(text)
        if not m:
            raise ValueError(f"'{text}' không phải ngày (nhập dạng ngày/tháng/năm, ví dụ 05/09/1985)")
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= mo <= 12:
        raise ValueError(f"ngày {text} không có thật: tháng {mo} không tồn tại")
    try:
        return date(y, mo, d)
    except ValueError:
        days = MONTH_DAYS[mo] if not (mo == 2 and y % 4) else 28
        raise ValueError(f"ngày {text} không có thật: tháng {mo}/{y} chỉ có {days} ngày") from None


class RowReader:
    """One row of a sheet: typed access to its cells by column key; each bad cell becomes a BadCell."""

    def __init__(self, sheet: Sheet, row: dict[str, Any]):
        self.sheet = sheet
        self.row = row
        self.line = int(row.get("_line") or 0)

    def label(self, key: str) -> str:
        return self.sheet.label(key)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.row.get(key)
        text = "" if value is None else " ".join(str(value).split())
        if required and not text:
            raise BadCell(key, "không được để trống")
        return text

    def digits(self, key: str) -> str:
        """An identifier of digits (CCCD, card number): Excel may have stored it as a number."""
        value = self.row.get(key)
        if isinstance(value, int):
            return str(value)
        return self.text(key).replace(" ", "")

    def date(self, key: str, *, required: bool = False) -> date | None:
        value = self.row.get(key)
        if value in (None, ""):
            if required:
                raise BadCell(key, "không được để trống")
            return None
        try:
            return parse_date(str(value))
        except ValueError as e:
            raise BadCell(key, str(e)) from None

    def choice(self, key: str, pairs: list[tuple[str, str]], *, required: bool = False) -> str | None:
        """A value given by its label or its code (pairs of (value, label)), compared without diacritics."""
        text = self.text(key, required=required)
        if not text:
            return None
        found = _choices(tuple(pairs)).get(search_key(text))
        if found is None:
            names = ", ".join(label for _v, label in pairs)
            raise BadCell(key, f"'{text}' không hợp lệ; dùng một trong: {names}")
        return found

    def flag(self, key: str) -> bool:
        return search_key(self.text(key)) in {"co", "x", "1", "true", "yes", "tam thoi"}


@functools.lru_cache(maxsize=64)
def _choices(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return choice_map(list(pairs))


def choice_map(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """{search key of the label and of the value: value} for RowReader.choice."""
    out: dict[str, str] = {}
    for value, label in pairs:
        out[search_key(label)] = value
        if value:
            out[search_key(value)] = value
    return out
