"""Forms of the enterprise pages; they only parse: the services check the rules."""

from typing import Any

from django import forms

from dangvu.orgs.forms import OrgChoiceField
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind
from dangvu.orgs.scope import visible_organizations

from .models import (
    ContactKind,
    EnterpriseStatus,
    IndustrialZone,
    Locality,
    LocalityLevel,
    MassOrgKind,
    Ownership,
    SteeringCommittee,
    SteeringLevel,
    WomenForm,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "Tất cả"), ("yes", "Có"), ("no", "Chưa có")]


class DateField(forms.DateField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", DATE)
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label="Tên hoặc mã số thuế", required=False, max_length=128)
    ownership = forms.ChoiceField(label="Loại hình", required=False, choices=[("", "Tất cả")] + Ownership.choices)
    zone = forms.ChoiceField(label="Khu công nghiệp", required=False)
    locality = forms.ModelChoiceField(label="Địa bàn", required=False, queryset=Locality.objects.all(),
                                      empty_label="Tất cả")
    has_party_org = forms.ChoiceField(label="Tổ chức đảng", required=False, choices=YES_NO)
    has_union = forms.ChoiceField(label="Công đoàn", required=False, choices=YES_NO)
    min_workforce = forms.IntegerField(label="Lao động từ", required=False, min_value=0)
    on = DateField(label="Số liệu ngày", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zone = self.fields["zone"]
        assert isinstance(zone, forms.ChoiceField)
        zone.choices = [("", "Tất cả"), ("0", "Ngoài khu công nghiệp")] + [
            (str(z.pk), z.name) for z in IndustrialZone.objects.all()
        ]


class EnterpriseForm(forms.Form):
    name = forms.CharField(label="Tên doanh nghiệp", max_length=255)
    tax_code = forms.CharField(label="Mã số thuế", max_length=20,
                               help_text="10 chữ số, hoặc NNNNNNNNNN-NNN cho chi nhánh/đơn vị phụ thuộc")
    ownership = forms.ChoiceField(label="Loại hình sở hữu", choices=Ownership.choices)
    investor_country = forms.CharField(label="Quốc gia nhà đầu tư (FDI)", required=False, max_length=64)
    industry = forms.CharField(label="Ngành nghề", required=False, max_length=255)
    address = forms.CharField(label="Địa chỉ", required=False, max_length=255)
    locality = forms.ModelChoiceField(label="Địa bàn", queryset=Locality.objects.all(), empty_label="— Chọn địa bàn —")
    zone = forms.ModelChoiceField(label="Khu công nghiệp", required=False, queryset=IndustrialZone.objects.all(),
                                  empty_label="Ngoài khu công nghiệp")
    owner_name = forms.CharField(label="Chủ doanh nghiệp/giám đốc", required=False, max_length=255)
    contact = forms.CharField(label="Liên hệ", required=False, max_length=255)
    party_org: forms.ModelChoiceField = OrgChoiceField(
        kinds="grassroots", label="Tổ chức đảng trong doanh nghiệp", required=False,
        queryset=Organization.objects.none(), empty_label="Chưa có",
    )
    registered_on = DateField(label="Ngày đưa vào theo dõi")

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["party_org"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_organizations(user).filter(kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True)


class WorkforceForm(forms.Form):
    as_of = DateField(label="Ngày số liệu")
    workers = forms.IntegerField(label="Số lao động", min_value=0)
    women = forms.IntegerField(label="Lao động nữ", min_value=0, initial=0)
    union_eligible = forms.IntegerField(label="Đủ điều kiện vào công đoàn", min_value=0, initial=0)


class WorkerForm(forms.Form):
    """A party member working in this enterprise, found by the party card they show (registered anywhere)."""

    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=16)
    valid_from = DateField(label="Làm việc từ ngày")
    position = forms.CharField(label="Vị trí, chức vụ", max_length=128, required=False)


class WorkerEndForm(forms.Form):
    """The member stopped working here: the span is closed on `valid_to`, kept as history."""

    worker = forms.IntegerField(label="Đảng viên", widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    valid_to = DateField(label="Thôi làm việc từ ngày")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=EnterpriseStatus.choices)
    effective_on = DateField(label="Từ ngày")
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)


class MassOrgForm(forms.Form):
    kind = forms.ChoiceField(label="Loại đoàn thể", choices=MassOrgKind.choices)
    form = forms.ChoiceField(label="Hình thức (Hội Phụ nữ)", required=False, choices=WomenForm.choices)
    founded_on = DateField(label="Ngày thành lập")


class MassOrgCountForm(forms.Form):
    mass_org = forms.IntegerField(widget=forms.HiddenInput)
    as_of = DateField(label="Ngày số liệu")
    members = forms.IntegerField(label="Số đoàn viên/hội viên", min_value=0)


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=ContactKind.choices)
    happened_on = DateField(label="Ngày làm việc")
    steering_committee: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Ban Chỉ đạo", required=False, queryset=SteeringCommittee.objects.none(), empty_label="—"
    )
    participants = forms.CharField(label="Thành phần đoàn", max_length=500)
    met_with = forms.CharField(label="Làm việc với", required=False, max_length=500)
    difficulties = forms.CharField(label="Khó khăn doanh nghiệp nêu", required=False, max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    proposals = forms.CharField(label="Kiến nghị, đề xuất", required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label="Việc cần theo dõi", required=False, max_length=500)
    follow_up_owner = forms.CharField(label="Người/cơ quan thực hiện", required=False, max_length=255)
    follow_up_due = DateField(label="Hạn", required=False)

    def __init__(self, *args: Any, committees: list[SteeringCommittee], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["steering_committee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SteeringCommittee.objects.filter(pk__in=[c.pk for c in committees])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get("follow_up"), data.get("follow_up_owner"), data.get("follow_up_due")]
        if any(parts) and not all(parts):
            raise forms.ValidationError("Việc cần theo dõi: ghi đủ nội dung, người/cơ quan thực hiện và hạn.")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) theo mẫu")


COMMITTEE_KINDS = [OrgKind.PROVINCIAL_COMMITTEE, OrgKind.BLOC_COMMITTEE, OrgKind.LOCAL_COMMITTEE]


def _committees(user: Any, current: Organization | None = None) -> Any:
    qs = visible_organizations(user).filter(kind__in=COMMITTEE_KINDS, dissolved_on__isnull=True)
    if current is not None:
        qs = qs | Organization.objects.filter(pk=current.pk)
    return qs.distinct().order_by("path")


def _set_queryset(form: forms.Form, name: str, qs: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = qs


def _active(model: Any, current: Any = None) -> Any:
    qs = model.objects.filter(deactivated_on__isnull=True)
    if current is not None:
        qs = qs | model.objects.filter(pk=current.pk)
    return qs.distinct()


class EnterpriseEditForm(forms.Form):
    """The registry fields of an enterprise (dated facts have their own forms)."""

    name = forms.CharField(label="Tên doanh nghiệp", max_length=255)
    ownership = forms.ChoiceField(label="Loại hình sở hữu", choices=Ownership.choices)
    investor_country = forms.CharField(label="Quốc gia nhà đầu tư (FDI)", required=False, max_length=64)
    industry = forms.CharField(label="Ngành nghề", required=False, max_length=255)
    address = forms.CharField(label="Địa chỉ", required=False, max_length=255)
    locality: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Địa bàn", queryset=Locality.objects.none(), empty_label="— Chọn địa bàn —")
    zone: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Khu công nghiệp", required=False, queryset=IndustrialZone.objects.none(),
        empty_label="Ngoài khu công nghiệp",
    )
    owner_name = forms.CharField(label="Chủ doanh nghiệp/giám đốc", required=False, max_length=255)
    owner_member = forms.CharField(
        label="Chủ doanh nghiệp là đảng viên (số thẻ đảng viên)", required=False, max_length=16,
        help_text="Để trống nếu chủ doanh nghiệp không phải đảng viên.",
    )
    contact = forms.CharField(label="Liên hệ", required=False, max_length=255)
    party_org: forms.ModelChoiceField = OrgChoiceField(
        kinds="grassroots", label="Tổ chức đảng trong doanh nghiệp", required=False,
        queryset=Organization.objects.none(), empty_label="Chưa có",
    )

    def __init__(self, *args: Any, user: Any, enterprise: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_queryset(self, "locality", _active(Locality, enterprise.locality))
        _set_queryset(self, "zone", _active(IndustrialZone, enterprise.zone))
        party = visible_organizations(user).filter(kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True)
        if enterprise.party_org_id:
            party = (party | Organization.objects.filter(pk=enterprise.party_org_id)).distinct()
        _set_queryset(self, "party_org", party)


class RatingForm(forms.Form):
    mass_org = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label="Năm", min_value=1990, max_value=2100)
    level = forms.CharField(label="Xếp loại", max_length=16)


class DeactivateForm(forms.Form):
    deactivated_on = DateField(label="Ngừng theo dõi từ ngày")


class LocalityForm(forms.Form):
    name = forms.CharField(label="Tên địa bàn", max_length=255)
    level = forms.ChoiceField(label="Cấp", choices=LocalityLevel.choices)
    organization: forms.ModelChoiceField = OrgChoiceField(
        label="Cấp ủy phụ trách", queryset=Organization.objects.none(), empty_label="— Chọn cấp ủy —",
        kinds="upper")

    def __init__(self, *args: Any, user: Any, instance: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", _committees(user, instance.organization if instance else None))


def _visible_localities(user: Any, current: Any = None) -> Any:
    """Followed localities whose responsible committee the user sees (plus the ones already chosen)."""
    from .selectors import _registry_filter

    qs = _registry_filter(user, Locality.objects.filter(deactivated_on__isnull=True), "organization_id")
    if current is not None:
        qs = qs | current
    return qs.distinct()


class ZoneForm(forms.Form):
    name = forms.CharField(label="Tên khu công nghiệp", max_length=255)
    locality: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Địa bàn", queryset=Locality.objects.none(), empty_label="— Chọn địa bàn —")
    organization: forms.ModelChoiceField = OrgChoiceField(
        label="Cấp ủy theo dõi", required=False, queryset=Organization.objects.none(),
        empty_label="Cấp ủy phụ trách địa bàn", kinds="upper")

    def __init__(self, *args: Any, user: Any, instance: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = Locality.objects.filter(pk=instance.locality_id) if instance else None
        _set_queryset(self, "locality", _visible_localities(user, current))
        _set_queryset(self, "organization", _committees(user, instance.organization if instance else None))


class SteeringForm(forms.Form):
    name = forms.CharField(label="Tên Ban Chỉ đạo", max_length=255)
    level = forms.ChoiceField(label="Cấp", choices=SteeringLevel.choices)
    organization: forms.ModelChoiceField = OrgChoiceField(
        label="Thuộc cấp ủy", queryset=Organization.objects.none(), empty_label="— Chọn cấp ủy —",
        kinds="upper")
    localities: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Địa bàn phụ trách", required=False, queryset=Locality.objects.none(),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any, instance: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_queryset(self, "organization", _committees(user, instance.organization if instance else None))
        current = Locality.objects.filter(steering_committees=instance) if instance else None
        field = self.fields["localities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _visible_localities(user, current)
