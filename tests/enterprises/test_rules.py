import pytest

from dangvu.enterprises.rules import normalize_tax_code, size_band, tax_check_digit, tax_code_problem

from .conftest import tax_code


def problem(code: str) -> str:
    """The message for a code the test knows is refused."""
    message = tax_code_problem(code)
    assert message is not None, code
    return message


def test_a_published_tax_code_is_valid():
    # 0314409058: weights 31,29,23,19,17,13,7,5,3 give 332; 332 mod 11 = 2; 10 - 2 = 8.
    assert tax_check_digit("031440905") == 8
    assert tax_code_problem("0314409058") is None


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 777, 123456])
def test_codes_built_with_the_check_digit_are_valid(n):
    assert tax_code_problem(tax_code(n)) is None


def test_a_wrong_check_digit_is_refused():
    assert "kiểm tra" in problem("0314409057")
    assert "kiểm tra" in problem("0314409059")


def test_a_remainder_of_zero_makes_every_tenth_digit_wrong():
    # find nine digits whose weighted sum is a multiple of 11
    first9 = next(f"27{n:07d}" for n in range(1000) if tax_check_digit(f"27{n:07d}") is None)
    assert all(tax_code_problem(f"{first9}{d}") for d in range(10))


@pytest.mark.parametrize("code", ["031440905", "03144090581", "03144O9058", "", "0314409058-12", "0314409058-0001"])
def test_a_wrong_length_or_character_is_refused(code):
    assert tax_code_problem(code)


def test_the_branch_form_needs_a_valid_parent_code():
    assert tax_code_problem("0314409058-002") is None
    assert "kiểm tra" in problem("0314409057-002")
    assert tax_code_problem("0314409058-000")
    assert normalize_tax_code("0314409058002") == "0314409058-002"
    assert normalize_tax_code(" 0314 409 058 ") == "0314409058"


@pytest.mark.parametrize(
    "workers,band",
    [(None, "Chưa có số liệu"), (0, "Dưới 10"), (9, "Dưới 10"), (10, "10–49"), (49, "10–49"), (50, "50–199"),
     (199, "50–199"), (200, "200–999"), (999, "200–999"), (1000, "Từ 1.000 trở lên")],
)
def test_size_bands(workers, band):
    assert size_band(workers) == band
