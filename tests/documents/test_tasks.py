"""Regulations and their tasks: overdue one-off tasks, recurrent tasks month by month, due this month, progress,
uploads refused with a clear message and nothing stored, scope and query counts."""

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.core.errors import DomainError, NotVisible
from dangvu.documents.models import Progress, Regulation, Task
from dangvu.documents.schedule import task_state
from dangvu.documents.selectors import regulation_get, tasks_list
from dangvu.documents.services import TaskInput, document_register, progress_report, regulation_create
from tests.documents.conftest import stored_files

ZONE = "Ban Quản lý các khu công nghiệp tỉnh"


def make_regulation(world, starts_on=date(2024, 1, 1)):
    return regulation_create(
        actor=world.officer, organization=world.bloc, title="Quy chế phối hợp phát triển đảng viên trong doanh nghiệp",
        starts_on=starts_on, parties=["Đảng ủy Khối", ZONE],
        tasks=[
            TaskInput(number=1, title="Nắm bắt tình hình, khó khăn của doanh nghiệp", lead="Đảng ủy Khối",
                      supporting=[ZONE], recurrence="quarterly"),
            TaskInput(number=5, title="Thành lập 2 đến 3 tổ chức cơ sở đảng", lead="Đảng ủy khối",
                      due_on=date(2024, 12, 31), expected_output="2–3 tổ chức cơ sở đảng"),
            TaskInput(number=7, title="Chuyển sinh hoạt đảng cho đảng viên đang làm việc tại doanh nghiệp", lead=ZONE,
                      due_on=date(2025, 6, 30)),
        ],
    )


def test_one_off_task_becomes_overdue_the_day_after_its_due_date(world):
    reg = make_regulation(world)
    progress_report(actor=world.officer, task=reg.tasks.get(number=1), on=date(2024, 9, 15), text="Quý III",
                    percent=25)
    assert [r.task.number for r in tasks_list(world.officer, on=date(2024, 12, 31), state="overdue")] == []
    overdue = tasks_list(world.officer, on=date(2025, 1, 1), state="overdue")
    assert [r.task.number for r in overdue] == [1, 5]  # quarter IV/2024 unreported, and task 5
    t5 = reg.tasks.get(number=5)
    progress_report(actor=world.officer, task=t5, on=date(2025, 1, 5), text="Đã thành lập 3 tổ chức", percent=100)
    assert [r.task.number for r in tasks_list(world.officer, on=date(2025, 1, 6), state="overdue")] == [1]


def test_recurrent_task_is_overdue_when_the_previous_period_passed_unreported():
    kw: dict[str, Any] = {
        "recurrence": "monthly", "due_on": None, "percent": 0, "starts_on": date(2024, 1, 10), "ends_on": None,
        "cancelled": False,
    }
    # January is the first period: nothing is overdue in it; February: January unreported.
    assert task_state(last_report_on=None, on=date(2024, 1, 31), **kw).state == "due"
    assert task_state(last_report_on=None, on=date(2024, 2, 1), **kw).state == "overdue"
    assert task_state(last_report_on=date(2024, 1, 20), on=date(2024, 2, 1), **kw).state == "due"
    assert task_state(last_report_on=date(2024, 2, 3), on=date(2024, 2, 10), **kw).state == "reported"
    q = {**kw, "recurrence": "quarterly"}
    assert task_state(last_report_on=date(2024, 3, 1), on=date(2024, 5, 10), **q).state == "ongoing"
    assert task_state(last_report_on=date(2024, 3, 1), on=date(2024, 6, 10), **q).state == "due"
    assert task_state(last_report_on=date(2024, 3, 1), on=date(2024, 7, 1), **q).state == "overdue"
    y = {**kw, "recurrence": "yearly"}
    assert task_state(last_report_on=None, on=date(2024, 12, 1), **y).state == "due"
    assert task_state(last_report_on=None, on=date(2025, 1, 1), **y).state == "overdue"
    assert task_state(last_report_on=None, on=date(2025, 1, 1), **{**y, "ends_on": date(2024, 12, 31)}).state == "ended"


def test_due_this_month_and_party_tasks(world):
    make_regulation(world)
    due = tasks_list(world.officer, on=date(2024, 12, 2), state="due")
    assert [r.task.number for r in due] == [1, 5]
    zone = tasks_list(world.officer, on=date(2024, 12, 2), party="ban quan ly cac khu cong nghiep")
    assert sorted(r.task.number for r in zone) == [1, 7]  # supporting 1, leading 7


def test_lead_must_be_a_party_and_numbers_unique(world):
    with pytest.raises(DomainError) as e:
        regulation_create(actor=world.officer, organization=world.bloc, title="X", starts_on=date(2024, 1, 1),
                          parties=["A"], tasks=[TaskInput(number=1, title="t", lead="B")])
    assert e.value.rule == "party_unknown"
    with pytest.raises(DomainError) as e:
        regulation_create(actor=world.officer, organization=world.bloc, title="X", starts_on=date(2024, 1, 1),
                          parties=["A"], tasks=[TaskInput(number=1, title="t", lead="A"),
                                                TaskInput(number=1, title="u", lead="A")])
    assert e.value.rule == "task_number_duplicate"
    with pytest.raises(DomainError) as e:
        regulation_create(actor=world.officer, organization=world.bloc, title="X", starts_on=date(2024, 1, 1),
                          parties=["A"], tasks=[TaskInput(number=1, title="t", lead="A", indicator="khong_co")])
    assert e.value.rule == "indicator_unknown"
    assert Regulation.objects.count() == 0 and Task.objects.count() == 0


def test_scope_another_subtree_gets_404(world):
    reg = make_regulation(world)
    with pytest.raises(NotVisible):
        regulation_get(world.other_secretary, reg.pk)
    assert tasks_list(world.other_secretary, on=date(2025, 1, 1)) == []


def _pdf(size: int = 100) -> bytes:
    return b"%PDF-1.4\n" + b"0" * size


@pytest.mark.parametrize(("name", "content", "rule"), [
    ("ket-qua.pdf", _pdf(3 * 1024 * 1024), "file_too_large"),
    ("virus.exe", b"MZ\x90\x00" + b"0" * 100, "file_type"),
    ("gia-mao.pdf", b"MZ\x90\x00" + b"0" * 100, "file_type"),
    ("rong.pdf", b"", "file_empty"),
])
def test_bad_uploads_get_a_clear_message_and_nothing_is_stored(world, settings, _files_dir, name, content, rule):
    settings.DANGVU_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    reg = make_regulation(world)
    task = reg.tasks.get(number=5)
    with pytest.raises(DomainError) as e:
        progress_report(actor=world.officer, task=task, on=date(2024, 6, 1), text="Báo cáo", percent=50,
                        evidence=SimpleUploadedFile(name, content))
    assert e.value.rule == rule and name in e.value.message and "chưa lưu gì" in e.value.message
    assert Progress.objects.count() == 0 and stored_files(_files_dir) == []
    with pytest.raises(DomainError):
        document_register(actor=world.officer, organization=world.bloc, number="9-QĐ/TU", issued_on=date(2024, 1, 1),
                          title="Quyết định", file=SimpleUploadedFile(name, content))
    assert stored_files(_files_dir) == []


def test_good_upload_is_stored(world, _files_dir):
    d = document_register(actor=world.officer, organization=world.bloc, number="9-QĐ/TU", issued_on=date(2024, 1, 1),
                          title="Quyết định", file=SimpleUploadedFile("qd.pdf", _pdf()))
    assert d.file_name == "qd.pdf" and d.file_size == len(_pdf()) and len(stored_files(_files_dir)) == 1


def test_task_list_query_count_is_fixed(world, django_assert_max_num_queries):
    for _ in range(3):
        make_regulation(world)
    with django_assert_max_num_queries(6):
        rows = tasks_list(world.officer, on=date(2025, 1, 1))
    assert len(rows) == 9
