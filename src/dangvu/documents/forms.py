"""Forms of the documents pages. They only parse input; the services decide (and name the rule that refuses)."""

from typing import Any

from django import forms
from django.urls import reverse_lazy

from dangvu.core.docpick import DocumentNumberField
from dangvu.orgs.forms import DateInput, VnForm

from .models import CommendationLevel, ConferenceKind, DocumentStatus, ParticipantKind, Recurrence, RegulationKind
from .services import ParticipantInput, TaskInput

TASK_ROWS = 6
ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


class DocumentForm(VnForm):
    number = forms.CharField(label="Số, ký hiệu", max_length=64, help_text="Dạng số-LOẠI/CƠ QUAN, vd. 651-QĐ/TU",
                             widget=forms.TextInput(attrs={"placeholder": "651-QĐ/TU"}))
    issued_on = forms.DateField(label="Ngày ban hành", widget=DateInput())
    title = forms.CharField(label="Trích yếu", max_length=500)
    term = forms.CharField(label="Nhiệm kỳ", max_length=9, required=False,
                           help_text="Để trống: theo ngày ban hành (vd. 2020-2025)")
    signer = forms.CharField(label="Người ký", max_length=128, required=False)
    summary = forms.CharField(label="Tóm tắt nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    replaces = DocumentNumberField(label="Thay thế văn bản", help_text="Số văn bản đã đăng ký bị thay thế")
    implements = DocumentNumberField(label="Triển khai thực hiện văn bản")
    file = forms.FileField(label="Tệp đính kèm (PDF, DOCX, XLSX, ảnh)", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class IssuerForm(VnForm):
    code = forms.CharField(label="Viết tắt", max_length=12)
    name = forms.CharField(label="Tên cơ quan ban hành", max_length=255)


class StatusForm(VnForm):
    """Expire a document, mark it replaced (by a registered one), or in force again; confirmed by a tick."""

    status = forms.ChoiceField(label="Hiệu lực", choices=DocumentStatus.choices)
    on = forms.DateField(label="Từ ngày", widget=DateInput(), required=False)
    replaced_by = DocumentNumberField(label="Được thay thế bởi văn bản",
                                      help_text="Số văn bản đã đăng ký thay thế văn bản này (nếu có)")
    confirm = forms.BooleanField(label="Tôi xác nhận thay đổi hiệu lực của văn bản này")


class VoidForm(VnForm):
    """Cancel a task, void a commendation or a badge award: the record stays, with the reason; confirmed by a tick."""

    target = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    reason = forms.CharField(label="Lý do hủy", max_length=255)
    confirm = forms.BooleanField(label="Tôi xác nhận hủy (bản ghi vẫn được lưu kèm lý do)")


def _task_fields(form: forms.Form, rows: int, *, with_number: bool = True) -> None:
    for i in range(1, rows + 1):
        if with_number:
            form.fields[f"t{i}_number"] = forms.IntegerField(label=f"Số thứ tự ({i})", min_value=1, max_value=999,
                                                             required=False, initial=i)
        form.fields[f"t{i}_title"] = forms.CharField(label=f"Nhiệm vụ {i}", max_length=500, required=False)
        form.fields[f"t{i}_lead"] = forms.CharField(label=f"Chủ trì ({i})", max_length=255, required=False)
        form.fields[f"t{i}_due_on"] = forms.DateField(label=f"Hạn hoàn thành ({i})", required=False,
                                                      widget=DateInput())
        form.fields[f"t{i}_due_on"].error_messages["invalid"] = (
            f"«Hạn hoàn thành ({i})»: ngày không hợp lệ, nhập theo dạng ngày/tháng/năm.")
        form.fields[f"t{i}_recurrence"] = forms.ChoiceField(label=f"Định kỳ ({i})", choices=Recurrence.choices,
                                                            required=False)


def task_rows(form: forms.Form, rows: int) -> list[list[forms.BoundField]]:
    """The bound fields of each task row, for the template."""
    names = ["number", "title", "lead", "due_on", "recurrence"]
    return [[form[f"t{i}_{n}"] for n in names if f"t{i}_{n}" in form.fields] for i in range(1, rows + 1)]


def _tasks_of(cd: dict[str, Any], rows: int) -> list[TaskInput]:
    out = []
    for i in range(1, rows + 1):
        title = (cd.get(f"t{i}_title") or "").strip()
        if not title:
            continue
        out.append(TaskInput(number=cd.get(f"t{i}_number") or i, title=title, lead=cd.get(f"t{i}_lead") or "",
                             due_on=cd.get(f"t{i}_due_on"), recurrence=cd.get(f"t{i}_recurrence") or ""))
    return out


class RegulationForm(VnForm):
    """A regulation or plan with up to TASK_ROWS numbered tasks (more are added on its page)."""

    kind = forms.ChoiceField(label="Loại", choices=RegulationKind.choices)
    title = forms.CharField(label="Tên quy chế, kế hoạch", max_length=500)
    document = DocumentNumberField(label="Văn bản")
    starts_on = forms.DateField(label="Từ ngày", widget=DateInput())
    ends_on = forms.DateField(label="Đến ngày", required=False, widget=DateInput())
    parties = forms.CharField(label="Các bên tham gia (mỗi dòng một bên)", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _task_fields(self, TASK_ROWS)

    def party_names(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["parties"].splitlines() if p.strip()]

    def tasks(self) -> list[TaskInput]:
        return _tasks_of(self.cleaned_data, TASK_ROWS)


class TaskForm(VnForm):
    number = forms.IntegerField(label="Số thứ tự", min_value=1, max_value=999)
    title = forms.CharField(label="Nhiệm vụ", max_length=500)
    lead = forms.ChoiceField(label="Chủ trì")
    supporting = forms.MultipleChoiceField(label="Phối hợp", required=False, widget=forms.CheckboxSelectMultiple)
    expected_output = forms.CharField(label="Sản phẩm, kết quả", max_length=500, required=False)
    due_on = forms.DateField(label="Hạn hoàn thành", required=False, widget=DateInput())
    recurrence = forms.ChoiceField(label="Định kỳ", choices=Recurrence.choices, required=False)

    def __init__(self, *args: Any, parties: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(p, p) for p in parties]
        self.fields["lead"].choices = choices  # type: ignore[attr-defined]
        self.fields["supporting"].choices = choices  # type: ignore[attr-defined]


class ProgressForm(VnForm):
    task = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="Ngày báo cáo", widget=DateInput())
    percent = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    text = forms.CharField(label="Kết quả thực hiện", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label="Minh chứng (PDF, DOCX, XLSX, ảnh)", required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


PEOPLE_ROWS, BODY_ROWS = 6, 4


def _participant_fields(form: forms.Form) -> None:
    """Rows of people (a member picked by name — js/rowpicker.js fills the hidden id — or an outsider's name) and
    of bodies (a party organisation picked the same way, or another agency's name)."""
    for i in range(1, PEOPLE_ROWS + 1):
        form.fields[f"p{i}_name"] = forms.CharField(
            label=f"Đại biểu {i}", max_length=255, required=False, widget=forms.TextInput(attrs={
                "data-pick-url": reverse_lazy("documents:people_pick"), "data-pick-target": f"id_p{i}_member",
                "autocomplete": "off", "placeholder": "Gõ tên đảng viên, hoặc ghi họ tên khách mời"}))
        form.fields[f"p{i}_member"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                                                         max_value=2**31 - 1)
        form.fields[f"p{i}_role"] = forms.CharField(label=f"Chức vụ, đơn vị ({i})", max_length=255, required=False)
    for i in range(1, BODY_ROWS + 1):
        form.fields[f"b{i}_name"] = forms.CharField(
            label=f"Cơ quan, đơn vị {i}", max_length=255, required=False, widget=forms.TextInput(attrs={
                "data-pick-url": reverse_lazy("org_pick"), "data-pick-target": f"id_b{i}_org",
                "autocomplete": "off", "placeholder": "Gõ tên tổ chức đảng, hoặc ghi tên cơ quan khác"}))
        form.fields[f"b{i}_org"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                                                      max_value=2**31 - 1)
        form.fields[f"b{i}_role"] = forms.CharField(label=f"Thành phần ({i})", max_length=255, required=False)


class ConferenceForm(VnForm):
    kind = forms.ChoiceField(label="Loại", choices=ConferenceKind.choices)
    title = forms.CharField(label="Tên hội nghị", max_length=500)
    held_on = forms.DateField(label="Ngày", widget=DateInput())
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    chair = forms.CharField(label="Chủ trì", max_length=255)
    regulation = forms.TypedChoiceField(label="Quy chế, kế hoạch", coerce=int, required=False, empty_value=None)
    participants = forms.CharField(label="Đại biểu khác (mỗi dòng: họ tên — chức vụ)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(label="Kết quả đạt được", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    conclusions = forms.CharField(label="Kết luận", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, regulations: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["regulation"].choices = [("", "— không —"), *regulations]  # type: ignore[attr-defined]
        _task_fields(self, 4, with_number=False)
        for i in range(1, 5):
            self.fields[f"t{i}_title"].label = f"Nhiệm vụ kết luận {i}"
        _participant_fields(self)

    def people_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"p{i}_name"], self[f"p{i}_role"]] for i in range(1, PEOPLE_ROWS + 1)]

    def body_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"b{i}_name"], self[f"b{i}_role"]] for i in range(1, BODY_ROWS + 1)]

    def participant_rows(self, members: dict[int, Any], orgs: dict[int, Any]) -> list[ParticipantInput]:
        """People and bodies of the rows (a picked id wins over the text), then the free lines; `members` and
        `orgs` are the picked ids looked up by the view."""
        cd, rows = self.cleaned_data, []
        for i in range(1, PEOPLE_ROWS + 1):
            member, name = members.get(cd.get(f"p{i}_member") or 0), (cd.get(f"p{i}_name") or "").strip()
            if member is not None or name:
                rows.append(ParticipantInput(name=name, role=cd.get(f"p{i}_role") or "", member=member))
        for line in (cd.get("participants") or "").splitlines():
            name, _, role = line.partition("—")
            if name.strip():
                rows.append(ParticipantInput(name=name.strip(), role=role.strip()))
        for i in range(1, BODY_ROWS + 1):
            body, name = orgs.get(cd.get(f"b{i}_org") or 0), (cd.get(f"b{i}_name") or "").strip()
            if body is not None or name:
                rows.append(ParticipantInput(name=name, role=cd.get(f"b{i}_role") or "", body=body,
                                             kind=ParticipantKind.BODY))
        return rows

    def picked(self, prefix: str, suffix: str) -> list[int]:
        """The ids picked in the rows ("p", "member") or ("b", "org")."""
        n = PEOPLE_ROWS if prefix == "p" else BODY_ROWS
        return [v for i in range(1, n + 1) if (v := self.cleaned_data.get(f"{prefix}{i}_{suffix}"))]

    def tasks(self) -> list[TaskInput]:
        return _tasks_of(self.cleaned_data, 4)


class CommendationForm(VnForm):
    year = forms.IntegerField(label="Năm", min_value=1930, max_value=2100)
    level = forms.ChoiceField(label="Hình thức", choices=CommendationLevel.choices)
    document = DocumentNumberField(label="Quyết định khen thưởng", required=True)
    decided_on = forms.DateField(label="Ngày quyết định", required=False, widget=DateInput())
    reason = forms.CharField(label="Thành tích", max_length=500)


class BadgeAwardForm(VnForm):
    document = DocumentNumberField(label="Quyết định trao Huy hiệu", required=True)
    awarded_on = forms.DateField(label="Ngày trao", widget=DateInput())

