"""The candidate list opens on the candidates still under consideration."""

from datetime import date

from dangvu.admissions import services

from .conftest import new_candidate


def test_the_candidate_list_defaults_to_open_candidates(client, world):
    open_one = new_candidate(world, "Phạm Thị Thu Hà")
    stopped = new_candidate(world, "Vũ Văn Nam")
    services.candidate_withdraw(actor=world.officer, candidate=stopped, on=date(2024, 5, 1), reason="Chuyển công tác")
    client.force_login(world.officer)
    r = client.get("/admissions/candidates/")
    assert [c.pk for c in r.context["page"].items] == [open_one.pk]
    html = r.content.decode()
    assert 'value="open" selected' in html and 'id="id_organization_id"' in html and "data-org-picker" in html
    r = client.get("/admissions/candidates/", {"stage": ""})  # "Tất cả": everyone, admitted and withdrawn too
    assert {c.pk for c in r.context["page"].items} == {open_one.pk, stopped.pk}
    r = client.get("/admissions/candidates/", {"stage": "withdrawn"})
    assert [c.pk for c in r.context["page"].items] == [stopped.pk]
    assert client.get("/admissions/candidates/", {"stage": "nonsense"}).context["page"] is None
