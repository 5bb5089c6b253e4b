"""Forms for members: list filters, a new record, lifecycle events, voiding. Parsing only."""

from typing import Any, cast

from django import forms

from dangvu.core.dates import today
from dangvu.orgs.forms import DateInput, OrgChoiceField, OrgListField, VnForm, active_orgs, document_field
from dangvu.orgs.models import Organization, Sector

from .models import LETTER_NUMBER_MAX_LENGTH, EventKind, Member, MemberStatus, Sex, TheoryLevel, TransferLetter
from .rules import TEMPORARY_PURPOSES
from .selectors import transfer_targets
from .services import RECORDABLE_KINDS, LetterIn
from .transfers import LETTER_STATES, letter_committees

ALL = [("", "Tất cả")]


class MemberFilterForm(VnForm):
    q = forms.CharField(
        label="Tìm theo họ tên", required=False, max_length=128,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "vd. nguyen thi hong hanh"}),
    )
    status = forms.ChoiceField(label="Loại đảng viên", required=False, choices=ALL + MemberStatus.choices)
    sex = forms.ChoiceField(label="Giới tính", required=False, choices=ALL + Sex.choices)
    sector = forms.ChoiceField(label="Khối/lĩnh vực", required=False, choices=ALL + Sector.choices)
    theory_level = forms.ChoiceField(
        label="Lý luận chính trị", required=False,
        choices=ALL + [(v, label) for v, label in TheoryLevel.choices if v],
    )
    on = forms.DateField(label="Tính đến ngày", required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if user is not None:
            # The organisation picker comes first; without a user (an organisation's own page) it is left out.
            picker = OrgChoiceField(label="Tổ chức", queryset=active_orgs(user), required=False,
                                    empty_label="— Tổ chức được phân công —")
            self.fields = {"organization_id": picker, **self.fields}


class NewMemberForm(VnForm):
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    other_name = forms.CharField(label="Tên gọi khác", max_length=128, required=False)
    sex = forms.ChoiceField(label="Giới tính", choices=[("", "— Chọn —"), *Sex.choices])
    birth_date = forms.DateField(label="Ngày sinh", widget=DateInput)
    birthplace = forms.CharField(label="Nơi sinh", max_length=255, required=False)
    home_town = forms.CharField(label="Quê quán", max_length=255, required=False)
    ethnic_group = forms.CharField(label="Dân tộc", max_length=64, required=False, initial="Kinh")
    religion = forms.CharField(label="Tôn giáo", max_length=64, required=False, initial="Không")
    citizen_id = forms.CharField(label="Số CCCD", max_length=12, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    address = forms.CharField(label="Nơi ở hiện nay", max_length=255, required=False)
    education = forms.CharField(label="Giáo dục phổ thông", max_length=16, required=False, initial="12/12")
    qualification = forms.CharField(label="Chuyên môn, nghiệp vụ", max_length=128, required=False)
    theory_level = forms.ChoiceField(label="Lý luận chính trị", choices=TheoryLevel.choices, required=False)
    occupation = forms.CharField(label="Nghề nghiệp, chức vụ", max_length=255, required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=16, required=False)
    admitted_on = forms.DateField(label="Ngày quyết định kết nạp", widget=DateInput)
    ceremony_on = forms.DateField(label="Ngày vào Đảng (lễ kết nạp)", widget=DateInput, required=False)
    full_on = forms.DateField(label="Ngày công nhận chính thức", widget=DateInput, required=False)
    joined_on = forms.DateField(
        label="Ngày chuyển đến (nếu từ nơi khác chuyển đến)", widget=DateInput, required=False
    )
    document = document_field()

    PROFILE = [
        "other_name", "birthplace", "home_town", "ethnic_group", "religion", "phone", "address", "education",
        "qualification", "theory_level", "occupation",
    ]


SENDING_RULE = "chỉ chọn được chi bộ của đảng viên hoặc một cấp ủy cấp trên của chi bộ đó"


class RecordEventForm(VnForm):
    kind = forms.ChoiceField(label="Loại sự kiện")
    effective_on = forms.DateField(label="Ngày hiệu lực", widget=DateInput)
    to_organization = OrgChoiceField(
        label="Chi bộ chuyển đến", queryset=Organization.objects.none(), required=False,
        empty_label="— Chọn chi bộ —", purpose="transfer",
        rule="chỉ chọn được chi bộ đang hoạt động trong cùng tỉnh (có thể ngoài phạm vi được giao), không phải chi bộ "
             "đang sinh hoạt",
    )
    temporary = forms.BooleanField(label="Chuyển sinh hoạt tạm thời", required=False)
    temporary_until = forms.DateField(
        label="Sinh hoạt tạm thời đến ngày", widget=DateInput, required=False,
        help_text="Tạm thời: từ 3 tháng; công tác dưới 12 tháng, học tập tập trung đến 24 tháng (Quy định 294-QĐ/TW).",
    )
    temporary_purpose = forms.ChoiceField(
        label="Lý do sinh hoạt tạm thời", required=False, initial="work",
        choices=[(k, v.capitalize()) for k, v in TEMPORARY_PURPOSES.items()],
    )
    destination = forms.CharField(label="Nơi chuyển đến (ngoài hệ thống)", max_length=255, required=False)
    letter_number = forms.CharField(
        label="Số giấy giới thiệu sinh hoạt đảng", max_length=LETTER_NUMBER_MAX_LENGTH, required=False,
        help_text="Chuyển sinh hoạt: đảng viên nộp giấy cho cấp ủy nơi đến trong 30 ngày làm việc.",
    )
    letter_issued_on = forms.DateField(
        label="Ngày cấp giấy giới thiệu", widget=DateInput, required=False, help_text="Mặc định: ngày hiệu lực."
    )
    sending_committee = OrgListField(
        label="Cấp ủy giới thiệu đi", queryset=Organization.objects.none(), required=False,
        empty_label="— Tổ chức cơ sở đảng của chi bộ —", rule=SENDING_RULE,
    )
    document = document_field()
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, member: Member, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", "— Chọn loại sự kiện —")] + [
            (k.value, EventKind(k).label) for k in RECORDABLE_KINDS
        ]
        # The same rule as the service and the API (members.rules.check_transfer_target): any open cell of the
        # province, also outside the user's scope.
        cast(forms.ModelChoiceField, self.fields["to_organization"]).queryset = transfer_targets(member, today())
        self.fields["to_organization"].widget.attrs["data-member"] = str(member.pk)
        # The sending committee is the member's cell or an organisation above it (members.rules.check_letter_committee).
        above = [int(x) for x in (member.organization.path or "").split(".") if x]
        cast(forms.ModelChoiceField, self.fields["sending_committee"]).queryset = Organization.objects.filter(
            pk__in=above).order_by("path")

    def letter(self) -> LetterIn | None:
        """The transfer letter typed on the form, or None when neither its number nor its date was given."""
        d = self.cleaned_data
        if not (d.get("letter_number") or d.get("letter_issued_on")):
            return None
        return LetterIn(number=d.get("letter_number") or "", issued_on=d.get("letter_issued_on") or d["effective_on"],
                        sending_committee=d.get("sending_committee"))


class VoidEventForm(VnForm):
    event_id = forms.IntegerField(widget=forms.HiddenInput, label="Sự kiện")
    reason = forms.CharField(label="Lý do hủy", max_length=255)


class TransferFilterForm(VnForm):
    """The transfer letters page: organisation (picker), state, date."""

    state = forms.ChoiceField(label="Giấy giới thiệu", required=False, choices=list(LETTER_STATES.items()),
                              initial="overdue")
    on = forms.DateField(label="Tính đến ngày", required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        picker = OrgChoiceField(label="Tổ chức", queryset=active_orgs(user), required=False,
                                empty_label="— Tổ chức được phân công —")
        self.fields = {"organization_id": picker, **self.fields}


class PresentationForm(VnForm):
    presented_on = forms.DateField(label="Ngày nộp giấy giới thiệu", widget=DateInput)


class LetterCorrectForm(VnForm):
    """Correct a transfer letter written wrong: number, date, sending committee (the cell or above), reason."""

    number = forms.CharField(label="Số giấy giới thiệu", max_length=LETTER_NUMBER_MAX_LENGTH)
    issued_on = forms.DateField(label="Ngày cấp", widget=DateInput)
    sending_committee = OrgListField(label="Cấp ủy giới thiệu đi", queryset=Organization.objects.none(),
                                     empty_label=None, rule=SENDING_RULE)
    reason = forms.CharField(label="Lý do sửa", max_length=255)

    def __init__(self, *args: Any, letter: TransferLetter, with_committee: bool = True, **kwargs: Any):
        kwargs.setdefault("initial", {"number": letter.number, "issued_on": letter.issued_on,
                                      "sending_committee": letter.sending_committee_id})
        kwargs.setdefault("prefix", f"letter{letter.pk}")
        super().__init__(*args, **kwargs)
        if with_committee:
            cast(forms.ModelChoiceField, self.fields["sending_committee"]).queryset = letter_committees(letter)
        else:  # the work list's rows: number and date only (no query per row); the committee stays as it is
            del self.fields["sending_committee"]
