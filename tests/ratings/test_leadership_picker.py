"""The round page's leadership form picks the committee as you type ("Parent › Name"), among the round's committees
in the user's scope only; a bad or foreign id is a Vietnamese form error naming the field, nothing written."""

from datetime import date

import pytest

from dangvu.orgs.forms import OrgChoiceField
from dangvu.ratings.forms import LeadershipForm
from dangvu.ratings.models import RatingEntry
from dangvu.ratings.selectors import round_committees
from dangvu.ratings.services import rating_round_open


@pytest.fixture
def rnd(world):
    return rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=date(2026, 11, 1))


def _post(c, rnd, subject_id, **extra):
    return c.post(f"/ratings/rounds/{rnd.pk}/", {
        "action": "leadership", "subject_id": subject_id, "collective": "committee", "level": "good", "score": "85",
        **extra,
    })


def test_the_form_offers_the_rounds_committees_only(world, rnd):
    form = LeadershipForm(rnd=rnd, committees=round_committees(world.admin, rnd))
    field = form.fields["subject_id"]
    assert isinstance(field, OrgChoiceField)
    assert field.queryset is not None
    choices = {field.label_from_instance(o) for o in field.queryset.select_related("parent")}
    # The bloc and its grassroots committee, labelled with their parent; no cell, nothing of another subtree.
    assert choices == {"Đảng bộ tỉnh Ninh Bình › Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
                       "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế"}
    assert not LeadershipForm({"subject_id": world.local.pk, "collective": "committee"}, rnd=rnd,
                              committees=round_committees(world.admin, rnd)).is_valid()
    # Those who may not rate the round's leadership (a cell secretary) have nothing to pick.
    assert not round_committees(world.secretary, rnd).exists()


def test_the_page_shows_a_search_as_you_type_picker(as_user, world, rnd):
    body = as_user(world.officer).get(f"/ratings/rounds/{rnd.pk}/").content.decode()
    picker = body.split('name="subject_id"', 1)[1].split("</select>", 1)[0]
    assert 'data-purpose="rating_leadership"' in picker and f'data-round="{rnd.pk}"' in picker
    assert "data-org-picker=" in picker and '<label for="lead-subject_id">Đảng bộ' in body
    assert "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế</option>" in picker
    assert world.cell_a.name not in picker


@pytest.mark.parametrize("bad", ["abc", "", "-3", "99999999999999999999", "cell", "other_subtree"])
def test_a_bad_or_foreign_committee_is_a_form_error_naming_the_field(as_user, world, rnd, bad):
    bad = {"cell": str(world.cell_a.pk), "other_subtree": str(world.local.pk)}.get(bad, bad)
    c = as_user(world.admin)  # sees the other subtree too: the round limits the choice, not only the scope
    before = RatingEntry.objects.count()
    r = _post(c, rnd, bad)
    body = r.content.decode()
    assert r.status_code == 400
    assert "«Đảng bộ»" in body and ('aria-invalid="true"' in body)
    assert RatingEntry.objects.count() == before


def test_a_committee_of_the_round_is_rated(as_user, world, rnd):
    r = _post(as_user(world.officer), rnd, world.committee.pk, collective="standing")
    assert r.status_code == 302
    e = RatingEntry.objects.get(rating_round=rnd, subject_kind="leadership")
    assert (e.organization_id, e.collective, e.level) == (world.committee.pk, "standing", "good")
    r = _post(as_user(world.officer), rnd, world.committee.pk, collective="chairman")
    assert r.status_code == 400 and "«Tập thể»" in r.content.decode()


def test_the_json_endpoint_serves_the_rounds_committees_in_scope(as_user, world, rnd):
    url = f"/orgs/pick/?purpose=rating_leadership&round={rnd.pk}"
    rows = as_user(world.admin).get(f"{url}&q=").json()["results"]
    assert {r["id"] for r in rows} == {world.bloc.pk, world.committee.pk}  # not the local committee, no cell
    rows = as_user(world.officer).get(f"{url}&q=y te").json()["results"]
    assert [(r["id"], r["label"]) for r in rows] == [
        (world.committee.pk, "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế")]
    assert as_user(world.secretary).get(url).json()["results"] == []  # may not rate the leadership
    # A round of another subtree, or none, is not there.
    assert as_user(world.other_secretary).get(url).status_code == 404
    assert as_user(world.officer).get("/orgs/pick/?purpose=rating_leadership&round=x").status_code == 404
    assert as_user(world.officer).get("/orgs/pick/?purpose=rating_leadership").status_code == 404
