from datetime import date
from typing import Any, cast

from django import forms

from dangvu.orgs.forms import DateInput, VnForm
from dangvu.orgs.scope import visible_organizations


class FlowForm(VnForm):
    """Organisation and period; the organisation's scope is checked by the selector (404 outside)."""

    organization_id = forms.TypedChoiceField(label="Tổ chức", coerce=int)
    start = forms.DateField(label="Từ ngày", widget=DateInput)
    end = forms.DateField(label="Đến ngày", widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        rows = list(
            visible_organizations(user).order_by("path").values_list("pk", "name", "path", "dissolved_on")
        )
        base = min((path.count(".") for _, _, path, _ in rows), default=0)
        choices: list[tuple[Any, str]] = [("", "— Chọn tổ chức —")]
        for pk, name, path, dissolved_on in rows:
            indent = "\u00a0\u00a0\u00a0" * (path.count(".") - base)
            suffix = " (đã giải thể/sáp nhập)" if dissolved_on else ""
            choices.append((pk, f"{indent}{name}{suffix}"))
        cast(forms.ChoiceField, self.fields["organization_id"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("start")
        end: date | None = data.get("end")
        if start and end and start > end:
            self.add_error("end", "«Đến ngày» phải sau hoặc bằng «Từ ngày».")
        return data
