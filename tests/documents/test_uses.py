"""A deciding document written as text on a record of another app links to the registered document (DocumentUse):
when the record is saved, or when the document is registered later; the document's page lists what it decided in
the reader's scope; the record's page links the number; a number of another term goes to the nearest term."""

from datetime import date

import pytest
from django.test import Client

from dangvu.documents.models import DocumentUse, UseKind
from dangvu.documents.numbers import number_key, number_keys_in
from dangvu.documents.services import document_register
from dangvu.documents.uses import document_uses, relink
from dangvu.members.models import MemberEvent
from dangvu.members.services import member_exempt
from dangvu.orgs.services import org_rename


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def register(world, number: str, issued_on: date, org=None, title: str = "Quyết định"):
    return document_register(actor=world.root_user, organization=org or world.bloc, number=number,
                             issued_on=issued_on, title=title)


def test_number_keys_read_a_number_alone_or_inside_a_text():
    assert number_key("Số 651 - qđ/TU") == number_key("651-QĐ/TU") == (651, "qd", "tu")
    assert number_key("Nghị quyết Đại hội") is None and number_key("0-QĐ/TU") is None
    assert number_keys_in("Quy định 132-QĐ/TW (8/3/2018); Hướng dẫn 16-HD/BTCTW; 132-QĐ/TW") == [
        (132, "qd", "tw"), (16, "hd", "btctw")]


def test_an_event_saved_with_a_registered_number_links_to_it(world):
    doc = register(world, "12-QĐ/ĐUK", date(2024, 3, 1))
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2024, 3, 5), document="12-qđ/đuk")
    ev = MemberEvent.objects.get(member=world.hanh, kind="exempted")
    use = DocumentUse.objects.get(object_id=ev.pk, kind=UseKind.MEMBER_EVENT)
    assert use.document == doc and use.organization_id == world.cell_a.pk and use.on == date(2024, 3, 5)


def test_free_text_of_another_body_stays_text_and_links_nothing(world):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2024, 3, 5),
                  document="Công văn của Sở Nội vụ")
    assert DocumentUse.objects.count() == 0


def test_a_document_registered_later_links_the_records_that_cited_it(world):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2024, 3, 5), document="12-QĐ/ĐUK")
    org_rename(actor=world.root_user, org=world.cell_c, name="Chi bộ Công ty May Nam Sơn",
               effective_on=date(2024, 4, 1), document="12-QĐ/ĐUK")
    doc = register(world, "12-QĐ/ĐUK", date(2024, 3, 1))
    kinds = sorted(DocumentUse.objects.filter(document=doc).values_list("kind", flat=True))
    assert kinds == [UseKind.MEMBER_EVENT, UseKind.ORG_EVENT]


def test_the_same_number_in_two_terms_goes_to_the_term_nearest_the_record(world):
    old = register(world, "5-NQ/ĐUK", date(2019, 6, 1))
    new = register(world, "5-NQ/ĐUK", date(2024, 6, 1))
    assert old.term != new.term
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2019, 6, 20), document="5-NQ/ĐUK")
    ev = MemberEvent.objects.get(member=world.hanh, kind="exempted")
    assert DocumentUse.objects.get(object_id=ev.pk, kind=UseKind.MEMBER_EVENT).document == old


def test_relink_rebuilds_links_after_a_load_that_bypassed_save(world):
    doc = register(world, "12-QĐ/ĐUK", date(2024, 3, 1))
    MemberEvent.objects.bulk_create([MemberEvent(member=world.anh, kind="exempted", effective_on=date(2024, 3, 9),
                                                 organization=world.cell_l, document="12-QĐ/ĐUK")])
    assert not DocumentUse.objects.exists()
    assert relink() == 1
    assert DocumentUse.objects.get().document == doc
    MemberEvent.objects.filter(member=world.anh).update(document="")
    relink()
    assert not DocumentUse.objects.exists()


def test_the_documents_page_lists_what_it_decided_in_the_readers_scope_only(world):
    doc = register(world, "12-QĐ/TU", date(2024, 3, 1), org=world.province)
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2024, 3, 5), document="12-QĐ/TU")
    member_exempt(actor=world.root_user, member=world.anh, effective_on=date(2024, 3, 6), document="12-QĐ/TU")
    groups = document_uses(world.officer, doc)
    assert [(g.kind, g.count) for g in groups] == [(UseKind.MEMBER_EVENT, 1)]
    assert "Nguyễn Thị Hồng Hạnh" in groups[0].rows[0].text
    page = client_for(world.officer).get(f"/documents/{doc.pk}/").content.decode()
    assert "Nguyễn Thị Hồng Hạnh" in page and "Lê Thị Ánh" not in page
    other = client_for(world.other_secretary).get(f"/documents/{doc.pk}/").content.decode()
    assert "Lê Thị Ánh" in other and "Nguyễn Thị Hồng Hạnh" not in other


def test_the_document_page_keeps_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    doc = register(world, "12-QĐ/ĐUK", date(2024, 3, 1))
    for m in (world.hanh, world.binh):
        member_exempt(actor=world.root_user, member=m, effective_on=date(2026, 3, 5), document="12-QĐ/ĐUK")
    org_rename(actor=world.root_user, org=world.cell_c, name="Chi bộ May Nam Sơn", effective_on=date(2024, 4, 1),
               document="12-QĐ/ĐUK")
    c = client_for(world.officer)
    c.get(f"/documents/{doc.pk}/")
    with django_assert_max_num_queries(20):
        assert c.get(f"/documents/{doc.pk}/").status_code == 200


@pytest.mark.parametrize("page", ["member", "org"])
def test_the_records_page_links_the_number_to_the_registered_document(world, page):
    doc = register(world, "12-QĐ/ĐUK", date(2024, 3, 1))
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2024, 3, 5), document="12-QĐ/ĐUK")
    org_rename(actor=world.root_user, org=world.cell_a, name="Chi bộ Văn phòng", effective_on=date(2024, 4, 1),
               document="12-QĐ/ĐUK")
    url = f"/members/{world.hanh.pk}/" if page == "member" else f"/orgs/{world.cell_a.pk}/"
    html = client_for(world.officer).get(url).content.decode()
    assert f'href="/documents/{doc.pk}/"' in html


def test_an_admission_and_a_target_link_to_their_documents_and_show_on_its_page(world):
    from dangvu.admissions import services as admissions
    from dangvu.targets.services import target_create
    from tests.admissions.conftest import new_candidate, passed

    doc = register(world, "1234-QĐ/ĐUK", date(2024, 9, 1))
    c = new_candidate(world, citizen_id="037198000111")
    passed(world, c)
    admissions.candidate_start_dossier(actor=world.officer, candidate=c, on=date(2024, 5, 2))
    admissions.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 9, 2),
                               ceremony_on=date(2024, 9, 10), decision="1234-QĐ/ĐUK")
    target_create(actor=world.officer, organization=world.bloc, indicator="admissions", comparison="at_least",
                  value=10, year=2024, document="1234-QĐ/ĐUK")
    kinds = set(DocumentUse.objects.filter(document=doc).values_list("kind", flat=True))
    assert kinds == {UseKind.ADMISSION, UseKind.MEMBER_EVENT, UseKind.TARGET}
    page = client_for(world.officer).get(f"/documents/{doc.pk}/").content.decode()
    assert "Kết nạp đảng viên" in page and "Chỉ tiêu" in page and f"/admissions/candidates/{c.pk}/" in page


def test_the_candidate_and_target_pages_link_the_number(world):
    from dangvu.admissions import services as admissions
    from dangvu.targets.services import target_create
    from tests.admissions.conftest import new_candidate, passed

    doc = register(world, "1234-QĐ/ĐUK", date(2024, 9, 1))
    c = new_candidate(world, citizen_id="037198000111")
    passed(world, c)
    admissions.candidate_start_dossier(actor=world.officer, candidate=c, on=date(2024, 5, 2))
    admissions.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 9, 2),
                               ceremony_on=date(2024, 9, 10), decision="1234-QĐ/ĐUK")
    target_create(actor=world.officer, organization=world.bloc, indicator="admissions", comparison="at_least",
                  value=10, year=2024, document="1234-QĐ/ĐUK")
    officer = client_for(world.officer)
    link = f'href="/documents/{doc.pk}/"'
    assert link in officer.get(f"/admissions/candidates/{c.pk}/").content.decode()
    assert link in officer.get(f"/targets/?organization_id={world.bloc.pk}&year=2024").content.decode()


def test_the_api_lists_what_a_document_decided_in_the_readers_scope(world):
    from tests.api.conftest import ApiClient

    doc = register(world, "12-QĐ/ĐUK", date(2024, 3, 1), org=world.province)
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2024, 3, 5), document="12-QĐ/ĐUK")
    member_exempt(actor=world.root_user, member=world.anh, effective_on=date(2024, 3, 6), document="12-QĐ/ĐUK")
    rows = ApiClient(world.admin).get(f"/documents/{doc.pk}/uses").json()
    assert [(g["kind"], g["count"]) for g in rows] == [(UseKind.MEMBER_EVENT, 2)]
    assert world.hanh.full_name in rows[0]["items"][0]["text"] and rows[0]["items"][0]["on"] == "2024-03-05"
    assert rows[0]["items"][0]["url"] == f"/members/{world.hanh.pk}/"
    # the bloc's officer sees the province's document but only the uses in the bloc's subtree
    bloc = ApiClient(world.officer).get(f"/documents/{doc.pk}/uses").json()
    assert [(g["count"], len(g["items"])) for g in bloc] == [(1, 1)]
    assert ApiClient(world.admin).get(f"/documents/{doc.pk}/uses", per_kind=0).status_code == 422
