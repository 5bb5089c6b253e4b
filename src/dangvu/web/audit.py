"""The audit log page: each entry as a Vietnamese sentence (who did what to which object, linked), in local
time, with a table of the fields that changed (before → after); filters by user, organisation, object, action
and period. Reads core.models.AuditEntry, which every service writes through core.audit."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dangvu.core.dates import format_date
from dangvu.core.http import parse_date_param, scoped_view
from dangvu.core.models import AuditEntry
from dangvu.members.models import EventKind, MembershipSpan
from dangvu.orgs.forms import OrgChoiceField, VnForm, active_orgs
from dangvu.orgs.models import Organization, OrgEventKind
from dangvu.orgs.selectors import ever_in_subtree, org_get

from .views import is_auditor

AUDIT_PAGE_SIZE = 50
MAX_CHANGES = 14
# Bookkeeping columns that say nothing to a reader of the log.
HIDDEN_KEYS = {"id", "search_key", "sort_key", "created_at", "updated_at", "recorded_at", "relative",
               "photo_file"}
# Keys of before/after that are not a field of the object's model (a member's relatives, audited on the member).
EXTRA_LABELS: dict[str, str] = {
    "relation": "quan hệ", "relative_name": "họ và tên người thân", "birth_year": "năm sinh",
    "relative_occupation": "nghề nghiệp, nơi làm việc", "political_attitude": "lịch sử, thái độ chính trị",
    "removed_reason": "lý do xóa",
}

# What each action did, as the verb phrase of a sentence: "<người> <verb> <object>".
ACTION_VERBS: dict[str, str] = {
    "member_record": "ghi hồ sơ đảng viên mới",
    "member_update_profile": "sửa lý lịch đảng viên",
    "member_photo_set": "lưu ảnh của đảng viên", "member_photo_remove": "bỏ ảnh khỏi lý lịch đảng viên",
    "member_family_add": "ghi người thân vào lý lịch đảng viên",
    "member_family_update": "sửa thông tin người thân trong lý lịch đảng viên",
    "member_family_remove": "xóa người thân khỏi lý lịch đảng viên",
    "member_family_restore": "khôi phục người thân đã xóa vào lý lịch đảng viên",
    "member_view_sensitive": "xem thông tin cá nhân nhạy cảm của đảng viên",
    "member_event_void": "hủy một sự kiện của đảng viên",
    "candidate_record": "ghi hồ sơ quần chúng",
    "candidate_in_course": "ghi quần chúng vào lớp bồi dưỡng",
    "candidate_course_passed": "ghi quần chúng đạt lớp bồi dưỡng",
    "candidate_start_dossier": "lập hồ sơ đề nghị kết nạp cho quần chúng",
    "candidate_admit": "kết nạp quần chúng",
    "candidate_withdraw": "dừng theo dõi quần chúng",
    "course_create": "mở lớp bồi dưỡng",
    "course_enroll": "ghi danh học viên vào lớp",
    "enrollment_result": "ghi kết quả học tập",
    "rating_round_open": "mở đợt đánh giá, xếp loại",
    "rating_round_confirm": "xác nhận, khóa sổ đợt đánh giá",
    "rating_round_reopen": "mở lại đợt đánh giá",
    "rating_entry_record": "ghi kết quả xếp loại",
    "rating_entry_change": "sửa kết quả xếp loại",
    "criteria_set_create": "ban hành bộ tiêu chí sinh hoạt chi bộ",
    "meeting_record": "ghi kết quả sinh hoạt chi bộ",
    "enterprise_register": "đưa doanh nghiệp vào theo dõi",
    "enterprise_update": "sửa thông tin doanh nghiệp",
    "enterprise_set_status": "ghi tình trạng hoạt động của doanh nghiệp",
    "workforce_record": "ghi số lao động của doanh nghiệp",
    "workforce_void": "hủy số liệu lao động của doanh nghiệp",
    "contact_record": "ghi một lần làm việc với doanh nghiệp",
    "follow_up_create": "ghi việc cần theo dõi sau làm việc",
    "follow_up_close": "đóng việc theo dõi",
    "mass_org_found": "ghi thành lập tổ chức đoàn thể",
    "mass_org_dissolve": "ghi giải thể tổ chức đoàn thể",
    "mass_org_count_record": "ghi số đoàn viên, hội viên",
    "mass_org_rating_record": "ghi xếp loại tổ chức đoàn thể",
    "mass_org_rating_change": "sửa xếp loại tổ chức đoàn thể",
    "import_upload": "tải lên tệp nhập doanh nghiệp",
    "import_confirm": "xác nhận nhập danh sách doanh nghiệp từ Excel",
    "locality_create": "thêm địa bàn", "locality_update": "sửa địa bàn",
    "locality_deactivate": "ngừng theo dõi địa bàn",
    "zone_create": "thêm khu công nghiệp", "zone_update": "sửa khu công nghiệp",
    "zone_deactivate": "ngừng theo dõi khu công nghiệp",
    "steering_committee_create": "thêm Ban Chỉ đạo", "steering_committee_update": "sửa Ban Chỉ đạo",
    "steering_committee_deactivate": "ngừng theo dõi Ban Chỉ đạo",
    "reorganization_record": "ghi quyết định sắp xếp tổ chức",
    "target_create": "đặt chỉ tiêu", "target_withdraw": "rút chỉ tiêu",
    "manual_value_record": "ghi số liệu thực hiện chỉ tiêu",
    "user_create": "tạo tài khoản", "user_set_password": "đặt lại mật khẩu cho tài khoản",
    "user_deactivate": "khóa tài khoản", "user_reactivate": "mở lại tài khoản",
    "user_update": "sửa thông tin tài khoản",
    "assignment_add": "phân công vai trò cho tài khoản", "assignment_remove": "thu hồi vai trò của tài khoản",
    "admin_ensure": "tạo tài khoản quản trị",
    "api_token_issue": "cấp khóa truy cập API", "api_token_revoke": "thu hồi khóa truy cập API",
    "api_tokens_revoke_all": "thu hồi mọi khóa truy cập API",
    "otp_enrol": "bật xác thực hai lớp", "otp_disable": "tắt xác thực hai lớp",
    "otp_verify": "xác thực hai lớp thành công", "otp_verify_failed": "nhập sai mã xác thực hai lớp",
    "otp_recovery_codes_renew": "tạo lại mã khôi phục", "otp_recovery_code_used": "dùng một mã khôi phục",
    "badge_award": "ghi tặng Huy hiệu Đảng", "badge_void": "hủy ghi tặng Huy hiệu Đảng",
    "commendation_record": "ghi khen thưởng", "commendation_void": "hủy khen thưởng",
    "document_register": "đăng ký văn bản", "document_set_status": "ghi tình trạng văn bản",
    "document_replaces": "ghi văn bản thay thế", "task_cancel": "hủy nhiệm vụ",
    "document_replaced": "ghi văn bản bị thay thế", "regulation_create": "thêm quy định",
    "issuer_add": "thêm cơ quan ban hành", "task_add": "giao nhiệm vụ", "progress_report": "báo cáo tiến độ nhiệm vụ",
    "conference_record": "ghi hội nghị",
    "demo_org_found": "tạo tổ chức trong dữ liệu mẫu", "demo_member_record": "tạo đảng viên trong dữ liệu mẫu",
    "demo_admissions": "tạo dữ liệu mẫu phát triển đảng viên",
    "demo_generated": "tạo dữ liệu mẫu",
    "login_locked": "tạm khóa đăng nhập sau nhiều lần nhập sai mật khẩu:",
    "login_unlock": "mở khóa đăng nhập cho tài khoản",
    "org_set_code": "đặt mã tổ chức",
    "transfer_letter_issue": "cấp giấy giới thiệu sinh hoạt đảng",
    "transfer_letter_receive": "ghi ngày nộp giấy giới thiệu sinh hoạt đảng",
    "transfer_letter_correct": "sửa giấy giới thiệu sinh hoạt đảng",
    "temporary_end_planned": "ghi hạn kết thúc sinh hoạt tạm thời",
    "enterprise_worker_add": "ghi đảng viên làm việc tại doanh nghiệp",
    "enterprise_worker_end": "ghi đảng viên thôi làm việc tại doanh nghiệp",
    "export_members": "xuất danh sách đảng viên ra Excel", "export_organizations": "xuất danh sách tổ chức ra Excel",
    "export_candidates": "xuất danh sách quần chúng ra Excel",
    "export_enterprises": "xuất danh sách doanh nghiệp ra Excel",
    "export_command": "xuất dữ liệu bằng dòng lệnh", "import_command": "nhập dữ liệu bằng dòng lệnh",
    "import_fill": "điền các ô để trống của tệp nhập (tổ chức mặc định)",
    # Bulk writes outside the services (dangvu.core.cache.bump), one entry per operation.
    "data_rebuild": "dựng lại dữ liệu tổng hợp từ các sự kiện",
    "data_relink": "liên kết lại các bản ghi với văn bản đã đăng ký",
    "data_snapshots": "tính lại số liệu cuối tháng", "data_demo": "tạo dữ liệu mẫu",
}
for _kind in EventKind:
    ACTION_VERBS.setdefault(f"member_{_kind.value}", f"ghi sự kiện «{_kind.label}» của đảng viên")
for _org_kind in OrgEventKind:
    ACTION_VERBS.setdefault(f"org_{_org_kind.value}", f"ghi «{_org_kind.label}» tổ chức")

# Each kind of object: its Vietnamese name and the page that shows it (url name taking the id), if any.
OBJECT_KINDS: dict[str, tuple[str, str | None]] = {
    "members.member": ("đảng viên", "member_detail"),
    "orgs.organization": ("tổ chức đảng", "org_detail"),
    "enterprises.enterprise": ("doanh nghiệp", "enterprise_detail"),
    "admissions.candidate": ("quần chúng", "admissions:candidate_detail"),
    "admissions.course": ("lớp bồi dưỡng", "admissions:course_detail"),
    "ratings.ratinground": ("đợt đánh giá", "ratings:round"),
    "auth.user": ("tài khoản", "user_detail"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class AuditRow:
    entry: AuditEntry
    actor: str
    verb: str
    kind: str
    url: str | None
    changes: list[Change] = field(default_factory=list)
    more: int = 0
    created: bool = False


def _value(value: Any, names: dict[tuple[str, int], str], related: str | None) -> str:
    """A stored value as a reader sees it: dates dd/mm/yyyy, yes/no, names for ids of organisations and users."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if related and isinstance(value, int):
        return names.get((related, value), f"#{value}")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and len(value) > 18 and value[4] == "-" and "T" in value:
        try:
            return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return value
    if isinstance(value, list | dict):
        return ", ".join(map(str, value.values() if isinstance(value, dict) else value))[:200]
    return str(value)[:200]


def _field_info(object_type: str, key: str) -> tuple[str, str | None]:
    """The field's Vietnamese label and, for a link to an organisation or a user, that kind."""
    try:
        model = apps.get_model(object_type)
        f = model._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return EXTRA_LABELS.get(key, key.replace("_", " ")), None
    related = None
    if f.is_relation and f.related_model is not None:
        related = f.related_model._meta.label_lower
    return str(getattr(f, "verbose_name", key)), related


def _changes(e: AuditEntry, names: dict[tuple[str, int], str]) -> tuple[list[Change], int]:
    before, after = e.before or {}, e.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [], 0
    keys = [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN_KEYS]
    rows = []
    for k in keys:
        old, new = before.get(k), after.get(k)
        if before and old == new:
            continue
        if not before and new in (None, "", [], {}):
            continue
        label, related = _field_info(e.object_type, k)
        rows.append(Change(label, _value(old, names, related) if before else "", _value(new, names, related)))
    return rows[:MAX_CHANGES], max(0, len(rows) - MAX_CHANGES)


def _names(entries: list[AuditEntry]) -> dict[tuple[str, int], str]:
    """Names of the organisations and users that the entries' before/after mention by id (two queries)."""
    wanted: dict[str, set[int]] = {"orgs.organization": set(), "auth.user": set()}
    for e in entries:
        for snap in (e.before, e.after):
            if not isinstance(snap, dict):
                continue
            for k, v in snap.items():
                if isinstance(v, int) and not isinstance(v, bool):
                    _label, related = _field_info(e.object_type, k)
                    if related in wanted:
                        wanted[related].add(v)
    names: dict[tuple[str, int], str] = {}
    for pk, name in Organization.objects.filter(pk__in=wanted["orgs.organization"]).values_list("pk", "name"):
        names[("orgs.organization", pk)] = name
    for pk, username in User.objects.filter(pk__in=wanted["auth.user"]).values_list("pk", "username"):
        names[("auth.user", pk)] = username
    return names


def _url(object_type: str, object_id: str) -> str | None:
    url_name = OBJECT_KINDS.get(object_type, ("", None))[1]
    if url_name is None or not object_id.isdigit():
        return None
    try:
        return reverse(url_name, args=[int(object_id)])
    except NoReverseMatch:
        return None


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """Sentences, links and changed fields for one page of entries (two queries besides the page's own)."""
    names = _names(entries)
    rows = []
    for e in entries:
        actor = e.actor.get_full_name() or e.actor.username if e.actor else "Hệ thống"
        if e.actor and e.actor.get_full_name():
            actor = f"{e.actor.get_full_name()} ({e.actor.username})"
        changes, more = _changes(e, names)
        rows.append(AuditRow(
            entry=e, actor=actor, verb=ACTION_VERBS.get(e.action, f"thực hiện thao tác «{e.action}» với"),
            kind=OBJECT_KINDS.get(e.object_type, ("đối tượng", None))[0], url=_url(e.object_type, e.object_id),
            changes=changes, more=more, created=not e.before,
        ))
    return rows


def _in_organization(org: Organization) -> Q:
    """Entries about the organisation's subtree: its organisations, the members who ever belonged there, and the
    candidates, courses and rating rounds of its organisations."""
    org_ids = ever_in_subtree(org.pk)
    member_ids = (
        MembershipSpan.objects.filter(organization_id__in=org_ids).annotate(t=Cast("member_id", CharField()))
        .values("t")
    )
    q = Q(object_type="orgs.organization", object_id__in=Organization.objects.filter(pk__in=org_ids).annotate(
        t=Cast("pk", CharField())).values("t"))
    q |= Q(object_type="members.member", object_id__in=member_ids)
    for label, org_field in (("admissions.candidate", "organization_id"), ("admissions.course", "organizer_id"),
                             ("ratings.ratinground", "organization_id")):
        model = apps.get_model(label)
        ids = model.objects.filter(**{f"{org_field}__in": org_ids}).annotate(
            t=Cast("pk", CharField())).values("t")
        q |= Q(object_type=label, object_id__in=ids)
    return q


@dataclass
class AuditFilters:
    user: str = ""
    organization: Organization | None = None
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    start: date | None = None
    end: date | None = None
    errors: list[str] = field(default_factory=list)


def parse_filters(request: HttpRequest) -> AuditFilters:
    """The filters of the query string; an unreadable one is reported, never a 500."""
    get = request.GET
    f = AuditFilters(
        user=(get.get("user") or "").strip()[:150], object_type=(get.get("object_type") or "").strip()[:64],
        object_id=(get.get("object_id") or "").strip()[:64], action=(get.get("action") or "").strip()[:64],
    )
    raw_org = get.get("organization_id") or ""
    if raw_org:
        if raw_org.isdigit() and len(raw_org) < 12:
            f.organization = org_get(request.user, int(raw_org))
        else:
            f.errors.append(f"«Tổ chức»: «{raw_org[:40]}» không phải mã số tổ chức (phải là một số, chọn trong "
                            "danh sách).")
    for name, label in (("start", "Từ ngày"), ("end", "Đến ngày")):
        value, error = parse_date_param(get.get(name), None)  # type: ignore[arg-type]
        if error:
            f.errors.append(f"«{label}»: {error}")
        setattr(f, name, value)
    if f.start and f.end and f.end < f.start:
        f.errors.append("«Đến ngày» trước «Từ ngày».")
    return f


def filtered_entries(f: AuditFilters) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if f.user:
        entries = entries.filter(actor__username=f.user)
    if f.action:
        entries = entries.filter(action=f.action)
    if f.object_type:
        entries = entries.filter(object_type=f.object_type)
    if f.object_id:
        entries = entries.filter(object_id=f.object_id)
    if f.organization is not None:
        entries = entries.filter(_in_organization(f.organization))
    tz = timezone.get_current_timezone()
    if f.start:
        entries = entries.filter(at__gte=datetime.combine(f.start, time.min, tzinfo=tz))
    if f.end:
        entries = entries.filter(at__lte=datetime.combine(f.end, time.max, tzinfo=tz))
    return entries


@scoped_view
def audit_log(request: HttpRequest) -> HttpResponse:
    if not is_auditor(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống được xem nhật ký thay đổi.")
    f = parse_filters(request)
    entries = AuditEntry.objects.none() if f.errors else filtered_entries(f)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    actions = sorted(ACTION_VERBS.items(), key=lambda kv: kv[1])
    org_form = AuditOrgForm(
        {"organization_id": f.organization.pk if f.organization else ""}, user=request.user
    )
    return render(request, "web/audit.html", {
        "page": page, "rows": audit_rows(list(page.object_list)), "filters": f, "action": f.action,
        "actions": actions, "object_kinds": [(k, v[0]) for k, v in OBJECT_KINDS.items()], "org_form": org_form,
    }, status=400 if f.errors else 200)


class AuditOrgForm(VnForm):
    """The organisation filter of the audit log: the organisation picker over the user's scope."""

    organization_id = OrgChoiceField(label="Tổ chức", queryset=Organization.objects.none(), required=False,
                                     empty_label="— Mọi tổ chức —")

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization_id"]).queryset = active_orgs(user)
