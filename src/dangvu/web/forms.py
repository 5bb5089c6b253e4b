"""Restructuring forms of the organisation page. Split, merge and dissolve move members, so their
forms (and the list of all action forms) live here, above orgs and members."""

from typing import Any, cast

from django import forms

from dangvu.members.models import Member
from dangvu.orgs.forms import (
    FoundChildForm,
    MergeForm,
    MoveForm,
    OrgActionForm,
    RenameForm,
    document_field,
    effective_field,
)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.full_name


class SplitForm(OrgActionForm):
    name = forms.CharField(label="Tên tổ chức mới", max_length=255)
    members = MemberChoiceField(
        label="Đảng viên chuyển sang tổ chức mới", queryset=Member.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    effective_on = effective_field()
    document = document_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["members"]).queryset = Member.objects.filter(
            organization=self.org, left_on__isnull=True
        ).order_by("sort_key", "id")


class DissolveForm(OrgActionForm):
    effective_on = effective_field()
    document = document_field()
    confirm = forms.BooleanField(label="Tôi xác nhận giải thể tổ chức này")


class KindChangeForm(OrgActionForm):
    """Đổi loại hình (chi bộ cơ sở → đảng bộ cơ sở, đảng bộ xã → đảng bộ xã/phường 2025 …), dated, with its document."""

    kind = forms.ChoiceField(label="Loại hình mới")
    effective_on = effective_field()
    document = document_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from dangvu.orgs.models import ALLOWED_PARENT_KINDS, OrgKind

        parent_kind = self.org.parent.kind if self.org.parent_id and self.org.parent else None
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k.value, k.label) for k in OrgKind
            if k != self.org.kind and parent_kind in ALLOWED_PARENT_KINDS[k] and k != OrgKind.PROVINCIAL_COMMITTEE
        ]


ORG_ACTION_FORMS: dict[str, type[OrgActionForm]] = {
    "found": FoundChildForm,
    "rename": RenameForm,
    "move": MoveForm,
    "merge": MergeForm,
    "split": SplitForm,
    "dissolve": DissolveForm,
    "kind": KindChangeForm,
}
ORG_ACTION_TITLES = {
    "found": "Thành lập tổ chức trực thuộc",
    "rename": "Đổi tên",
    "move": "Chuyển trực thuộc",
    "merge": "Sáp nhập vào tổ chức khác",
    "split": "Chia tách",
    "dissolve": "Giải thể",
    "kind": "Đổi loại hình",
}
