"""`dangvu rebuild [--check]`: recompute every projection from the events and report what differed.

Organisations (name, parent, dates, parent spans), then path spans, then members (status fields and
membership spans). Without --check the differences are repaired; with --check nothing is written and
the exit code is 1 when anything differs.
"""

from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from dangvu.core.text import collation_key, search_key
from dangvu.members.projection import rebuild_all
from dangvu.orgs.models import Organization, OrgEvent, OrgParentSpan
from dangvu.orgs.projection import apply_org, compute_org, rebuild_paths


def organization_diffs(*, repair: bool) -> list[str]:
    """Compare every organisation's row and parent spans with a fold of its events; repair if asked."""
    events: dict[int, list[OrgEvent]] = defaultdict(list)
    for ev in OrgEvent.objects.order_by("organization_id", "effective_on", "id"):
        events[ev.organization_id].append(ev)
    stored: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for org_id, parent_id, f, t in OrgParentSpan.objects.order_by("organization_id", "valid_from", "id").values_list(
        "organization_id", "parent_id", "valid_from", "valid_to"
    ):
        stored[org_id].append((parent_id, f, t))
    diffs: list[str] = []
    for org in Organization.objects.order_by("id").iterator(chunk_size=2000):
        fields, spans = compute_org(org, events.get(org.pk, []))
        bad = [k for k, v in fields.items() if getattr(org, k) != v]
        name = fields.get("name", org.name)
        if org.search_key != search_key(name) or org.sort_key != collation_key(name):
            bad.append("search_key/sort_key")
        if stored.get(org.pk, []) != spans:
            bad.append("parent_spans")
        if bad:
            diffs.append(f"Tổ chức #{org.pk} {org.name}: khác ở {', '.join(bad)}")
            if repair:
                apply_org(org)
    return diffs


class Command(BaseCommand):
    help = "Dựng lại dữ liệu tổng hợp (tổ chức, đường dẫn cây, đảng viên) từ các sự kiện; báo các sai khác."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ kiểm tra, không sửa; mã thoát 1 nếu có sai khác.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check: bool = options["check"]
        lines: list[str] = []
        with transaction.atomic():
            lines += organization_diffs(repair=not check)
            changed_paths = rebuild_paths()
            if changed_paths:
                lines.append(f"Đường dẫn cây tổ chức: {changed_paths} dòng khác")
            if check:  # rebuild_paths always writes: undo it, a check changes nothing.
                transaction.set_rollback(True)
        # Members last and outside that transaction: rebuild_all commits member by member.
        lines += rebuild_all(repair=not check)

        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write(self.style.SUCCESS("Không có sai khác."))
        elif check:
            self.stdout.write(
                self.style.WARNING(f"Có {len(lines)} sai khác (chưa sửa; chạy lại không có --check để sửa).")
            )
            raise SystemExit(1)
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã sửa {len(lines)} sai khác."))
