"""The figures a round trip must keep, keyed by the organisations' export references (the ids differ between the
two databases): the tree, names and kinds on each date; each organisation's headcount and member composition (the
«Cơ cấu đội ngũ đảng viên» report's tables: status, sex, age, ethnic group, religion, education, theory, party age)
on each date; the membership flow (opening, closing, inflows and outflows by kind) of each period. Used by
test_round_trip_demo.py and bench/round_trip.py."""

from datetime import date
from typing import Any

from dangvu.imports.refs import org_ref
from dangvu.members.selectors import headcount
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgPathSpan
from dangvu.orgs.selectors import kinds_on, names_on, on_date_q
from dangvu.reports.catalog import build_report
from dangvu.reports.selectors import membership_flow


def _table_rows(report: Any) -> list[Any]:
    return [(t.title, [list(r) for r in t.rows]) for t in report.tables]


def member_figures(user: Any, *, dates: list[date], periods: list[tuple[date, date]],
                   ref: Any = org_ref, grassroots_limit: int | None = None) -> dict[str, Any]:
    """Plain data that compares with ==. `ref(org)` names an organisation (its export reference in the source,
    its code in the database imported into); `grassroots_limit` keeps the first grassroots organisations by
    reference (all the committees above them are always kept)."""
    out: dict[str, Any] = {}
    for d in [*dates, *(e for _s, e in periods)]:
        rows = list(OrgPathSpan.objects.filter(on_date_q(d)).values_list("organization_id", "path"))
        ids = [o for o, _p in rows]
        orgs = Organization.objects.in_bulk(ids)
        refs = {i: ref(orgs[i]) for i in ids}
        names, kinds = names_on(ids, d), kinds_on(ids, d)
        out[f"tree {d}"] = sorted((refs[o], tuple(refs[int(x)] for x in p.strip(".").split(".")), names[o], kinds[o])
                                  for o, p in rows)
        tops = [o for o, p in rows if p.count(".") <= 2]
        grassroots = sorted((o for o in ids if kinds[o] in GRASSROOTS_KINDS and o not in tops), key=lambda o: refs[o])
        chosen = tops + (grassroots if grassroots_limit is None else grassroots[:grassroots_limit])
        out[f"chosen {d}"] = sorted(refs[o] for o in chosen)
        for o in chosen:
            org = orgs[o]
            if d in dates:
                report = build_report(user, "members", org, on=d, start=d, end=d, year=d.year)
                out[f"{refs[o]} on {d}"] = (headcount(org, d), _table_rows(report))
            for start, end in periods:
                if end == d:
                    f = membership_flow(user, org, start=start, end=end)
                    out[f"{refs[o]} flow {start}–{end}"] = (f.opening, f.closing, dict(f.inflows), dict(f.outflows))
    return out
