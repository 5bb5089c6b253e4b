"""Pages kept while the data stay the same (dangvu.core.cache): the member list's rows, the flow report and the
organisation pickers. A write shows in the next response, another subtree stays a 404, scopes are not mixed."""

from datetime import date

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangvu.core.cache import data_version
from dangvu.core.dates import today
from dangvu.members.services import member_record
from dangvu.orgs.services import org_rename


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def list_page(client: Client, org, **params) -> str:
    r = client.get(reverse("member_list"), {"organization_id": org.pk, **params})
    assert r.status_code == 200, r.status_code
    return r.content.decode()


def flow_page(client: Client, org, by_children: bool = False):
    params = {"organization_id": org.pk, "start": f"{today().year}-01-01", "end": today().isoformat()}
    return client.get(reverse("flow_report"), {**params, "by": "children"} if by_children else params)


def test_a_new_member_shows_in_the_next_list_and_flow(world):
    client = signed_in(world.officer)
    before = list_page(client, world.bloc)
    assert "Tổng số: <strong>2</strong>" in before and "Đỗ Minh Khang" not in before
    flow_before = flow_page(client, world.bloc).context["flow"]
    assert _rows(list_page(client, world.bloc)) == _rows(before)  # kept
    version = data_version()
    member_record(actor=world.root_user, organization=world.cell_a, full_name="Đỗ Minh Khang", sex="M",
                  birth_date=date(1990, 5, 5), admitted_on=today())
    assert data_version() != version
    after = list_page(client, world.bloc)
    assert "Tổng số: <strong>3</strong>" in after and "Đỗ Minh Khang" in after
    flow_after = flow_page(client, world.bloc).context["flow"]
    assert flow_after.inflows["admitted"] == flow_before.inflows["admitted"] + 1
    assert flow_after.closing == flow_before.closing + 1


def _rows(html: str) -> str:
    return html.split('<table class="table members">')[1].split("</table>")[0]


def test_a_kept_page_is_never_shown_outside_the_scope(world):
    officer, other = signed_in(world.officer), signed_in(world.other_secretary)
    assert "Nguyễn Thị Hồng Hạnh" in list_page(officer, world.bloc)
    assert flow_page(officer, world.bloc).status_code == 200
    # The same page, kept for the bloc's officer: another subtree's secretary still gets a 404.
    assert other.get(reverse("member_list"), {"organization_id": world.bloc.pk}).status_code == 404
    assert flow_page(other, world.bloc).status_code == 404
    assert flow_page(other, world.bloc, by_children=True).status_code == 404
    # Their own cell: their own rows.
    own = list_page(other, world.cell_l)
    assert "Lê Thị Ánh" in own and "Nguyễn Thị Hồng Hạnh" not in own


def test_each_user_gets_the_picker_of_their_own_scope(world):
    admin, secretary = signed_in(world.admin), signed_in(world.secretary)
    wide = list_page(admin, world.cell_a)
    narrow = list_page(secretary, world.cell_a)
    assert f'<option value="{world.cell_l.pk}">' in wide
    assert f'value="{world.cell_l.pk}"' not in narrow and f'value="{world.cell_b.pk}"' not in narrow
    assert f'<option value="{world.cell_a.pk}" selected>' in narrow


def test_a_renamed_organisation_shows_in_the_next_picker(world):
    client = signed_in(world.officer)
    assert "Chi bộ Đổi Tên" not in list_page(client, world.bloc)
    org_rename(actor=world.root_user, org=world.cell_b, name="Chi bộ Đổi Tên", effective_on=today())
    assert f'<option value="{world.cell_b.pk}">{world.committee.name} › Chi bộ Đổi Tên</option>' in list_page(
        client, world.bloc
    )


def test_a_kept_page_costs_a_few_queries(world, django_assert_num_queries):
    client = signed_in(world.officer)
    first = list_page(client, world.bloc, page=1)
    # The user; their assignments (scope and header, orgs.scope.assignment_rows); the subtree's organisations;
    # the data version. The session comes from the cache (cached_db).
    with django_assert_num_queries(4):
        again = list_page(client, world.bloc, page=1)
    assert "Nguyễn Thị Hồng Hạnh" in first and "Nguyễn Thị Hồng Hạnh" in again
    flow_page(client, world.bloc, by_children=True)
    with django_assert_num_queries(4):
        r = flow_page(client, world.bloc, by_children=True)
    assert r.status_code == 200 and r.context["children"]
