"""A member's photo: size and type checked before anything is stored (PNG or JPEG, by the extension, the file's
first bytes and a decode of the image), as attached documents are checked (documents.files)."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from dangvu.core.errors import DomainError
from dangvu.core.text import format_number

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff"}
FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}
MAX_PIXELS = 6000


def photo_max_bytes() -> int:
    return int(getattr(settings, "DANGVU_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass
class CheckedPhoto:
    name: str
    size: int
    kind: str
    width: int
    height: int


def check_photo(f: Any, *, field: str = "photo") -> CheckedPhoto:
    """The photo's clean name, size, kind and pixel size; DomainError naming the field and the rule
    (`file_too_large`, `file_empty`, `file_type`, `photo_size`) otherwise. Reads the file only."""
    from PIL import Image, UnidentifiedImageError

    name = (getattr(f, "name", "") or "anh").replace("\\", "/").rsplit("/", 1)[-1][:120]
    size = int(getattr(f, "size", 0) or 0)
    if size > photo_max_bytes():
        raise DomainError(
            f"Ảnh «{name}» dung lượng {format_number(size / 1024 / 1024, 1)} MB, vượt mức tối đa "
            f"{format_number(photo_max_bytes() / 1024 / 1024, 0)} MB; chưa lưu gì.", field=field,
            rule="file_too_large",
        )
    if size == 0:
        raise DomainError(f"Ảnh «{name}» rỗng; chưa lưu gì.", field=field, rule="file_empty")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    refused = DomainError(
        f"Tệp «{name}» không phải ảnh PNG hoặc JPEG, hoặc nội dung không khớp đuôi tệp; chưa lưu gì.",
        field=field, rule="file_type",
    )
    if ext not in SIGNATURES:
        raise refused
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    if not head.startswith(SIGNATURES[ext]):
        raise refused
    try:
        with Image.open(f) as img:
            fmt, (width, height) = img.format, img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refused from None
    finally:
        f.seek(0)
    if fmt != FORMATS[ext]:
        raise refused
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        raise DomainError(
            f"Ảnh «{name}» có kích thước {width}×{height} điểm ảnh; tối đa {MAX_PIXELS}×{MAX_PIXELS}; chưa lưu gì.",
            field=field, rule="photo_size",
        )
    return CheckedPhoto(name, size, ext, width, height)
