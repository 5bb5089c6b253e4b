"""Every report on the hand-built world: its numbers, the same numbers in xlsx and docx, Vietnamese titles in the
PDF's text (pdftotext), query counts, and a past date's figures unchanged by a later restructuring."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from docx import Document
from openpyxl import load_workbook

from dangvu.core.errors import NotVisible
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_move
from dangvu.reports.catalog import REPORTS, build_report
from dangvu.reports.model import Report
from dangvu.reports.renderers import render
from dangvu.targets.services import target_create
from tests.targets.conftest import build_year2024


@pytest.fixture
def year2024(world):
    return build_year2024(world)


ON, START, END = date(2024, 12, 31), date(2024, 1, 1), date(2024, 12, 31)


def build(user: User, name: str, org: Organization, **kw: Any) -> Report:
    args: dict[str, Any] = {"on": ON, "start": START, "end": END, "year": 2024} | kw
    return build_report(user, name, org, **args)


def test_organizations_on_a_date_and_after_a_later_move(year2024):
    w = year2024.world
    r = build(w.officer, "organizations", w.bloc)
    # Under the bloc at the end of 2024: committee (Sở Y tế), cell_c, new cell, new committee = 4 grassroots:
    # 2 đảng bộ, 2 chi bộ (cells a, b and Phòng Quy hoạch are subordinate).
    assert r.data["grassroots"] == 4 and r.data["grassroots_committees"] == 2
    assert r.summary == ["4 tổ chức cơ sở đảng: 2 đảng bộ, 2 chi bộ"]
    org_move(actor=w.root_user, org=year2024.new_cell, parent=w.local, effective_on=date(2026, 2, 1))
    assert build(w.officer, "organizations", w.bloc).data == r.data
    assert build(w.officer, "organizations", w.bloc, on=date(2026, 3, 1)).data["grassroots"] == 3


def test_founded_members_flow_and_admissions(year2024):
    w = year2024.world
    f = build(w.officer, "organizations-founded", w.bloc)
    assert (f.data["founded_grassroots"], f.data["founded_other"], f.data["ended"]) == (2, 1, 0)
    m = build(w.officer, "members", w.bloc)
    # Hạnh (full) + An, Lan, Long (2024) + Mai (11/2023): probation of 12 months, none recognised: 4 probationary.
    assert (m.data["total"], m.data["full"], m.data["probationary"], m.data["women"]) == (5, 1, 4, 3)
    flow = build(w.officer, "membership-flow", w.bloc)
    assert flow.data["opening"] == 2 and flow.data["inflows"]["admitted"] == 3 and flow.data["closing"] == 5
    assert build(w.officer, "admissions", w.bloc).data["admitted"] == 3


def test_targets_report_counts_met(year2024):
    w = year2024.world
    target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least", value=2,
                  year=2024)
    target_create(actor=w.officer, organization=w.bloc, indicator="new_grassroots_orgs_non_state",
                  comparison="between", value=1, value_max=2, year=2024)
    target_create(actor=w.officer, organization=w.bloc, indicator="members_at_end", comparison="at_least",
                  value=10, year=2024)
    r = build(w.officer, "targets", w.bloc)
    assert (r.data["met"], r.data["total"]) == (2, 3) and r.summary == ["Đạt 2/3 chỉ tiêu."]
    labels = [row[-1] for row in r.tables[0].rows]
    assert labels == ["Vượt 50%", "Đạt", "Không đạt"]


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_renders_in_every_format_with_the_same_numbers(year2024, name, django_assert_max_num_queries):
    w = year2024.world
    with django_assert_max_num_queries(80):
        r = build(w.officer, name, w.bloc)
    first = r.tables[0]
    xlsx = load_workbook(io.BytesIO(render(r, "xlsx").content))
    ws = xlsx.active
    cells = [c for row in ws.iter_rows() for c in row]
    heads = [c for c in cells if c.value == first.columns[0].label]
    assert heads, "the first table's header is in the sheet"
    head_row = heads[0].row
    for i, row in enumerate(first.rows):
        for j, (col, v) in enumerate(zip(first.columns, row, strict=False)):
            got = ws.cell(head_row + 1 + i, j + 1).value
            if v is None:
                assert got is None
            elif col.kind == "percent":
                assert isinstance(got, int | float) and got == pytest.approx(float(v) / 100)
            elif col.kind != "text":
                assert isinstance(got, int | float) and got == pytest.approx(float(v)), (col.key, got, v)
            assert ws.cell(head_row + 1 + i, j + 1).number_format in ("General", "#,##0", "#,##0.00", "0.0%")
    doc = Document(io.BytesIO(render(r, "docx").content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Nơi nhận:" in text and "ĐẢNG ỦY KHỐI" in text
    assert r.title in text and r.tables[0].title in text
    # The Word table holds the same figures, in Vietnamese notation (8.614; 94,5%).
    from dangvu.reports.model import cell_text

    word_rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    for row in first.rows:
        expected = [(cell_text(c.kind, v) or "").strip() for c, v in zip(first.columns, row, strict=False)]
        assert [x if x else "" for x in expected] in [[x.strip() for x in w] for w in word_rows], expected
    pdf = render(r, "pdf").content
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # an embedded TrueType font


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_keeps_vietnamese_diacritics(year2024, tmp_path):
    w = year2024.world
    r = build(w.officer, "members", w.bloc)
    path = tmp_path / "r.pdf"
    path.write_bytes(render(r, "pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Đảng viên theo loại, giới tính, độ tuổi",
                  "Theo trình độ lý luận chính trị", "Nơi nhận:", "Nguồn số liệu"):
        assert words in " ".join(text.split()), words


def test_reports_validate_scope(year2024):
    w = year2024.world
    with pytest.raises(NotVisible):
        build(w.other_secretary, "members", w.bloc)
    with pytest.raises(NotVisible):
        build(w.officer, "no-such-report", w.bloc)


def test_decimal_columns_hold_numbers():
    from dangvu.reports.model import Column, Report, Table

    r = Report("x", "Thử", "Đơn vị", "Năm 2024", "nguồn", [Table("Bảng", [Column("a", "A", "decimal")],
                                                                   [[Decimal("1.50")]])])
    ws = load_workbook(io.BytesIO(render(r, "xlsx").content)).active
    assert 1.5 in [c.value for row in ws.iter_rows() for c in row]


def test_every_report_of_2024_is_unchanged_by_a_later_restructuring(year2024):
    w = year2024.world
    target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least", value=2,
                  year=2024)
    target_create(actor=w.officer, organization=w.bloc, indicator="new_grassroots_orgs_non_state",
                  comparison="between", value=1, value_max=2, year=2024)

    def everything():
        return {name: build(w.root_user, name, w.bloc).as_json() for name in REPORTS}

    before = everything()
    # 2026: the new non-state cell moves to the local committee, the committee Sở Y tế is renamed.
    org_move(actor=w.root_user, org=year2024.new_cell, parent=w.local, effective_on=date(2026, 2, 1))
    from dangvu.orgs.services import org_rename

    org_rename(actor=w.root_user, org=w.committee, name="Đảng bộ Sở Y tế và Dân số", effective_on=date(2026, 3, 1))
    after = everything()
    for name in REPORTS:
        assert after[name] == before[name], name
