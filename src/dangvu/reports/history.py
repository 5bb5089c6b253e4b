"""Every report of a past year in one comparable value: a later reorganisation must leave it identical
(issue 11). Used by the history test and by the demo, which replays the 2025 reorganisation."""

from datetime import date
from typing import Any

from dangvu.admissions.selectors import admission_figures
from dangvu.core.errors import DomainError, NotVisible
from dangvu.enterprises.selectors import coverage
from dangvu.members.selectors import headcount
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgPathSpan
from dangvu.orgs.selectors import kinds_on, on_date_q
from dangvu.ratings.selectors import cell_year, meetings_month, rating_results
from dangvu.ratings.verdict import year_verdict

from .selectors import membership_flow


def _safe(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except (DomainError, NotVisible) as e:
        return f"refused: {type(e).__name__} {getattr(e, 'rule', '')}"


def _coverage(user: Any, org: Organization, on: date) -> Any:
    c = coverage(user, org.pk, on)
    return (
        c.total.enterprises, c.total.workers,
        [(k, cell.enterprises, cell.workers) for k, cell, _s, _w in c.total.cells],
        [(g, [(r.label, r.enterprises, r.workers) for r in rows]) for g, rows in c.breakdowns],
        [(h.kind, h.organizations, h.members, h.parts, h.top_rated) for h in c.headline], c.owners_members,
    )


def _targets(user: Any, org: Organization, year: int) -> Any:
    try:
        from dangvu.targets.selectors import target_report
    except ImportError:  # the targets app is optional for this fingerprint
        return None
    r = target_report(user, org, year=year, on=date(year, 12, 31))
    return [(row.target.pk, str(row.achievement)) for row in r.rows]


def report_fingerprint(user: Any, year: int, *, grassroots_limit: int = 25) -> dict[str, Any]:
    """Headcount, flow, admission figures, rating results, meeting grades, enterprise coverage and targets of
    `year` for the province, every committee directly under it then, and the first grassroots organisations
    then (by id); each value is plain data, so two fingerprints compare with ==."""
    end = date(year, 12, 31)
    start = date(year, 1, 1)
    rows = list(OrgPathSpan.objects.filter(on_date_q(end)).values_list("organization_id", "path"))
    kinds = kinds_on([o for o, _ in rows], end)
    tops = sorted(o for o, p in rows if p.count(".") <= 2)
    grassroots = sorted(o for o, _ in rows if kinds.get(o) in GRASSROOTS_KINDS)[:grassroots_limit]
    orgs = Organization.objects.in_bulk(tops + grassroots)
    out: dict[str, Any] = {"tree": sorted(rows), "kinds": sorted(kinds.items())}
    for org_id in tops + grassroots:
        org = orgs[org_id]
        f = _safe(membership_flow, user, org, start=start, end=end)
        a = _safe(admission_figures, user, org, start=start, end=end)
        r = _safe(rating_results, user, org.pk, year)
        out[f"org {org_id}"] = {
            "headcount": [headcount(org, date(year, m, 1)) for m in (1, 4, 7, 10)] + [headcount(org, end)],
            "flow": f if isinstance(f, str) else (f.opening, f.closing, f.inflows, f.outflows),
            "admissions": a if isinstance(a, str) else (a.courses, a.participants, a.admissions, a.recognitions),
            "ratings": r if isinstance(r, str) else (
                r.organizations.counts, r.members.counts, r.probationary.counts,
                r.previous.organizations.counts if r.previous else None, r.leadership.counts, r.leaders.counts,
                r.not_rated,
            ),
            "meetings": [
                m if isinstance(m := _safe(meetings_month, user, org.pk, year, month), str)
                else [
                    (row.cell_id, row.meeting.grade if row.meeting else None, [t.grade for t in row.thematic],
                     row.quarter_thematic)
                    for row in m.rows
                ]
                for month in (3, 6, 9, 12)
            ],
            "coverage": _safe(_coverage, user, org, end),
            "targets": _safe(_targets, user, org, year),
        }
        if kinds.get(org_id) in GRASSROOTS_KINDS:
            y = _safe(cell_year, user, org.pk, year)
            out[f"org {org_id}"]["cell_year"] = y if isinstance(y, str) else (
                y.grades, y.judged, [(q.thematic, q.judged) for q in y.quarters], year_verdict(y.grades, y.judged).text
            )
    return out
