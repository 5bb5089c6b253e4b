"""Every main page stays small at bloc scale (the demo's bloc: ~600 organisations, ~9.500 members, two rating
rounds, a year of cell meetings, 320 enterprises): under 500 KB of HTML each, for the account that works in it.
The benchmark (bench/run.py) times the same pages (dangvu.demo.pages.main_pages, one list for both). One test,
because building the bloc takes most of a minute."""

import io
import re

from django.contrib.auth.models import User

from dangvu.demo.generator import generate
from dangvu.demo.pages import main_pages

MAX_BYTES = 500 * 1024
GROUPED_YEAR = re.compile(r"[^\d.,](?:19|20)\d\.\d{3}[^\d]")
EVERY_MAIN_PAGE = {"dashboard", "tree", "org", "members", "candidates", "course", "probation", "round_closed",
                   "round_open", "month", "enterprises", "flow", "audit", "users"}


def test_every_main_page_is_under_500_kb_at_bloc_scale(db, client):
    generate(seed=2025, scale="bloc", out=io.StringIO())
    pages = main_pages()
    assert {p.name for p in pages} >= EVERY_MAIN_PAGE
    sizes = {}
    for page in pages:
        client.force_login(User.objects.get(username=page.username))
        r = client.get(page.url)
        assert r.status_code == 200, page.url
        sizes[page.name] = len(r.content)
        assert not GROUPED_YEAR.search(r.content.decode()), f"{page.url}: a year written as a grouped number"
    sizes.update(_open_round_pages(client))
    assert all(size < MAX_BYTES for size in sizes.values()), {u: s for u, s in sizes.items() if s >= MAX_BYTES}
    assert sizes["month"] < 100 * 1024, sizes["month"]  # paged by 80 cells, a summary by committee on top (249 KB)


def _open_round_pages(client) -> dict[str, int]:
    """This year's round of the largest committee, open (366-QĐ/TW: the conditions of "xuất sắc" on every row):
    its summary and its largest grassroots organisation's entry page (issue 11, item 8)."""
    from dangvu.core.dates import today
    from dangvu.orgs.models import Organization
    from dangvu.ratings.population import population_on
    from dangvu.ratings.services import rating_round_open

    admin = User.objects.get(username="quantri")
    t = today()
    tops = Organization.objects.filter(parent__parent__isnull=True, parent__isnull=False, dissolved_on__isnull=True)
    org = max(tops, key=lambda o: len(population_on(o.path, t).members))
    rnd = rating_round_open(actor=admin, organization=org, year=t.year, reference_on=t)
    pop = population_on(rnd.path, t)
    per_unit: dict[int, int] = {}
    for cell, _p, _n in pop.members.values():
        per_unit[pop.grassroots_of(cell)] = per_unit.get(pop.grassroots_of(cell), 0) + 1
    client.force_login(admin)
    sizes = {}
    for name, url in [("round_open_summary", f"/ratings/rounds/{rnd.pk}/"),
                      ("round_open_unit", f"/ratings/rounds/{rnd.pk}/?unit={max(per_unit, key=per_unit.__getitem__)}")]:
        r = client.get(url)
        assert r.status_code == 200 and "Điều kiện xuất sắc" in r.content.decode(), url
        sizes[name] = len(r.content)
    return sizes
