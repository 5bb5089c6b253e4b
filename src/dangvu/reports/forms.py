from datetime import date
from typing import Any, cast

from django import forms

from dangvu.orgs.forms import DateInput, OrgChoiceField, VnForm
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import DISSOLVED_SUFFIX, scope_organizations


class HistoryOrgChoiceField(OrgChoiceField):
    """The organisation picker over every organisation of the scope, dissolved ones marked (a report of the past
    may be asked of an organisation that no longer exists)."""

    def label_from_instance(self, obj: Organization) -> str:
        label = super().label_from_instance(obj)
        return f"{label}{DISSOLVED_SUFFIX}" if obj.dissolved_on else label


class FlowForm(VnForm):
    """Organisation and period; the organisation's scope is checked by the selector (404 outside)."""

    organization_id = HistoryOrgChoiceField(label="Tổ chức", queryset=Organization.objects.none(),
                                            purpose="history", empty_label="— Chọn tổ chức —")
    start = forms.DateField(label="Từ ngày", widget=DateInput)
    end = forms.DateField(label="Đến ngày", widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization_id"]).queryset = scope_organizations(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("start")
        end: date | None = data.get("end")
        if start and end and start > end:
            self.add_error("end", "«Đến ngày» phải sau hoặc bằng «Từ ngày».")
        return data
