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
    assert all(size < MAX_BYTES for size in sizes.values()), {u: s for u, s in sizes.items() if s >= MAX_BYTES}
