"""Enrolment in bulk from a filtered list (course page) and "one decision for all selected" (probation page)."""

from datetime import date, timedelta

import pytest

from dangvu.admissions import selectors, services
from dangvu.admissions.models import Candidate, Enrollment, Stage
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.members.services import member_record
from dangvu.orgs.scope import forget_scope

from .conftest import all_counts, awareness_course, new_candidate


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


def _member(w, name, org, admitted_on, **kw):
    return member_record(actor=w.root_user, organization=org, full_name=name, sex=kw.pop("sex", "M"),
                         birth_date=date(1996, 4, 2), admitted_on=admitted_on,
                         ceremony_on=admitted_on + timedelta(days=5), **kw)


@pytest.fixture
def new_member_course(world):
    return services.course_create(
        actor=world.officer, organizer=world.bloc, kind="new_member", name="Lớp đảng viên mới khóa 2/2026",
        starts_on=date(2026, 10, 5), ends_on=date(2026, 10, 9), place="Trường Chính trị tỉnh",
        planned_participants=40,
    )


@pytest.fixture
def people(world):
    """Probationary members in the bloc (cell_c) and, out of the officer's scope, in cell_l."""
    return {
        "ngoc": _member(world, "Đỗ Thị Ngọc", world.cell_c, date(2025, 3, 1), sex="F"),
        "duc": _member(world, "Hoàng Minh Đức", world.cell_c, date(2026, 6, 10)),
        "xa": _member(world, "Vũ Văn Xa", world.cell_l, date(2026, 2, 1)),
    }


def _names(response) -> str:
    return response.content.decode()


def test_course_page_lists_probationary_members_of_the_subtree_not_yet_enrolled(
    world, people, new_member_course, signed_in
):
    client = signed_in(world.officer)
    url = f"/admissions/courses/{new_member_course.pk}/"
    body = _names(client.get(url))
    # Probationary by default: Bình (cell_b), Ngọc and Đức (cell_c); never Hạnh (full) nor cell_l's people.
    for name in ["Trần Văn Bình", "Đỗ Thị Ngọc", "Hoàng Minh Đức", "Chọn tất cả trên trang này"]:
        assert name in body
    for name in ["Nguyễn Thị Hồng Hạnh", "Vũ Văn Xa", "Lê Thị Ánh"]:
        assert name not in body
    assert 'name="member_ids"' not in body  # no more typing ids
    body = _names(client.get(url, {"status": ""}))
    assert "Nguyễn Thị Hồng Hạnh" in body and "Vũ Văn Xa" not in body
    body = _names(client.get(url, {"q": "duc"}))  # unaccented
    assert "Hoàng Minh Đức" in body and "Đỗ Thị Ngọc" not in body and "Trần Văn Bình" not in body
    body = _names(client.get(url, {"admitted_from": "2026-01-01", "admitted_to": "2026-06-30"}))
    assert "Trần Văn Bình" in body and "Hoàng Minh Đức" in body and "Đỗ Thị Ngọc" not in body
    body = _names(client.get(url, {"organization": world.cell_c.pk}))
    assert "Đỗ Thị Ngọc" in body and "Trần Văn Bình" not in body
    # Another subtree cannot be chosen in the filter.
    r = client.get(url, {"organization": world.cell_l.pk})
    assert r.status_code == 400 and "Vũ Văn Xa" not in _names(r)
    assert f"tổ chức mã số {world.cell_l.pk} không có trong danh sách chọn — chỉ chọn được tổ chức đang hoạt động " \
        "trong phạm vi được giao" in _names(r)  # the field and the rule named (organisation fields, issue 10)


def test_course_page_enrols_the_ticked_members_then_all_on_the_page(world, people, new_member_course, signed_in):
    client = signed_in(world.officer)
    url = f"/admissions/courses/{new_member_course.pk}/"
    r = client.post(f"{url}?q=ngoc", {"action": "enroll", "member": [people["ngoc"].pk],
                                      "member_on_page": [people["ngoc"].pk]})
    assert r.status_code == 302 and r["Location"] == f"{url}?q=ngoc"
    assert list(Enrollment.objects.values_list("member_id", flat=True)) == [people["ngoc"].pk]
    body = _names(client.get(url))
    assert "Đỗ Thị Ngọc" in body.split("Ghi danh đảng viên")[0]  # in the register
    assert "Đỗ Thị Ngọc" not in body.split("Ghi danh đảng viên")[1]  # no longer offered
    # "Select all on this page": every listed member, ticked or not.
    r = client.post(url, {"action": "enroll", "select_all": "on",
                          "member_on_page": [world.binh.pk, people["duc"].pk]})
    assert r.status_code == 302
    assert set(Enrollment.objects.values_list("member_id", flat=True)) == {
        people["ngoc"].pk, world.binh.pk, people["duc"].pk}
    assert "Đã ghi danh 2 học viên." in _names(client.get(url))


def test_enrolment_refuses_another_subtrees_member_and_writes_nothing(
    world, people, new_member_course, signed_in
):
    client = signed_in(world.officer)
    url = f"/admissions/courses/{new_member_course.pk}/"
    before = all_counts()
    r = client.post(url, {"action": "enroll", "member": [world.binh.pk, people["xa"].pk]})
    assert r.status_code == 404
    assert all_counts() == before
    # A user of another subtree does not even see the course.
    assert signed_in(world.other_secretary).post(url, {"action": "enroll", "member": [people["xa"].pk]}
                                                 ).status_code == 404
    assert all_counts() == before


def test_enrolment_bad_input_gets_a_vietnamese_message_and_writes_nothing(
    world, people, new_member_course, signed_in
):
    client = signed_in(world.officer)
    url = f"/admissions/courses/{new_member_course.pk}/"
    before = all_counts()
    r = client.post(url, {"action": "enroll"})
    assert r.status_code == 400 and "Chọn ít nhất một học viên." in _names(r)
    services.course_enroll(actor=world.officer, course=new_member_course, members=[world.binh])
    before = all_counts()
    r = client.post(url, {"action": "enroll", "member": [people["ngoc"].pk, world.binh.pk]})
    assert r.status_code == 400 and "Trần Văn Bình đã có trong danh sách lớp." in _names(r)
    assert all_counts() == before  # all or nothing: Ngọc was not enrolled either
    r = client.get(url, {"admitted_from": "2026-06-30", "admitted_to": "2026-01-01"})
    assert r.status_code == 400 and "trước ngày" in _names(r)
    r = client.get(url, {"admitted_from": "30/13/2026"})
    assert r.status_code == 400 and "«Kết nạp từ ngày»: ngày không hợp lệ" in _names(r)
    r = client.get(url, {"status": "nope"})
    assert r.status_code == 400 and "«Loại đảng viên»: lựa chọn không hợp lệ." in _names(r)
    assert all_counts() == before


def test_awareness_course_lists_candidates_of_the_subtree_with_filters(world, signed_in):
    a = new_candidate(world, "Phạm Thị Thu Hà")
    b = new_candidate(world, "Đinh Văn Hòa", sex="M", proposed_on=date(2024, 5, 1))
    far = services.candidate_record(actor=world.root_user, organization=world.cell_l, full_name="Cao Văn Xa",
                                    sex="M", birth_date=date(1997, 1, 1), proposed_on=date(2024, 3, 1))
    course = awareness_course(world)
    client = signed_in(world.officer)
    url = f"/admissions/courses/{course.pk}/"
    body = _names(client.get(url))
    assert "Phạm Thị Thu Hà" in body and "Đinh Văn Hòa" in body and "Cao Văn Xa" not in body
    body = _names(client.get(url, {"q": "hoa"}))
    assert "Đinh Văn Hòa" in body and "Phạm Thị Thu Hà" not in body
    body = _names(client.get(url, {"proposed_from": "2024-04-01"}))
    assert "Đinh Văn Hòa" in body and "Phạm Thị Thu Hà" not in body
    before = all_counts()
    assert client.post(url, {"action": "enroll", "candidate": [a.pk, far.pk]}).status_code == 404
    assert all_counts() == before
    r = client.post(url, {"action": "enroll", "select_all": "on", "candidate_on_page": [a.pk, b.pk]})
    assert r.status_code == 302
    assert set(Enrollment.objects.values_list("candidate_id", flat=True)) == {a.pk, b.pk}
    assert set(Candidate.objects.filter(pk__in=[a.pk, b.pk]).values_list("stage", flat=True)) == {Stage.IN_COURSE}
    assert "Không có quần chúng nào phù hợp bộ lọc." in _names(client.get(url))


def test_pool_selectors_refuse_bad_filters_and_other_scopes(world, new_member_course):
    with pytest.raises(DomainError) as e:
        selectors.enrollable_members(world.officer, new_member_course, world.bloc, on=today(),
                                     admitted_from=date(2026, 2, 1), admitted_to=date(2026, 1, 1))
    assert e.value.rule == "period_order"
    with pytest.raises(DomainError):
        selectors.enrollable_members(world.officer, new_member_course, world.bloc, on=today(), status="x")
    from dangvu.core.errors import NotVisible
    with pytest.raises(NotVisible):
        selectors.enrollable_members(world.officer, new_member_course, world.local, on=today())
    with pytest.raises(NotVisible):
        selectors.enrollable_candidates(world.officer, new_member_course, world.cell_l)


def test_filtered_lists_have_fixed_query_counts(
    world, new_member_course, signed_in, django_assert_num_queries, django_assert_max_num_queries
):
    for i in range(30):
        _member(world, f"Đảng viên dự bị {i:02d}", world.cell_c if i % 2 else world.cell_a, date(2026, 3, 1))
        new_candidate(world, f"Quần chúng {i:02d}")
    course = awareness_course(world)
    forget_scope(world.officer)
    selectors.enrollable_members(world.officer, new_member_course, world.bloc, on=today())  # warm the scope
    with django_assert_num_queries(3):
        page = selectors.enrollable_members(world.officer, new_member_course, world.bloc, on=today(), q="du bi",
                                            admitted_from=date(2026, 1, 1))
        assert page.count == 30 and [m.organization.name for m in page.items]
    with django_assert_num_queries(2):
        page = selectors.enrollable_candidates(world.officer, course, world.bloc, q="quan chung")
        assert page.count == 30 and [c.organization.name for c in page.items]
    client = signed_in(world.officer)
    forget_scope(world.officer)
    with django_assert_max_num_queries(14):
        r = client.get(f"/admissions/courses/{new_member_course.pk}/", {"admitted_from": "2026-01-01"})
        assert r.status_code == 200 and "Đảng viên dự bị 29" in r.content.decode()
    with django_assert_max_num_queries(14):
        assert client.get(f"/admissions/courses/{course.pk}/", {"q": "quan"}).status_code == 200


# ---------------------------------------------------------------- probation: one decision for all


@pytest.fixture
def due_pair(world):
    start = add_months(today(), -12) - timedelta(days=10)
    return [
        member_record(actor=world.root_user, organization=org, full_name=name, sex="M",
                      birth_date=date(1990, 1, 1), admitted_on=start - timedelta(days=5), ceremony_on=start)
        for name, org in [("Đỗ Văn Đến", world.cell_a), ("Lý Văn Hạn", world.cell_c)]
    ]


def _recognised(member):
    return MemberEvent.objects.get(member=member, kind=EventKind.RECOGNISED_FULL, voided_at__isnull=True)


def test_one_decision_for_all_fills_rows_without_their_own(world, due_pair, signed_in):
    den, han = due_pair
    client = signed_in(world.officer)
    body = _names(client.get("/admissions/probation/", {"organization_id": world.bloc.pk}))
    assert "Số quyết định chung" in body and "Ngày công nhận chung" in body
    on = today() - timedelta(days=1)
    r = client.post("/admissions/probation/", {
        "organization_id": world.bloc.pk, "member": [den.pk, han.pk], "doc_all": "40-QĐ/ĐUK",
        "on_all": on.isoformat(), f"doc_{han.pk}": "41-QĐ/ĐUK", f"on_{han.pk}": today().isoformat(),
    })
    assert r.status_code == 302
    e1, e2 = _recognised(den), _recognised(han)
    assert (e1.document, e1.effective_on) == ("40-QĐ/ĐUK", on)
    assert (e2.document, e2.effective_on) == ("41-QĐ/ĐUK", today())
    assert Member.objects.get(pk=den.pk).status == "full"


def test_one_decision_for_all_bad_input_and_scope_write_nothing(world, due_pair, signed_in):
    den, han = due_pair
    client = signed_in(world.officer)
    url = "/admissions/probation/"
    base = {"organization_id": world.bloc.pk, "member": [den.pk, han.pk]}
    before = all_counts()
    r = client.post(url, {**base, "doc_all": "bốn mươi", "on_all": today().isoformat()})
    assert r.status_code == 400 and "Số quyết định chung:" in _names(r) and "36-HD/VPTW" in _names(r)
    r = client.post(url, {**base, "doc_all": "40-QĐ/ĐUK", "on_all": "hôm nay"})
    assert r.status_code == 400 and "Ngày công nhận chung &#x27;hôm nay&#x27; không hợp lệ" in _names(r)
    r = client.post(url, {**base, "doc_all": "40-QĐ/ĐUK", "on_all": "", f"on_{den.pk}": today().isoformat()})
    assert r.status_code == 400 and "Lý Văn Hạn: chưa nhập ngày công nhận" in _names(r)
    r = client.post(url, {**base, "on_all": today().isoformat(), f"doc_{den.pk}": "40-QĐ/ĐUK"})
    assert r.status_code == 400 and "Lý Văn Hạn: chưa nhập số quyết định" in _names(r)
    r = client.post(url, {"organization_id": world.bloc.pk, "doc_all": "40-QĐ/ĐUK"})
    assert r.status_code == 400 and "Chọn ít nhất một đảng viên." in _names(r)
    # A member of another subtree among the selected: refused, nothing written for the others either.
    r = client.post(url, {**base, "member": [den.pk, world.anh.pk], "doc_all": "40-QĐ/ĐUK",
                          "on_all": today().isoformat()})
    assert r.status_code == 404
    assert signed_in(world.other_secretary).post(url, {**base, "doc_all": "40-QĐ/ĐUK"}).status_code == 404
    assert all_counts() == before


def test_the_course_register_is_paged_on_screen_and_whole_in_print(client, world, monkeypatch):
    """A course of 3 with pages of 2: page 2 numbers from 3, the printed register holds all three."""
    from datetime import date as _date

    from dangvu.admissions import views
    from dangvu.admissions.services import course_create, course_enroll
    from dangvu.members.services import member_record

    monkeypatch.setattr(views, "REGISTER_PAGE_SIZE", 2)
    course = course_create(actor=world.officer, kind="new_member", name="Lớp đảng viên mới 2026",
                           organizer=world.bloc, starts_on=_date(2026, 3, 1), ends_on=_date(2026, 3, 5))
    members = [world.binh] + [
        member_record(actor=world.root_user, organization=world.cell_b, full_name=f"Đỗ Văn Long {i}", sex="M",
                      birth_date=_date(1990, 1, 1), admitted_on=_date(2026, 1, 5))
        for i in range(2)
    ]
    course_enroll(actor=world.officer, course=course, members=members)
    client.force_login(world.officer)
    c = client
    r = c.get(f"/admissions/courses/{course.pk}/?rpage=2")
    assert len(r.context["register"]) == 1 and r.context["register_offset"] == 2
    assert "Trang 2 / 2" in r.content.decode() and "thực tế 3" in r.content.decode()
    r = c.get(f"/admissions/courses/{course.pk}/?print=1")
    assert len(r.context["register"]) == 3
