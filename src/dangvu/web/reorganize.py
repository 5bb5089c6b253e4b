"""The reorganisation decision page: one document and date, many lines (move, merge, dissolve, change kind),
a preview of the counts before and after, then the decision written all or nothing."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvu.core.docpick import DocumentNumberField
from dangvu.core.errors import DomainError
from dangvu.core.http import scoped_view
from dangvu.members.reorganization import STEP_KINDS, ReorgResult, ReorgStep, reorganization_record
from dangvu.orgs.forms import OrgChoiceField, OrgPicker
from dangvu.orgs.models import Organization, OrgKind
from dangvu.orgs.scope import can, visible_organizations
from dangvu.orgs.selectors import default_organization

ROWS = 12
MAX_ROWS = 200


class DecisionForm(forms.Form):
    effective_on = forms.DateField(label="Ngày hiệu lực", widget=forms.DateInput(attrs={"type": "date"},
                                                                                  format="%Y-%m-%d"))
    document = DocumentNumberField(label="Văn bản quyết định", required=True)
    note = forms.CharField(label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages["required"] = f"Chưa nhập «{f.label}»."
            f.error_messages["invalid"] = f"«{f.label}»: giá trị không hợp lệ."


class OrgChoice(OrgChoiceField):
    """The organisation picker ("Parent › Name", search as you type) with the organisation's kind."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{super().label_from_instance(obj)} ({obj.get_kind_display()})"


class LineForm(forms.Form):
    organization = OrgChoice(label="Tổ chức", queryset=Organization.objects.none(), required=False)
    kind = forms.ChoiceField(label="Sắp xếp", choices=[("", "—"), *STEP_KINDS.items()], required=False)
    target = OrgChoice(label="Về trực thuộc / sáp nhập vào", queryset=Organization.objects.none(), required=False)
    new_kind = forms.ChoiceField(label="Loại hình mới", choices=[("", "—"), *OrgKind.choices], required=False)

    def __init__(self, *args: Any, orgs: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("organization", "target"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = orgs
            if isinstance(field.widget, OrgPicker):  # 24 pickers × a bloc's 600 organisations: the chosen only
                field.widget.lazy = True
            field.error_messages["invalid_choice"] = f"«{field.label}»: lựa chọn không hợp lệ."

    def step(self, index: int) -> ReorgStep | None:
        d = self.cleaned_data
        if not d.get("organization") and not d.get("kind"):
            return None
        if not d.get("organization") or not d.get("kind"):
            raise DomainError(f"Dòng {index + 1}: chọn cả tổ chức và cách sắp xếp.", field="moves", rule="required")
        target = d.get("target")
        kind = d["kind"]
        return ReorgStep(
            organization_id=d["organization"].pk, kind=kind,
            parent_id=target.pk if target is not None and kind == "moved" else None,
            into_id=target.pk if target is not None and kind == "merged" else None,
            new_kind=d.get("new_kind") or None,
        )


LineFormSet = forms.formset_factory(LineForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True)


def _may_reorganize(user: Any) -> bool:
    """Whoever may restructure their default organisation; each line is checked again by the service."""
    org = default_organization(user)
    return org is not None and can(user, "manage_org", org)


@scoped_view
def reorganize(request: HttpRequest) -> HttpResponse:
    """GET: an empty decision; POST with `preview`: counts before/after (nothing written); POST: write it."""
    user = request.user
    if not _may_reorganize(user):
        raise PermissionDenied("Vai trò của bạn không được phép sắp xếp tổ chức.")
    orgs = visible_organizations(user).filter(dissolved_on__isnull=True).order_by("path")
    rows = min(MAX_ROWS, max(ROWS, int(request.GET.get("rows", ROWS)) if request.GET.get("rows", "").isdigit()
                             else ROWS))
    result: ReorgResult | None = None
    error = ""
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST)
        lines = LineFormSet(request.POST, prefix="line", form_kwargs={"orgs": orgs})
        if form.is_valid() and lines.is_valid():
            try:
                steps = [s for i, f in enumerate(lines.forms) if (s := f.step(i)) is not None]
                preview = "preview" in request.POST
                result = reorganization_record(
                    actor=user, effective_on=form.cleaned_data["effective_on"],
                    document=form.cleaned_data["document"], note=form.cleaned_data["note"], steps=steps,
                    dry_run=preview,
                )
            except DomainError as e:
                error, status = e.message, 400
            else:
                if not preview:
                    messages.success(request, f"Đã ghi quyết định sắp xếp {result.document}: {result.steps} dòng.")
                    return redirect("org_tree")
        else:
            status = 400
    else:
        form = DecisionForm()
        lines = LineFormSet(prefix="line", form_kwargs={"orgs": orgs}, initial=[{}] * rows)
    return render(request, "web/reorganize.html", {
        "form": form, "lines": lines, "result": result, "error": error, "more_rows": min(MAX_ROWS, rows + ROWS),
        "count_rows": [
            (c, OrgKind(c.kind_before).label if c.kind_before else "—",
             OrgKind(c.kind_after).label if c.kind_after else "—") for c in (result.counts if result else [])
        ],
    }, status=status)
