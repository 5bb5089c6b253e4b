"""Vietnamese personal names for demo data: family name by real frequency, middle and given names by sex.

Faker('vi_VN') puts names in Western order with honorifics and falls back to 'Jane' for first_name()
(STACK-NOTES.md), so this module draws names itself. The functions take a `random.Random`, so the
generator stays deterministic for a seed; `VietnameseNameProvider` offers the same to a Faker instance.
"""

import random
from bisect import bisect
from itertools import accumulate

from faker.providers import BaseProvider


def _words(text: str) -> list[str]:
    return text.split()


# Approximate shares of family names in the Red River delta (Ninh Bình has many Đinh, Phạm, Vũ, Bùi);
# southern variants (Huỳnh, Võ) are rare there.
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 31.0), ("Trần", 10.0), ("Phạm", 8.5), ("Lê", 8.0), ("Vũ", 5.0), ("Hoàng", 4.0), ("Đinh", 3.6),
    ("Bùi", 3.5), ("Đỗ", 2.6), ("Đặng", 2.2), ("Ngô", 1.6), ("Mai", 1.5), ("Phan", 1.5), ("Trịnh", 1.3),
    ("Dương", 1.1), ("Đào", 1.1), ("Lương", 0.9), ("Hà", 0.9), ("Tạ", 0.7), ("Lại", 0.7), ("Tống", 0.6),
    ("Cao", 0.6), ("Hồ", 0.5), ("Lý", 0.5), ("Lưu", 0.5), ("Đoàn", 0.8), ("Vương", 0.4), ("Quách", 0.4),
    ("Kiều", 0.3), ("Nghiêm", 0.3), ("Trương", 0.6), ("Chu", 0.3), ("Phí", 0.2), ("Lã", 0.2), ("Võ", 0.3),
    ("Huỳnh", 0.2), ("Triệu", 0.3), ("Khúc", 0.1), ("Đồng", 0.2), ("Tô", 0.3),
]
# Mường families (Nho Quan, Tam Điệp) keep a few old lineages.
MUONG_FAMILY_NAMES: list[tuple[str, float]] = [
    ("Đinh", 40.0), ("Quách", 20.0), ("Bùi", 20.0), ("Hà", 8.0), ("Bạch", 6.0), ("Cao", 6.0),
]
MIDDLE_MALE: list[tuple[str, float]] = [
    ("Văn", 38.0), ("Đức", 8.0), ("Minh", 7.0), ("Hữu", 5.0), ("Quang", 5.0), ("Xuân", 4.0), ("Mạnh", 3.0),
    ("Trọng", 3.0), ("Công", 3.0), ("Thanh", 3.0), ("Tiến", 2.0), ("Đình", 4.0), ("Duy", 2.0), ("Quốc", 2.0),
    ("Ngọc", 2.0), ("Hoàng", 2.0), ("Trung", 1.5), ("Việt", 1.5), ("Thế", 1.5), ("Anh", 1.0), ("Hồng", 1.0),
    ("Bá", 1.0), ("Khắc", 1.0), ("Tuấn", 1.0),
]
MIDDLE_FEMALE: list[tuple[str, float]] = [
    ("Thị", 46.0), ("Ngọc", 6.0), ("Thu", 5.0), ("Thanh", 5.0), ("Hồng", 4.0), ("Phương", 3.0), ("Minh", 3.0),
    ("Thúy", 2.0), ("Kim", 2.0), ("Bích", 2.0), ("Thùy", 2.0), ("Hải", 1.5), ("Diệu", 1.0), ("Khánh", 1.0),
    ("Mai", 1.0), ("Lan", 1.0), ("Thị Hồng", 4.0), ("Thị Thu", 3.5), ("Thị Thanh", 3.5), ("Thị Minh", 2.0),
    ("Thị Ngọc", 2.0), ("Thị Kim", 1.5), ("Thị Thúy", 1.5), ("Thị Phương", 1.0),
]
GIVEN_MALE = _words(
    "Hùng Dũng Tuấn Minh Hải Nam Long Sơn Thắng Cường Hoàng Hiếu Trung Đức Quang Thành Tùng Huy Việt Phong "
    "Khánh Bình Hưng Toàn Quân Kiên Tiến Lâm Thịnh Vinh Đạt Thanh Hiệp Phúc Tâm Tài Hòa Chiến Thái Hậu Giang "
    "Duy Anh An Quý Lợi Nghĩa Chính Thuận Tú Trường Khoa Bảo Hào Hiển Thi Quảng Chỉnh Công Định Hoan Lực "
    "Mạnh Ninh Phương Quyết Sáng Thạch Thông Thụy Tình Trọng Tuyên Văn Vượng Xuân Yên Hạnh Đông Điệp Hiếu"
)
GIVEN_FEMALE = _words(
    "Hạnh Hương Lan Hoa Hà Mai Linh Trang Thảo Nga Huyền Hằng Phương Thủy Yến Nhung Dung Oanh Loan Hiền "
    "Thu Liên Hồng Vân Ngọc Ánh Anh Giang Ly Nhàn Tâm Thúy Trinh Uyên Vy Quỳnh My Chi Duyên Hải Bích Thơm "
    "Lụa Hậu Nhi Diệp Ngân Tuyết Xuân Huế Lý Hoài Hòa Huệ Khuyên Lệ Lương Minh Nguyệt Phượng Quyên Sen "
    "Tươi Thắm Thoa Thanh Thêu Thư Trâm Tuyền Vui"
)
# Younger women are given more varied middle names; before ~1975 nearly all carry "Thị".
OLD_FEMALE_MIDDLE_SHARE = 0.85


def _table(pairs: list[tuple[str, float]]) -> tuple[list[str], list[float]]:
    return [p[0] for p in pairs], list(accumulate(p[1] for p in pairs))


_FAMILY = _table(FAMILY_NAMES)
_MUONG = _table(MUONG_FAMILY_NAMES)
_MID_M = _table(MIDDLE_MALE)
_MID_F = _table(MIDDLE_FEMALE)


def _pick(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    names, cum = table
    return names[bisect(cum, rng.random() * cum[-1])]


def family_name(rng: random.Random, ethnic_group: str = "Kinh") -> str:
    if ethnic_group == "Mường" and rng.random() < 0.8:
        return _pick(rng, _MUONG)
    return _pick(rng, _FAMILY)


def middle_name(rng: random.Random, sex: str, birth_year: int = 1980) -> str:
    if sex == "F":
        if birth_year < 1975 and rng.random() < OLD_FEMALE_MIDDLE_SHARE:
            return "Thị"
        return _pick(rng, _MID_F)
    return _pick(rng, _MID_M)


def given_name(rng: random.Random, sex: str) -> str:
    return rng.choice(GIVEN_FEMALE if sex == "F" else GIVEN_MALE)


def full_name(rng: random.Random, sex: str, birth_year: int = 1980, ethnic_group: str = "Kinh") -> str:
    """"Nguyễn Thị Hồng Hạnh": family, middle (by sex and generation), given; no repeated word at the end."""
    family = family_name(rng, ethnic_group)
    middle = middle_name(rng, sex, birth_year)
    given = given_name(rng, sex)
    while given in middle.split():
        given = given_name(rng, sex)
    return f"{family} {middle} {given}"


class VietnameseNameProvider(BaseProvider):
    """Faker provider: `fake.add_provider(VietnameseNameProvider)`; then `fake.vn_full_name("F")`."""

    def vn_full_name(self, sex: str = "M", birth_year: int = 1980, ethnic_group: str = "Kinh") -> str:
        return full_name(self.generator.random, sex, birth_year, ethnic_group)

    def vn_family_name(self, ethnic_group: str = "Kinh") -> str:
        return family_name(self.generator.random, ethnic_group)

    def vn_given_name(self, sex: str = "M") -> str:
        return given_name(self.generator.random, sex)
