"""Attached files: size and type checked before anything is stored (PDF, DOCX, XLSX, PNG, JPEG), by the extension
and by the file's first bytes, so a renamed executable is refused as well."""

import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings

from dangvu.core.errors import DomainError
from dangvu.core.text import format_number

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# extension → (label, check of the first bytes / the zip's parts)
KINDS: dict[str, str] = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "png": "ảnh PNG",
                         "jpg": "ảnh JPEG", "jpeg": "ảnh JPEG"}


def max_bytes() -> int:
    return int(getattr(settings, "DANGVU_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass
class CheckedFile:
    name: str
    size: int
    kind: str


def _head(f: IO[bytes], n: int = 8) -> bytes:
    f.seek(0)
    head = f.read(n)
    f.seek(0)
    return head


def _zip_has(f: Any, prefix: str) -> bool:
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as z:
            ok = any(n.startswith(prefix) for n in z.namelist())
        f.seek(0)
        return ok
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_upload(f: Any, *, field: str = "file") -> CheckedFile:
    """The file's clean name, size and kind; DomainError naming the field and the rule (`file_too_large`,
    `file_type`, `file_empty`) otherwise. Reads the file only (nothing is written)."""
    name = (getattr(f, "name", "") or "tep").replace("\\", "/").rsplit("/", 1)[-1][:200]
    size = int(getattr(f, "size", 0) or 0)
    allowed = ", ".join(sorted({v for v in KINDS.values()}))
    if size > max_bytes():
        raise DomainError(
            f"Tệp «{name}» dung lượng {format_number(size / 1024 / 1024, 1)} MB, vượt mức tối đa "
            f"{format_number(max_bytes() / 1024 / 1024, 0)} MB; chưa lưu gì.", field=field, rule="file_too_large",
        )
    if size == 0:
        raise DomainError(f"Tệp «{name}» rỗng; chưa lưu gì.", field=field, rule="file_empty")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = _head(f)
    ok = {
        "pdf": head.startswith(b"%PDF-"),
        "png": head.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpg": head.startswith(b"\xff\xd8\xff"),
        "jpeg": head.startswith(b"\xff\xd8\xff"),
        "docx": head.startswith(b"PK\x03\x04") and _zip_has(f, "word/"),
        "xlsx": head.startswith(b"PK\x03\x04") and _zip_has(f, "xl/"),
    }.get(ext, False)
    if not ok:
        raise DomainError(
            f"Tệp «{name}» không phải loại được nhận ({allowed}) hoặc nội dung không khớp đuôi tệp; chưa lưu gì.",
            field=field, rule="file_type",
        )
    return CheckedFile(name, size, ext)
