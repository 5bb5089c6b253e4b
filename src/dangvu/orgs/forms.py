"""Forms for restructuring an organisation. They only parse input; the services decide."""

from typing import Any, cast

from django import forms

from dangvu.orgs.scope import visible_organizations

from .models import ALLOWED_PARENT_KINDS, Organization, OrgKind, Sector


class DateInput(forms.DateInput):
    """<input type="date">: the browser shows dd/mm/yyyy in Vietnamese and posts YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VnForm(forms.Form):
    """Error messages that name the field, in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "")
            choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
            field.error_messages["required"] = f"{'Chưa chọn' if choosing else 'Chưa nhập'} «{label}»."
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"«{label}»: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm."
            if choosing:
                field.error_messages["invalid_choice"] = f"«{label}»: lựa chọn không hợp lệ."
                field.error_messages["invalid_pk_value"] = f"«{label}»: lựa chọn không hợp lệ."
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"«{label}» dài quá {field.max_length} ký tự."


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def active_orgs(user: Any, *, exclude: Organization | None = None, kinds: Any = None):  # -> QuerySet
    qs = visible_organizations(user).filter(dissolved_on__isnull=True).order_by("path")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs


def document_field() -> forms.CharField:
    return forms.CharField(
        label="Văn bản quyết định", required=False, max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "vd. 651-QĐ/TU"}),
    )


def effective_field(label: str = "Ngày hiệu lực") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput)


class OrgActionForm(VnForm):
    def __init__(self, *args: Any, user: Any, org: Organization, **kwargs: Any):
        self.user, self.org = user, org
        super().__init__(*args, **kwargs)


class FoundChildForm(OrgActionForm):
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    kind = forms.ChoiceField(label="Loại hình")
    sector = forms.ChoiceField(label="Khối/lĩnh vực", choices=Sector.choices)
    founded_on = effective_field("Ngày thành lập")
    document = document_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k.value, k.label) for k in OrgKind if self.org.kind in ALLOWED_PARENT_KINDS[k]
        ]
        self.fields["sector"].initial = self.org.sector


class RenameForm(OrgActionForm):
    name = forms.CharField(label="Tên mới", max_length=255)
    effective_on = effective_field()
    document = document_field()


class MoveForm(OrgActionForm):
    parent = OrgChoiceField(label="Chuyển về trực thuộc", queryset=Organization.objects.none())
    effective_on = effective_field()
    document = document_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = active_orgs(self.user, exclude=self.org).exclude(
            pk=self.org.parent_id
        )


class MergeForm(OrgActionForm):
    into = OrgChoiceField(label="Sáp nhập vào", queryset=Organization.objects.none())
    effective_on = effective_field()
    document = document_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["into"]).queryset = active_orgs(self.user, exclude=self.org)
