"""Every main page stays small at bloc scale (the demo's bloc: ~600 organisations, ~9.500 members, two rating
rounds, a year of cell meetings, 320 enterprises): under 500 KB of HTML each. The benchmark (bench/run.py)
times the same pages. One test, because building the bloc takes most of a minute."""

import io
import re

from django.contrib.auth.models import User
from django.db.models import Count

from dangvu.admissions.models import Course
from dangvu.demo.generator import generate
from dangvu.orgs.models import Organization, OrgKind
from dangvu.ratings.models import RatingRound

MAX_BYTES = 500 * 1024
GROUPED_YEAR = re.compile(r"[^\d.,](?:19|20)\d\.\d{3}[^\d]")


def big_pages() -> list[str]:
    """The pages an officer of the bloc opens every day, the largest of each kind."""
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first() or Organization.objects.get(
        parent__isnull=True)
    course = Course.objects.order_by("-id").first()
    # The largest confirmed round (the one with the most entries).
    closed = RatingRound.objects.filter(status="closed").annotate(n=Count("entries")).order_by("-n").first()
    return [
        "/", "/orgs/", f"/orgs/{bloc.pk}/", "/members/", "/admissions/", "/admissions/candidates/",
        "/admissions/courses/", f"/admissions/courses/{course.pk}/" if course else "/admissions/courses/",
        "/admissions/probation/", "/ratings/", f"/ratings/rounds/{closed.pk}/" if closed else "/ratings/",
        "/ratings/results/", "/ratings/meetings/?year=2025&month=11",
        "/enterprises/", "/enterprises/coverage/", "/reports/flow/",
    ]


def test_every_main_page_is_under_500_kb_at_bloc_scale(db, client):
    generate(seed=2025, scale="bloc", out=io.StringIO())
    client.force_login(User.objects.get(username="canbo.khoi"))
    sizes = {}
    for url in big_pages():
        r = client.get(url)
        assert r.status_code == 200, url
        sizes[url] = len(r.content)
        assert not GROUPED_YEAR.search(r.content.decode()), f"{url}: a year written as a grouped number"
    assert all(size < MAX_BYTES for size in sizes.values()), {u: s for u, s in sizes.items() if s >= MAX_BYTES}
