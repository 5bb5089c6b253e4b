from datetime import date
from typing import Any, cast

from django import forms

from dangvu.orgs.forms import DateInput, OrgChoiceField, VnForm
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import DISSOLVED_SUFFIX, scope_organizations


class HistoryOrgChoiceField(OrgChoiceField):
    """The organisation picker over every organisation of the scope, dissolved ones marked (a report of the past
    may be asked of an organisation that no longer exists)."""

    current: Organization | None = None  # already fetched and scope-checked by the view (org_get)

    def label_from_instance(self, obj: Organization) -> str:
        label = super().label_from_instance(obj)
        return f"{label}{DISSOLVED_SUFFIX}" if obj.dissolved_on else label

    def to_python(self, value: Any) -> Organization | None:
        if self.current is not None and str(value) == str(self.current.pk):
            return self.current  # no second query for the organisation the view holds
        return cast(Organization | None, super().to_python(value))


class FlowForm(VnForm):
    """Organisation and period; the organisation's scope is checked by the selector (404 outside)."""

    organization_id = HistoryOrgChoiceField(label="Tổ chức", queryset=Organization.objects.none(),
                                            purpose="history", empty_label="— Chọn tổ chức —")
    start = forms.DateField(label="Từ ngày", widget=DateInput)
    end = forms.DateField(label="Đến ngày", widget=DateInput)

    def __init__(self, *args: Any, user: Any, current: Organization | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(HistoryOrgChoiceField, self.fields["organization_id"])
        field.queryset, field.current = scope_organizations(user), current

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("start")
        end: date | None = data.get("end")
        if start and end and start > end:
            self.add_error("end", "«Đến ngày» phải sau hoặc bằng «Từ ngày».")
        return data
