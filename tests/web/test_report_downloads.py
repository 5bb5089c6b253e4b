"""A report page's download buttons carry the page's own parameters (organisation, date), so the file is the
report on the screen; labels say the format in words."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse


def download_links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a class="btn btn-light" href="([^"]*)" download>', html)]


def test_download_links_keep_the_chosen_organisation_and_date(as_user, world):
    client = as_user(world.officer)
    url = reverse("report_page", args=["members"])
    r = client.get(url, {"organization_id": world.committee.pk, "on": "2026-06-30"})
    assert r.status_code == 200
    html = r.content.decode()
    links = download_links(html)
    assert len(links) == 3
    for link in links:
        assert link.startswith("?") and not link.startswith("??"), link
        params = parse_qs(urlsplit(link).query)
        assert params["organization_id"] == [str(world.committee.pk)] and params["on"] == ["2026-06-30"]
    assert "Tải Excel (xlsx)" in html and "Tải Word (docx)" in html and "Tải PDF" in html
    fmt = parse_qs(urlsplit(links[0]).query)["format"][0]
    f = client.get(url + links[0])
    assert f.status_code == 200 and f["Content-Disposition"].endswith(f'.{fmt}"')


def test_download_links_name_the_default_organisation(as_user, world):
    r = as_user(world.officer).get(reverse("report_page", args=["organizations"]))
    assert r.status_code == 200
    for link in download_links(r.content.decode()):
        assert parse_qs(urlsplit(link).query)["organization_id"] == [str(world.bloc.pk)]


def test_report_tables_scroll_inside_their_card(as_user, world):
    """The meetings report's nine columns ran past the card at 1366 px: every table sits in a scroll box and its
    long numeric column titles may wrap."""
    from pathlib import Path

    import dangvu

    r = as_user(world.officer).get(reverse("report_page", args=["meetings"]), {"organization_id": world.bloc.pk})
    html = r.content.decode()
    assert html.count('<table class="table">') >= 1
    assert html.count('<table class="table">') == html.count('<div class="table-scroll"><table class="table">')
    css = (Path(dangvu.__file__).parent / "static/css/dangvu.css").read_text()
    assert ".report .table thead th.num { white-space: normal; }" in css


def test_a_dissolved_organisations_report_opens_on_its_last_day(as_user, world):
    """With no date asked for, a report of an organisation merged away answered 400 (an officer kept on a dissolved
    committee got that on every report): it opens on the organisation's last day."""
    from datetime import timedelta

    from dangvu.core.dates import today
    from dangvu.members.restructuring import org_merge

    merged_on = today() - timedelta(days=10)
    org_merge(actor=world.root_user, org=world.cell_b, into=world.cell_a, effective_on=merged_on)
    last = merged_on - timedelta(days=1)
    client = as_user(world.officer)
    for name in ("members", "organizations", "membership-flow"):
        r = client.get(reverse("report_page", args=[name]), {"organization_id": world.cell_b.pk})
        assert r.status_code == 200, (name, r.context["errors"])
        assert r.context["q"].on == last and r.context["q"].end == last
    r = client.get(reverse("report_page", args=["members"]), {"organization_id": world.cell_a.pk})
    assert r.context["q"].on == today()
