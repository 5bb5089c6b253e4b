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


ORG_ACTION_FORMS: dict[str, type[OrgActionForm]] = {
    "found": FoundChildForm,
    "rename": RenameForm,
    "move": MoveForm,
    "merge": MergeForm,
    "split": SplitForm,
    "dissolve": DissolveForm,
}
ORG_ACTION_TITLES = {
    "found": "Thành lập tổ chức trực thuộc",
    "rename": "Đổi tên",
    "move": "Chuyển trực thuộc",
    "merge": "Sáp nhập vào tổ chức khác",
    "split": "Chia tách",
    "dissolve": "Giải thể",
}
