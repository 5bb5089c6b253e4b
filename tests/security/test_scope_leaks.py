"""Scope leaks found by the probe (issue 13): a rating round's missing lists and counts, the enterprise form's
member-id oracle, import uploads by readers."""

from datetime import date

from django.test import Client

from dangvu.ratings.services import rating_round_open
from tests.api.conftest import ApiClient
from tests.enterprises.conftest import scenario  # noqa: F401  (fixture)
from tests.enterprises.test_api import new_body


def test_a_rating_round_shows_a_cell_secretary_only_their_cell(world):
    rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=date(2026, 11, 1))
    whole = ApiClient(world.officer).get(f"/rating-rounds/{rnd.pk}").json()
    assert {world.hanh.pk, world.binh.pk} <= set(whole["missing_members"])
    mine = ApiClient(world.secretary).get(f"/rating-rounds/{rnd.pk}")
    assert mine.status_code == 200
    assert mine.json()["missing_members"] == [world.hanh.pk]
    assert mine.json()["missing_organizations"] == []  # the grassroots committee is above the cell
    client = Client()
    client.force_login(world.secretary)
    page = client.get(f"/ratings/rounds/{rnd.pk}/")
    assert page.status_code == 200
    view = page.context["view"]
    assert (view.members_total, view.missing_members) == (1, 1)


def test_the_enterprise_api_answers_a_missing_and_an_unseen_member_alike(world, scenario):  # noqa: F811
    from dangvu.members.models import Member

    api = ApiClient(world.other_secretary)
    unknown = api.post("/enterprises", new_body(scenario, owner_member_id=Member.objects.order_by("-pk")[0].pk + 99))
    unseen = api.post("/enterprises", new_body(scenario, owner_member_id=world.hanh.pk))
    assert unknown.status_code == unseen.status_code == 422
    assert unknown.json() == unseen.json()


def test_the_enterprise_form_answers_a_missing_and_an_unseen_member_alike(world, scenario):  # noqa: F811
    from dangvu.enterprises.models import Enterprise

    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    client = Client()
    client.force_login(world.admin)
    page = client.get(f"/enterprises/{enterprise.pk}/edit/")
    assert page.status_code == 200
    form = dict(page.context["form"].initial)
    base = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in form.items()}

    def message(ref: str, user) -> list[str]:
        c = Client()
        c.force_login(user)
        r = c.post(f"/enterprises/{enterprise.pk}/edit/", {**base, "owner_member": ref})
        return [str(e) for e in r.context["form"].errors.get("owner_member", [])] if r.context else []

    unseen = message(f"#{world.anh.pk}", world.officer)  # Lê Thị Ánh lives outside the bloc officer's scope
    unknown = message("#99999999", world.officer)
    assert unseen and unknown
    assert unseen[0].replace(f"#{world.anh.pk}", "X") == unknown[0].replace("#99999999", "X")
