"""Forms for restructuring an organisation. They only parse input; the services decide."""

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from dangvu.core.cache import cached
from dangvu.core.docpick import DocumentNumberField

from .models import ALLOWED_PARENT_KINDS, Organization, OrgKind, Sector
from .picker import KIND_GROUPS, org_label, picker_order, scope_organizations


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


_OPTION = re.compile(r'<option value="([^"]*)">.*?</option>', re.S)


class OrgPicker(forms.Select):
    """A plain <select> of organisations labelled with their parent (works without JavaScript); the static
    js/orgpicker.js turns it into a search-as-you-type field served by the org_pick JSON endpoint."""

    # lazy: only the chosen option (and the empty one) is written, the script adds the one picked; for pages with
    # many pickers (the reorganisation's lines: 24 pickers × 600 organisations were 1,9 MB of <option>s).
    lazy = False

    def __init__(self, attrs: dict[str, Any] | None = None, *, kinds: str = "", purpose: str = ""):
        super().__init__(attrs)
        self.kinds, self.purpose = kinds, purpose

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(self._picker_attrs())
        return context

    def _picker_attrs(self) -> dict[str, str]:
        extra = {"data-org-picker": reverse("org_pick"), "data-kinds": self.kinds, "data-purpose": self.purpose}
        return {k: v for k, v in extra.items() if v}

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        """The same <select> as Django's, written directly: a template per option costs ~0,2 ms, and a bloc's
        picker has 600 options."""
        final = {**self.build_attrs(self.attrs, attrs), **self._picker_attrs()}
        chosen = {str(v) for v in self.format_value(value)}
        options = self._options()
        if self.lazy:
            options = "".join(m[0] for m in _OPTION.finditer(options) if m[1] in chosen or not m[1])
        for v in chosen:
            plain = f'<option value="{conditional_escape(v)}">'
            options = options.replace(plain, f'{plain[:-1]} selected>', 1)
        return mark_safe(  # noqa: S308 - every value and label is escaped
            f'<select name="{conditional_escape(name)}"{flatatt(final)}>{options}</select>'
        )

    def _options(self) -> str:
        """The <option>s, none selected, values and labels escaped. An organisations' queryset's options are kept
        while the data stay the same (core.cache), keyed by the query itself, which holds the user's scope: a
        bloc's 600 organisations with their parents cost ~10 ms a page to load and label."""
        choices = self.choices

        def build() -> str:
            return "".join(
                f'<option value="{conditional_escape("" if v is None else str(v))}">{conditional_escape(str(label))}'
                "</option>"
                for v, label in choices
            )

        if not isinstance(choices, ModelChoiceIterator) or choices.queryset is None:
            return build()
        try:
            sql, params = choices.queryset.query.sql_with_params()
        except EmptyResultSet:
            return build()
        field = choices.field
        parts = (sql, tuple(repr(p) for p in params), str(field.empty_label), type(field).__qualname__,
                 field.label_from_instance.__qualname__)
        return cached("orgpicker.options", parts, build)


class OrgChoiceIterator(ModelChoiceIterator):
    """The field's organisations in picker order, each with its parent loaded (one query)."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        super().__init__(field)
        if self.queryset is not None:
            self.queryset = picker_order(self.queryset)


SCOPE_RULE = "chỉ chọn được tổ chức đang hoạt động trong phạm vi được giao"
KIND_GROUP_RULES = {
    "cell": "chỉ chọn được chi bộ (chi bộ cơ sở, chi bộ trực thuộc) đang hoạt động trong phạm vi được giao",
    "grassroots": "chỉ chọn được tổ chức cơ sở đảng đang hoạt động trong phạm vi được giao",
    "committee": "chỉ chọn được đảng bộ (không phải chi bộ) đang hoạt động trong phạm vi được giao",
    "upper": "chỉ chọn được cấp ủy cấp trên cơ sở đang hoạt động trong phạm vi được giao",
    "territorial": "chỉ chọn được đảng bộ tỉnh, khối, xã/phường đang hoạt động trong phạm vi được giao",
}


class OrgFieldMessages:
    """Refusals of an organisation field that name the field and the rule: a value that is not a number, an id
    outside the field's list (`rule` says which organisations the list holds: another subtree, dissolved, a kind)."""

    rule: str = SCOPE_RULE
    label: Any

    def to_python(self, value: Any) -> Any:
        if value in (None, "", [], (), {}):
            return None
        if isinstance(value, Organization):
            value = value.pk
        raw = str(value).strip()
        label = str(self.label or "Tổ chức")
        if not raw.isdigit() or len(raw) > 12:
            shown = raw if len(raw) <= 40 else f"{raw[:40]}…"
            raise ValidationError(
                f"«{label}»: «{shown}» không phải mã số tổ chức (phải là một số, chọn trong danh sách).",
                code="not_number",
            )
        try:
            return cast(Any, self).queryset.get(pk=int(raw))
        except Organization.DoesNotExist:
            raise ValidationError(
                f"«{label}»: tổ chức mã số {raw} không có trong danh sách chọn — {self.rule}.", code="invalid_choice",
            ) from None


class OrgChoiceField(OrgFieldMessages, forms.ModelChoiceField):
    """An organisation picker: options labelled "Parent › Name", ordered by parent then name (Vietnamese). A
    refused value is answered naming the field and `rule` (which organisations may be chosen)."""

    widget = OrgPicker

    def __init__(self, *args: Any, kinds: str = "", purpose: str = "", rule: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rule = rule or KIND_GROUP_RULES.get(kinds, SCOPE_RULE)
        if isinstance(self.widget, OrgPicker):
            self.widget.kinds, self.widget.purpose = kinds, purpose

    iterator = OrgChoiceIterator

    def label_from_instance(self, obj: Organization) -> str:
        return org_label(obj)


class OrgListField(OrgFieldMessages, forms.ModelChoiceField):
    """A short plain <select> of organisations (e.g. the committees above a member's cell) with the same named
    refusals as OrgChoiceField."""

    def __init__(self, *args: Any, rule: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rule = rule or SCOPE_RULE


class OrgSelectForm(VnForm):
    """One organisation picker for a page's filter (`organization_id`, or another name): the open organisations
    of the user's scope, limited to a group of kinds (orgs.picker.KIND_GROUPS), the current one always listed."""

    def __init__(self, *args: Any, user: Any, current: Organization | None = None, name: str = "organization_id",
                 label: str = "Tổ chức", kinds: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        qs = scope_organizations(user).filter(dissolved_on__isnull=True)
        group = KIND_GROUPS.get(kinds)
        if group is not None:
            qs = qs.filter(kind__in=group)
        if current is not None:
            qs = qs | Organization.objects.filter(pk=current.pk)
        field = OrgChoiceField(label=label, queryset=qs, kinds=kinds, empty_label=None)
        if current is not None and not current.is_active:
            field.rule += f" (hoặc {current.name} đang xem)"
        self.fields[name] = field
        self.initial.setdefault(name, current.pk if current is not None else None)
        self.name = name

    @property
    def picker(self) -> forms.BoundField:
        return self[self.name]


def active_orgs(
    user: Any, *, exclude: Organization | None = None, kinds: Any = None
) -> QuerySet[Organization]:
    qs = scope_organizations(user).filter(dissolved_on__isnull=True).order_by("path")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    if kinds is not None:
        qs = qs.filter(kind__in=kinds)
    return qs


def document_field() -> forms.CharField:
    """The deciding document: free text, registered documents suggested as you type (core.docpick)."""
    return DocumentNumberField(label="Văn bản quyết định")


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
        others = active_orgs(self.user, exclude=self.org)
        if self.org.parent_id is not None:
            others = others.exclude(pk=self.org.parent_id)
        field = cast(OrgChoiceField, self.fields["parent"])
        field.queryset = others
        field.rule = (f"{SCOPE_RULE}, không phải chính {self.org.name} hay tổ chức cấp trên hiện nay của nó; loại "
                      "hình cấp trên phải phù hợp")


class MergeForm(OrgActionForm):
    into = OrgChoiceField(label="Sáp nhập vào", queryset=Organization.objects.none())
    effective_on = effective_field()
    document = document_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(OrgChoiceField, self.fields["into"])
        field.queryset = active_orgs(self.user, exclude=self.org)
        field.rule = f"{SCOPE_RULE}, không phải chính {self.org.name}"
