from dangvu.admissions.models import Candidate, CandidateStep, Enrollment, Stage
from dangvu.admissions.rules import check_certificate
from dangvu.admissions.services import awareness_passed_on
from dangvu.demo.generator import generate


def test_demo_candidates_are_consistent_with_the_rules_and_the_members(db):
    generate(seed=7, scale="tiny")
    assert set(Candidate.objects.values_list("stage", flat=True)) == set(Stage.values)
    for c in Candidate.objects.filter(stage=Stage.ADMITTED).select_related("member")[:200]:
        assert c.member is not None and c.member.admitted_on == c.decided_on
        check_certificate(awareness_passed_on(c), c.decided_on, c.full_name)  # raises if the rule is broken
    for c in Candidate.objects.prefetch_related("steps"):
        dates = [s.effective_on for s in c.steps.all()]
        assert dates == sorted(dates) and dates[-1] == c.stage_on, c
    assert CandidateStep.objects.count() > Candidate.objects.count()
    assert Enrollment.objects.filter(member__isnull=False).exists()
