"""File renderers of a Report (or a Pack of reports): xlsx (openpyxl), docx (python-docx, the party's layout),
pdf (reportlab, embedded Vietnamese font)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify

from dangvu.core.text import search_key

from ..model import Pack, Report

FORMATS = ("xlsx", "docx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class File:
    content: bytes
    content_type: str
    filename: str


def _renderer(fmt: str) -> Callable[[Report | Pack], bytes]:
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx
    if fmt == "docx":
        from .docx import render_docx

        return render_docx
    from .pdf import render_pdf

    return render_pdf


def render(doc: Report | Pack, fmt: str) -> File:
    """The report as a file in `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    name = slugify(search_key(f"{doc.title} {doc.period}"))[:80] or "bao-cao"
    return File(_renderer(fmt)(doc), CONTENT_TYPES[fmt], f"{name}.{fmt}")
