"""Document numbers: the forms Hướng dẫn 36-HD/VPTW uses, unknown types and issuers, duplicates within a term and
the same number in a new term; search by number and unaccented words."""

from datetime import date

import pytest

from dangvu.core.errors import DomainError
from dangvu.documents.models import Document, DocumentStatus
from dangvu.documents.numbers import parse_number, term_of
from dangvu.documents.selectors import documents_search
from dangvu.documents.services import document_register
from tests.helpers import refused


@pytest.mark.parametrize(("text", "serial", "type_code", "issuer"), [
    ("651-QĐ/TU", 651, "QĐ", "TU"),
    ("08-NQ/TU", 8, "NQ", "TU"),
    ("05-CT/TW", 5, "CT", "TW"),
    ("36-HD/VPTW", 36, "HD", "VPTW"),
    (" Số 13 - QC / ĐUK ", 13, "QC", "ĐUK"),
    ("294-QĐi/TW", 294, "QĐi", "TW"),
])
def test_valid_numbers_are_parsed(text, serial, type_code, issuer):
    p = parse_number(text)
    assert (p.serial, p.type_code, p.issuer_code) == (serial, type_code, issuer)


@pytest.mark.parametrize("text", ["", "651", "QĐ/TU", "651-QĐ", "651/QĐ-TU", "0-QĐ/TU", "abc-QĐ/TU", "65-1/TU"])
def test_malformed_numbers_are_refused_naming_the_rule(text):
    with pytest.raises(DomainError) as e:
        parse_number(text)
    assert e.value.rule == "document_number" and "651-QĐ/TU" in e.value.message


def test_terms_follow_the_congresses():
    assert term_of(date(2025, 3, 15)) == "2020-2025"
    assert term_of(date(2025, 11, 15)) == "2025-2030"
    assert term_of(date(2021, 1, 2)) == "2020-2025"


def test_register_resolves_type_and_issuer_case_and_accents(world):
    d = document_register(actor=world.officer, organization=world.bloc, number="651-qd/tu", issued_on=date(2023, 5, 4),
                          title="Quyết định kiện toàn Ban Chỉ đạo")
    assert d.number == "651-QĐ/TU" and d.doc_type.code == "QĐ" and d.issuer.code == "TU" and d.term == "2020-2025"


def test_unknown_type_or_issuer_is_refused(world):
    kw = {"actor": world.officer, "organization": world.bloc, "issued_on": date(2023, 5, 4), "title": "X"}
    e = refused("document_number", document_register, number="12-XYZ/TU", **kw)
    assert "XYZ" in e.message
    e = refused("document_number", document_register, number="12-QĐ/ABCD", **kw)
    assert "ABCD" in e.message
    assert Document.objects.count() == 0


def test_duplicate_within_a_term_is_refused_and_a_new_term_accepts_it(world):
    kw = {"actor": world.officer, "organization": world.bloc, "title": "Kế hoạch phát triển đảng viên"}
    document_register(number="50-KH/TU", issued_on=date(2022, 1, 10), **kw)
    e = refused("document_duplicate", document_register, number="50-KH/TU", issued_on=date(2024, 6, 1), **kw)
    assert "2020-2025" in e.message
    again = document_register(number="50-KH/TU", issued_on=date(2026, 1, 10), **kw)
    assert again.term == "2025-2030"
    # The same serial of another type or issuer is another document.
    document_register(number="50-NQ/TU", issued_on=date(2022, 1, 10), **kw)
    document_register(number="50-KH/ĐUK", issued_on=date(2022, 1, 10), **kw)
    assert Document.objects.count() == 4


def test_replaces_marks_the_old_one_and_search_ignores_accents(world):
    kw = {"actor": world.officer, "organization": world.bloc}
    old = document_register(number="13-QC/TU", issued_on=date(2021, 3, 1), title="Quy chế phối hợp với Ban Quản lý "
                            "các khu công nghiệp", **kw)
    new = document_register(number="20-QC/TU", issued_on=date(2024, 3, 1), title="Quy chế phối hợp (sửa đổi)",
                            replaces=old, **kw)
    old.refresh_from_db()
    assert old.status == DocumentStatus.REPLACED and old.status_on == date(2024, 3, 1) and new.replaces == old
    assert [d.number for d in documents_search(world.officer, q="khu cong nghiep")] == ["13-QC/TU"]
    assert [d.number for d in documents_search(world.officer, q="20-qc")] == ["20-QC/TU"]
    assert {d.number for d in documents_search(world.officer, type_code="QC")} == {"13-QC/TU", "20-QC/TU"}
    assert [d.number for d in documents_search(world.officer, start=date(2022, 1, 1))] == ["20-QC/TU"]


def test_other_subtree_cannot_see_or_register(world):
    d = document_register(actor=world.officer, organization=world.bloc, number="1-NQ/ĐUK", issued_on=date(2023, 1, 1),
                          title="Nghị quyết")
    assert documents_search(world.other_secretary) == []
    # A cell's secretary reads the documents of the committees above the cell.
    assert [x.pk for x in documents_search(world.secretary)] == [d.pk]
    from dangvu.core.errors import NotVisible
    with pytest.raises(NotVisible):
        document_register(actor=world.other_secretary, organization=world.bloc, number="2-NQ/ĐUK",
                          issued_on=date(2023, 1, 1), title="X")
