"""Which records cite a registered document: a member's or organisation's event, an admission decision, a target,
a rating (criteria set, mass organisation rating, the rules of a round), a badge award. Those apps keep the
deciding document as text ("651-QĐ/TU", typed or picked with core.docpick); the link lives here, in DocumentUse,
so their tables stay as they are.

The links are kept by documents-level functions: `link_records` (called by a post_save receiver for every source
model, see apps.py, and after bulk inserts such as a badge award), `link_document` when a document is registered
after the records that cite it, and `relink` (command `dangvu relink_documents`) after loads that bypass save().
Which document a number designates is numbers.py's one rule (number_key / registered / closest)."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from dangvu.admissions.models import Candidate
from dangvu.members.models import BadgeAward, MemberEvent
from dangvu.orgs.models import OrgEvent
from dangvu.orgs.scope import scope_of
from dangvu.ratings.models import CriteriaSet, MassOrgRating, RatingRound
from dangvu.targets.models import ManualValue, Target

from .models import Document, DocumentUse, UseKind
from .numbers import NumberKey, closest, number_key, number_keys_in, registered


@dataclass(frozen=True)
class Source:
    """A model whose `field` holds a deciding document's number; its date and organisation for the link."""

    model: type[models.Model]
    kind: str
    field: str
    date_of: Callable[[Any], date | None]
    org_of: Callable[[Any], int | None]
    many: bool = False  # a free text citing several documents (a rating round's rules)
    related: tuple[str, ...] = ()  # select_related for describing the record


def _year_start(year: int | None) -> date | None:
    return date(year, 1, 1) if year else None


SOURCES: tuple[Source, ...] = (
    Source(MemberEvent, UseKind.MEMBER_EVENT, "document", lambda o: o.effective_on,
           lambda o: o.organization_id or o.to_organization_id, related=("member", "organization")),
    Source(Candidate, UseKind.ADMISSION, "decision", lambda o: o.decided_on, lambda o: o.organization_id,
           related=("organization",)),
    Source(OrgEvent, UseKind.ORG_EVENT, "document", lambda o: o.effective_on, lambda o: o.organization_id,
           related=("organization",)),
    Source(Target, UseKind.TARGET, "document", lambda o: _year_start(o.start_year), lambda o: o.organization_id,
           related=("organization",)),
    Source(ManualValue, UseKind.TARGET, "document", lambda o: _year_start(o.start_year), lambda o: o.organization_id,
           related=("organization",)),
    Source(CriteriaSet, UseKind.RATING, "document", lambda o: o.valid_from, lambda o: o.organization_id,
           related=("organization",)),
    Source(MassOrgRating, UseKind.RATING, "document", lambda o: date(o.year, 12, 31), lambda o: o.organization_id,
           related=("organization",)),
    Source(RatingRound, UseKind.RATING, "rules_document", lambda o: o.reference_on, lambda o: o.organization_id,
           many=True, related=("organization",)),
    Source(BadgeAward, UseKind.BADGE, "document", lambda o: o.awarded_on, lambda o: o.organization_id,
           related=("member", "organization")),
)
BY_MODEL: dict[type[models.Model], Source] = {s.model: s for s in SOURCES}


def _keys(src: Source, obj: Any) -> list[NumberKey]:
    text = getattr(obj, src.field) or ""
    if "/" not in text:
        return []
    if src.many:
        return number_keys_in(text)
    key = number_key(text)
    return [key] if key else []


def _sync(src: Source, objs: list[Any], *, fresh: bool = False) -> int:
    """Make the links of `objs` (of one source) what their text says now; `fresh`: none exist yet. Returns the
    number of links written. Two to four queries whatever the number of records."""
    ct = ContentType.objects.get_for_model(src.model)
    wanted_keys = {o.pk: _keys(src, o) for o in objs}
    reg = registered({k for ks in wanted_keys.values() for k in ks})
    wanted: dict[tuple[int, int], DocumentUse] = {}
    for o in objs:
        for k in wanted_keys[o.pk]:
            doc = closest(reg.get(k, []), src.date_of(o))
            if doc is not None:
                wanted[(o.pk, doc.pk)] = DocumentUse(document=doc, content_type=ct, object_id=o.pk, kind=src.kind,
                                                     organization_id=src.org_of(o), on=src.date_of(o))
    if not fresh:
        existing = set(DocumentUse.objects.filter(content_type=ct, object_id__in=list(wanted_keys))
                       .values_list("object_id", "document_id"))
        stale = existing - set(wanted)
        if stale:
            for oid, did in stale:
                DocumentUse.objects.filter(content_type=ct, object_id=oid, document_id=did).delete()
        wanted = {k: v for k, v in wanted.items() if k not in existing}
    if wanted:
        DocumentUse.objects.bulk_create(list(wanted.values()), ignore_conflicts=True)
    return len(wanted)


def link_records(objs: Iterable[Any]) -> int:
    """Link records (of any source models) to the registered documents their text designates."""
    by_src: dict[Source, list[Any]] = defaultdict(list)
    for o in objs:
        src = BY_MODEL.get(type(o))
        if src is not None:
            by_src[src].append(o)
    return sum(_sync(src, rows) for src, rows in by_src.items())


def on_save(sender: type[models.Model], instance: Any, created: bool, update_fields: Any = None,
            raw: bool = False, **_: Any) -> None:
    """post_save receiver: only when the document text may have changed; a new record without a number costs no
    query."""
    src = BY_MODEL.get(sender)
    if src is None or raw:
        return
    if update_fields is not None and src.field not in update_fields:
        return
    if created and not _keys(src, instance):
        return
    _sync(src, [instance], fresh=created)


def _candidates(src: Source, serials: set[int]) -> models.QuerySet[Any]:
    q = models.Q()
    for s in serials:
        q |= models.Q(**{f"{src.field}__contains": str(s)})
    return src.model._default_manager.filter(q, **{f"{src.field}__contains": "/"}).order_by("pk")


def link_document(doc: Document) -> int:
    """After registering `doc`: link the records already citing its number (each to the term's document nearest
    to its date, numbers.closest). A prefilter on the serial keeps the scan short."""
    key = (doc.serial, doc.doc_type.key, doc.issuer.key)
    total = 0
    for src in SOURCES:
        rows = [o for o in _candidates(src, {doc.serial}).only("pk", src.field, *_link_fields(src))
                if key in _keys(src, o)]
        for i in range(0, len(rows), 1000):
            total += _sync(src, rows[i:i + 1000])
    return total


def _link_fields(src: Source) -> tuple[str, ...]:
    names = {f.name for f in src.model._meta.concrete_fields}
    wanted = ("effective_on", "decided_on", "start_year", "valid_from", "year", "reference_on", "awarded_on",
              "organization", "to_organization")
    return tuple(n for n in wanted if n in names)


def relink(batch: int = 2000) -> int:
    """Rebuild every link from the records' text (after loads that bypass save(): imports, demo data)."""
    total = 0
    for src in SOURCES:
        ct = ContentType.objects.get_for_model(src.model)
        without = src.model._default_manager.exclude(**{f"{src.field}__contains": "/"}).values("pk")
        DocumentUse.objects.filter(content_type=ct, object_id__in=without).delete()
        qs = src.model._default_manager.filter(**{f"{src.field}__contains": "/"}).only(
            "pk", src.field, *_link_fields(src)).order_by("pk")
        last = 0
        while True:
            rows = list(qs.filter(pk__gt=last)[:batch])
            if not rows:
                break
            total += _sync(src, rows)
            last = rows[-1].pk
    return total


# ---------------------------------------------------------------- reads


@dataclass
class UseRow:
    text: str
    url: str
    on: date | None
    note: str = ""


@dataclass
class UseGroup:
    kind: str
    label: str
    count: int
    rows: list[UseRow] = field(default_factory=list)


def _describe(obj: Any) -> tuple[str, str, str]:
    """(what the record is, its page, a note such as "đã hủy")."""
    if isinstance(obj, MemberEvent):
        return (f"{obj.member.full_name}: {obj.get_kind_display().lower()}",
                reverse("member_detail", args=[obj.member_id]), "đã hủy" if obj.voided_at else "")
    if isinstance(obj, BadgeAward):
        return (f"{obj.member.full_name}: Huy hiệu {obj.years} năm tuổi Đảng",
                reverse("member_detail", args=[obj.member_id]), "đã hủy" if obj.voided_at else "")
    if isinstance(obj, Candidate):
        return (f"Kết nạp {obj.full_name} ({obj.organization.name})",
                reverse("admissions:candidate_detail", args=[obj.pk]), "")
    if isinstance(obj, OrgEvent):
        return (f"{obj.organization.name}: {obj.get_kind_display().lower()}",
                reverse("org_detail", args=[obj.organization_id]), "")
    if isinstance(obj, Target):
        years = f"{obj.start_year}" + (f"–{obj.end_year}" if obj.end_year != obj.start_year else "")
        return (f"Chỉ tiêu {obj.indicator} ({years}) — {obj.organization.name}",
                f"{reverse('targets:index')}?organization_id={obj.organization_id}&year={obj.start_year}",
                "đã rút" if obj.withdrawn_at else "")
    if isinstance(obj, ManualValue):
        return (f"Số liệu chỉ tiêu {obj.indicator} ({obj.start_year}) — {obj.organization.name}",
                f"{reverse('targets:index')}?organization_id={obj.organization_id}&year={obj.start_year}", "")
    if isinstance(obj, RatingRound):
        return (f"Đợt đánh giá, xếp loại năm {obj.year} — {obj.organization.name}",
                reverse("ratings:round", args=[obj.pk]), "")
    if isinstance(obj, CriteriaSet):
        return (f"Bộ tiêu chí sinh hoạt chi bộ «{obj.name}» — {obj.organization.name}",
                f"{reverse('ratings:criteria')}?organization_id={obj.organization_id}", "")
    if isinstance(obj, MassOrgRating):
        return (f"Xếp loại {obj.get_kind_display()} năm {obj.year} — {obj.organization.name}", "", "")
    return (str(obj), "", "")


def document_uses(user: Any, doc: Document, *, per_kind: int = 50) -> list[UseGroup]:
    """What the document decided, in the user's scope: groups by kind (count, and the first `per_kind` records by
    date). A fixed number of queries: the counts, the links, one per kind of record shown."""
    scope = scope_of(user)
    qs = DocumentUse.objects.filter(document=doc)
    if not scope.everything:
        qs = qs.filter(organization_id__in=list(scope.org_ids))
    counts = dict(qs.order_by().values("kind").annotate(n=models.Count("id")).values_list("kind", "n"))
    if not counts:
        return []
    links: list[DocumentUse] = []
    for kind in counts:
        links += list(qs.filter(kind=kind).order_by("on", "id")[:per_kind])
    by_ct: dict[int, list[int]] = defaultdict(list)
    for u in links:
        by_ct[u.content_type_id].append(u.object_id)
    objs: dict[tuple[int, int], Any] = {}
    for ct_id, ids in by_ct.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        src = BY_MODEL.get(model) if model else None
        if src is None:
            continue
        for o in src.model._default_manager.filter(pk__in=ids).select_related(*src.related):
            objs[(ct_id, o.pk)] = o
    groups = {k: UseGroup(k, UseKind(k).label, n) for k, n in counts.items()}
    for u in links:
        obj = objs.get((u.content_type_id, u.object_id))
        if obj is None:
            continue
        text, url, note = _describe(obj)
        groups[u.kind].rows.append(UseRow(text, url, u.on, note))
    order = list(UseKind.values)
    return sorted(groups.values(), key=lambda g: order.index(g.kind))


def documents_cited(user: Any, objs: list[Any]) -> dict[int, list[Document]]:
    """For records of one source model: pk → the registered documents they cite that the user may see (one
    query), for turning the number into a link on the record's page."""
    if not objs:
        return {}
    from .selectors import visible_org_ids

    ct = ContentType.objects.get_for_model(type(objs[0]))
    ids = visible_org_ids(user)
    qs = DocumentUse.objects.filter(content_type=ct, object_id__in=[o.pk for o in objs]).select_related("document")
    if ids is not None:
        qs = qs.filter(document__organization_id__in=ids)
    out: dict[int, list[Document]] = defaultdict(list)
    for u in qs.order_by("id"):
        out[u.object_id].append(u.document)
    return dict(out)
