from django.urls import reverse

from dangvu.core.dates import today


def flow_params(org, start="2026-01-01", end=None):
    return {"organization_id": org.pk, "start": start, "end": end or today().isoformat()}


def test_flow_page_shows_opening_flows_and_closing(as_user, world):
    r = as_user(world.officer).get(reverse("flow_report"), flow_params(world.bloc))
    assert r.status_code == 200
    flow = r.context["flow"]
    assert (flow.opening, flow.inflows["admitted"], flow.closing) == (1, 1, 2)
    html = r.content.decode()
    for text in ["Đầu kỳ", "Kết nạp", "Chuyển đến", "Khai trừ", "Từ trần", "Cộng tăng", "Cộng giảm", "Cuối kỳ",
                 "01/01/2026"]:
        assert text in html, text


def test_flow_page_without_parameters_shows_the_form(as_user, world):
    r = as_user(world.officer).get(reverse("flow_report"))
    assert r.status_code == 200 and r.context["flow"] is None
    choices = [v for v, _ in r.context["form"].fields["organization_id"].choices if v]
    assert world.bloc.pk in choices and world.local.pk not in choices


def test_flow_bad_period_is_refused_in_vietnamese(as_user, world):
    r = as_user(world.officer).get(reverse("flow_report"), flow_params(world.bloc, "2026-06-01", "2026-01-01"))
    assert r.status_code == 400 and r.context["flow"] is None
    assert r.context["form"].errors["end"] == ["«Đến ngày» phải sau hoặc bằng «Từ ngày»."]
    r = as_user(world.officer).get(reverse("flow_report"), flow_params(world.bloc, "hôm qua"))
    assert "«Từ ngày»: ngày không hợp lệ" in r.context["form"].errors["start"][0]


def test_flow_has_fixed_query_count(as_user, world, django_assert_max_num_queries):
    client = as_user(world.officer)
    with django_assert_max_num_queries(20):  # + the data version and the scope of the kept flow and picker
        r = client.get(reverse("flow_report"), flow_params(world.bloc))
    assert r.context["flow"].balanced
    with django_assert_max_num_queries(9):  # the flow and the picker's options kept (core.cache)
        again = client.get(reverse("flow_report"), flow_params(world.bloc))
    assert again.content.count(b"<td") == r.content.count(b"<td") and again.context["flow"] == r.context["flow"]


def test_it_validates_scope(as_user, world):
    client = as_user(world.other_secretary)
    assert client.get(reverse("flow_report"), flow_params(world.bloc)).status_code == 404
    assert client.get(reverse("flow_report"), flow_params(world.cell_l)).status_code == 200
