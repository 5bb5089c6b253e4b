from decimal import Decimal

import pytest

from dangvu.core.text import collation_key, format_number, format_percent, name_sort_key, search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Thị Hồng Hạnh", "nguyen thi hong hanh"),
        ("ĐẶNG ĐỨC ĐỘ", "dang duc do"),
        ("Đỗ   Văn\tĐạt ", "do van dat"),
        ("Trần Quốc Tuấn", "tran quoc tuan"),
        ("Lương Thị Ửng", "luong thi ung"),
        ("", ""),
    ],
)
def test_search_key_drops_diacritics_case_and_extra_spaces(text, key):
    assert search_key(text) == key


def test_search_key_is_the_same_for_precomposed_and_decomposed_input():
    import unicodedata

    name = "Nguyễn Thị Hồng Hạnh"
    assert search_key(unicodedata.normalize("NFD", name)) == search_key(unicodedata.normalize("NFC", name))


def _sorted_names(names):
    return sorted(names, key=name_sort_key)


def test_names_sort_by_given_name_first():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Cường"]
    assert _sorted_names(names) == ["Trần Thị An", "Nguyễn Văn Bình", "Lê Văn Cường"]


def test_given_names_follow_vietnamese_collation_not_code_points():
    names = ["Lê Văn Bình", "Lê Văn Ánh", "Lê Văn Anh", "Lê Văn An"]
    assert _sorted_names(names) == ["Lê Văn An", "Lê Văn Anh", "Lê Văn Ánh", "Lê Văn Bình"]
    # Python's code-point order puts Ánh after Bình: the collation matters.
    assert sorted(["Ánh", "Bình"]) == ["Bình", "Ánh"]


def test_a_given_name_without_tone_sorts_before_a_toned_one_whatever_the_family_name():
    assert _sorted_names(["Lê Thị Ánh", "Lê Văn Anh"]) == ["Lê Văn Anh", "Lê Thị Ánh"]


def test_d_sorts_before_d_with_stroke_as_a_separate_letter():
    assert _sorted_names(["Nguyễn Văn Đào", "Nguyễn Văn Dung", "Nguyễn Văn Em"]) == [
        "Nguyễn Văn Dung",
        "Nguyễn Văn Đào",
        "Nguyễn Văn Em",
    ]
    # Đ is a letter after D: even "Dz..." comes before "Đa...".
    assert collation_key("Dzung") < collation_key("Đa")


def test_vowel_letters_order_a_breve_circumflex():
    assert _sorted_names(["X Ân", "X Ăn", "X An"]) == ["X An", "X Ăn", "X Ân"]
    assert _sorted_names(["X Ơn", "X Ôn", "X On"]) == ["X On", "X Ôn", "X Ơn"]
    assert _sorted_names(["X Ưng", "X Ung"]) == ["X Ung", "X Ưng"]


def test_same_given_name_orders_by_family_then_middle_name():
    assert _sorted_names(["Trần Văn An", "Lê Văn An", "Lê Thị An"]) == ["Lê Thị An", "Lê Văn An", "Trần Văn An"]


def test_name_sort_key_of_empty_name_sorts_first():
    assert name_sort_key("") == ""
    assert name_sort_key("   ") == ""
    assert name_sort_key("") < name_sort_key("An")


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (8614, 0, "8.614"),
        (35139, 0, "35.139"),
        (1234567, 0, "1.234.567"),
        (999, 0, "999"),
        (0, 0, "0"),
        (-1234, 0, "-1.234"),
        (96.6, 1, "96,6"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (2.345, 2, "2,35"),  # half up, not banker's rounding
        (0.5, 0, "1"),
    ],
)
def test_format_number_groups_thousands_with_dots_and_decimals_with_comma(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(128.75, "128,75%"), (96.6, "96,6%"), (94, "94%"), (94.0, "94%"), (1234.5, "1.234,5%"), (33.333, "33,33%")],
)
def test_format_percent_is_vietnamese_and_drops_trailing_zeros(value, text):
    assert format_percent(value) == text
