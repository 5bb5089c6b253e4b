"""The Vietnamese font embedded in PDFs and drawn into PNG charts: Noto Serif (fonts-noto-core), else DejaVu Serif
(fonts-dejavu); both are installed by scripts/host-deps.sh and cover every Vietnamese letter and tone mark."""

from functools import lru_cache
from pathlib import Path

CANDIDATES = {
    False: [
        "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
    True: [
        "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ],
}
ITALIC = [
    "/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
]


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=4)
def font_path(bold: bool = False, italic: bool = False) -> str:
    paths = ITALIC + CANDIDATES[False] if italic else CANDIDATES[bold]
    for p in paths:
        if Path(p).exists():
            return p
    raise FontMissing("Không tìm thấy phông chữ tiếng Việt (cài fonts-noto-core hoặc fonts-dejavu).")


@lru_cache(maxsize=1)
def register_pdf_fonts() -> None:
    """Register the fonts with reportlab under the names VN, VN-Bold, VN-Italic (embedded as TrueType subsets)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("VN", font_path()))
    pdfmetrics.registerFont(TTFont("VN-Bold", font_path(bold=True)))
    pdfmetrics.registerFont(TTFont("VN-Italic", font_path(italic=True)))
    addMapping("VN", 0, 0, "VN")
    addMapping("VN", 1, 0, "VN-Bold")
    addMapping("VN", 0, 1, "VN-Italic")
    addMapping("VN", 1, 1, "VN-Bold")
