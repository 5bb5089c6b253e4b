"""Rules of this app, each with the document it follows; settings.DANGVU_RULES may override them."""

from django.conf import settings

# Mã số thuế: N1..N10 with N10 a check digit, optionally "-N11N12N13" for a branch (dependent unit).
# Structure: Thông tư 105/2020/TT-BTC (đăng ký thuế), Điều 5; check digit weights of the tax authority's
# coding scheme (Quyết định 75/1998/QĐ-TCT): 31, 29, 23, 19, 17, 13, 7, 5, 3 on N1..N9,
# N10 = 10 - (sum mod 11); a remainder of 0 (which would give 10) makes the code invalid.
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
TAX_CODE_DOCUMENT = "Thông tư 105/2020/TT-BTC, Điều 5; cấu trúc mã số thuế (QĐ 75/1998/QĐ-TCT)"

# Size bands of the coverage report (workers), as the steering committees report them.
SIZE_BANDS: list[tuple[int, int | None, str]] = [
    (0, 10, "Dưới 10"),
    (10, 50, "10–49"),
    (50, 200, "50–199"),
    (200, 1000, "200–999"),
    (1000, None, "Từ 1.000 trở lên"),
]

# The work list ("large enterprises with no party organisation / no union"): a setting of the steering
# committee, no national document fixes the threshold. Default: 50 workers (the 50–199 band and above).
WORK_LIST_MIN_WORKERS_DEFAULT = 50


def rule(name: str, default: object) -> object:
    return getattr(settings, "DANGVU_RULES", {}).get(f"ENTERPRISES_{name}", default)


def work_list_min_workers() -> int:
    return int(rule("WORK_LIST_MIN_WORKERS", WORK_LIST_MIN_WORKERS_DEFAULT))  # type: ignore[call-overload]


def tax_check_digit(first9: str) -> int | None:
    """The 10th digit for nine digits, None when the remainder makes the code invalid."""
    total = sum(int(d) * w for d, w in zip(first9, TAX_CODE_WEIGHTS, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def tax_code_problem(code: str) -> str | None:
    """None when the tax code is valid, else the Vietnamese reason."""
    main, _, branch = code.partition("-")
    if len(main) != 10 or not main.isdigit():
        return "Mã số thuế phải gồm 10 chữ số (hoặc 13 ký tự dạng NNNNNNNNNN-NNN cho đơn vị phụ thuộc)."
    if "-" in code and (len(branch) != 3 or not branch.isdigit() or branch == "000"):
        return "Phần đuôi mã số thuế của đơn vị phụ thuộc phải gồm 3 chữ số từ 001 đến 999 (dạng NNNNNNNNNN-NNN)."
    check = tax_check_digit(main[:9])
    if check is None or check != int(main[9]):
        return "Mã số thuế sai chữ số kiểm tra (chữ số thứ 10)."
    return None


def normalize_tax_code(raw: str) -> str:
    """Spaces and dots removed; a 13-digit code written without the dash gets it."""
    code = "".join(ch for ch in (raw or "").strip() if ch not in " .")
    if len(code) == 13 and code.isdigit():
        code = f"{code[:10]}-{code[10:]}"
    return code


def size_band(workers: int | None) -> str:
    if workers is None:
        return "Chưa có số liệu"
    for low, high, label in SIZE_BANDS:
        if workers >= low and (high is None or workers < high):
            return label
    return SIZE_BANDS[-1][2]
