"""The demo's documents: three years of registered documents, two regulations with tasks in every state,
conferences, commendations from the closed rating rounds, badges of past occasions; rebuild finds no difference."""

from dangvu.core.dates import today
from dangvu.demo.generator import generate
from dangvu.demo.targets import _System
from dangvu.documents.models import Commendation, Conference, Document, Regulation
from dangvu.documents.selectors import tasks_list
from dangvu.members.models import BadgeAward
from dangvu.members.projection import rebuild_all


def test_demo_documents(db):
    generate(seed=7, scale="tiny")
    t = today()
    years = set(Document.objects.values_list("issued_on__year", flat=True))
    assert {t.year - 2, t.year - 1} <= years
    assert Regulation.objects.count() == 2
    states = {r.state.state for r in tasks_list(_System(), on=t)}
    assert {"done", "overdue"} <= states
    assert Conference.objects.count() >= 2 and Commendation.objects.exists()
    assert BadgeAward.objects.filter(occasion_on__year=t.year - 1).exists()
    assert rebuild_all(repair=False) == []
