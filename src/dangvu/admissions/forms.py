"""Forms of the admission pages: parsing only; the services decide."""

from typing import Any

from django import forms

from dangvu.core.docpick import DocumentNumberField
from dangvu.members.models import MemberStatus, Sex
from dangvu.orgs.forms import DateInput, OrgChoiceField, VnForm, active_orgs
from dangvu.orgs.models import CELL_KINDS

from .models import CourseKind, OwnerRole, Ownership, Stage

ALL = [("", "Tất cả")]


class CandidateFilterForm(VnForm):
    q = forms.CharField(label="Tìm theo họ tên", required=False, max_length=128,
                        widget=forms.TextInput(attrs={"type": "search"}))
    stage = forms.ChoiceField(label="Giai đoạn", required=False, initial="open", choices=[
        ("open", "Đang xem xét (chưa kết nạp, chưa dừng)"), ("", "Tất cả, kể cả đã kết nạp"), *Stage.choices])

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if user is not None:
            picker = OrgChoiceField(label="Tổ chức", queryset=active_orgs(user), required=False,
                                    empty_label="— Tổ chức được phân công —")
            picker.error_messages["invalid_choice"] = "«Tổ chức»: lựa chọn không hợp lệ."
            self.fields = {"organization_id": picker, **self.fields}


class CandidateForm(VnForm):
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    sex = forms.ChoiceField(label="Giới tính", choices=[("", "— Chọn —"), *Sex.choices])
    birth_date = forms.DateField(label="Ngày sinh", widget=DateInput)
    citizen_id = forms.CharField(label="Số CCCD", max_length=12, required=False)
    ethnic_group = forms.CharField(label="Dân tộc", max_length=64, required=False, initial="Kinh")
    religion = forms.CharField(label="Tôn giáo", max_length=64, required=False, initial="Không")
    occupation = forms.CharField(label="Nghề nghiệp, chức vụ", max_length=255, required=False)
    workplace = forms.CharField(label="Nơi làm việc", max_length=255, required=False)
    enterprise_name = forms.CharField(label="Doanh nghiệp", max_length=255, required=False)
    enterprise_ownership = forms.ChoiceField(label="Loại hình doanh nghiệp", required=False,
                                             choices=Ownership.choices)
    owner_role = forms.ChoiceField(label="Vị trí trong doanh nghiệp", required=False, choices=OwnerRole.choices)
    organization = OrgChoiceField(label="Chi bộ đề nghị", queryset=None, kinds="cell")  # type: ignore[arg-type]
    referred_by_org = OrgChoiceField(label="Tổ chức giới thiệu", queryset=None, required=False)  # type: ignore[arg-type]
    referred_by_other = forms.CharField(label="Hoặc cơ quan, đoàn thể giới thiệu", max_length=255, required=False,
                                        widget=forms.TextInput(attrs={"placeholder": "vd. Ban Quản lý các KCN"}))
    proposed_on = forms.DateField(label="Ngày giới thiệu", widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = active_orgs(user, kinds=CELL_KINDS)  # type: ignore[attr-defined]
        self.fields["referred_by_org"].queryset = active_orgs(user)  # type: ignore[attr-defined]


class AdmitForm(VnForm):
    decided_on = forms.DateField(label="Ngày quyết định kết nạp", widget=DateInput)
    ceremony_on = forms.DateField(label="Ngày lễ kết nạp", widget=DateInput)
    decision = DocumentNumberField(label="Số quyết định", required=True)


class StepForm(VnForm):
    on = forms.DateField(label="Ngày", widget=DateInput)
    reason = forms.CharField(label="Lý do / ghi chú", max_length=255, required=False)


class CourseForm(VnForm):
    kind = forms.ChoiceField(label="Loại lớp", choices=CourseKind.choices)
    name = forms.CharField(label="Tên lớp", max_length=255)
    organizer = OrgChoiceField(label="Đơn vị tổ chức", queryset=None)  # type: ignore[arg-type]
    starts_on = forms.DateField(label="Ngày khai giảng", widget=DateInput)
    ends_on = forms.DateField(label="Ngày bế giảng", widget=DateInput)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    planned_participants = forms.IntegerField(label="Số học viên dự kiến", min_value=0, max_value=100000,
                                              required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = active_orgs(user)  # type: ignore[attr-defined]


class _PoolFilterForm(VnForm):
    organization = OrgChoiceField(label="Thuộc tổ chức", queryset=None, required=False,  # type: ignore[arg-type]
                                  empty_label="— Đơn vị tổ chức lớp —")
    q = forms.CharField(label="Tìm theo họ tên", required=False, max_length=128,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = active_orgs(user)  # type: ignore[attr-defined]


class MemberPoolForm(_PoolFilterForm):
    """Filter of the members a course may enrol; probationary members by default."""

    status = forms.ChoiceField(label="Loại đảng viên", required=False, choices=ALL + MemberStatus.choices)
    admitted_from = forms.DateField(label="Kết nạp từ ngày", required=False, widget=DateInput)
    admitted_to = forms.DateField(label="Kết nạp đến ngày", required=False, widget=DateInput)


class CandidatePoolForm(_PoolFilterForm):
    """Filter of the candidates an awareness course may enrol."""

    stage = forms.ChoiceField(label="Giai đoạn", required=False, choices=ALL + [
        (Stage.PROPOSED.value, Stage.PROPOSED.label), (Stage.IN_COURSE.value, Stage.IN_COURSE.label)])
    proposed_from = forms.DateField(label="Giới thiệu từ ngày", required=False, widget=DateInput)
    proposed_to = forms.DateField(label="Giới thiệu đến ngày", required=False, widget=DateInput)


class ProbationFilterForm(VnForm):
    within_days = forms.IntegerField(label="Sắp đến hạn trong (ngày)", min_value=0, max_value=3660, required=False,
                                     initial=30)
    which = forms.ChoiceField(label="Nhóm", required=False, choices=ALL + [
        ("upcoming", "Sắp đến hạn"), ("due", "Đến hạn"), ("overdue", "Quá hạn")])

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if user is not None:  # the organisation picker (search as you type, "Parent › Name") first
            picker = OrgChoiceField(label="Tổ chức", queryset=active_orgs(user), required=False,
                                    empty_label="— Tổ chức được phân công —")
            picker.error_messages["invalid_choice"] = "«Tổ chức»: lựa chọn không hợp lệ."
            self.fields = {"organization_id": picker, **self.fields}


class PeriodForm(VnForm):
    start = forms.DateField(label="Từ ngày", widget=DateInput)
    end = forms.DateField(label="Đến ngày", widget=DateInput)
