"""Forms of the ratings pages: parsing only; the services decide (and check again)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from dangvu.core.dates import format_date
from dangvu.core.text import search_key
from dangvu.members.models import Member
from dangvu.orgs.forms import OrgChoiceField, VnForm
from dangvu.orgs.models import Organization

from .models import Collective, RatingRound

# The picker's JSON endpoint (web.pickers.org_pick) serves the round's committees for this purpose.
LEADERSHIP_PURPOSE = "rating_leadership"


class LeadershipForm(VnForm):
    """Which leadership collective to rate: a committee of the round, picked as you type ("Parent › Name") among
    those the user may rate (ratings.selectors.round_committees), and which of its collectives."""

    subject_id = OrgChoiceField(
        label="Đảng bộ", queryset=Organization.objects.none(), empty_label="— Chọn đảng bộ —",
        purpose=LEADERSHIP_PURPOSE,
        help_text="Gõ tên đảng bộ hoặc cấp ủy cấp trên để tìm; chỉ các đảng bộ của đợt đánh giá.",
    )
    collective = forms.ChoiceField(label="Tập thể", choices=Collective.choices)

    def __init__(self, *args: Any, rnd: RatingRound, committees: QuerySet[Organization], **kwargs: Any):
        super().__init__(*args, auto_id="lead-%s", **kwargs)
        field = cast(OrgChoiceField, self.fields["subject_id"])
        field.queryset = committees
        field.widget.attrs["data-round"] = str(rnd.pk)
        field.rule = (
            f"chỉ chọn được đảng bộ thuộc {rnd.organization.name} vào ngày chốt danh sách "
            f"{format_date(rnd.reference_on)}, trong phạm vi được giao (tập thể lãnh đạo là ban chấp hành hoặc "
            "ban thường vụ của một đảng bộ, không phải chi bộ)"
        )
        self.fields["collective"].error_messages["invalid_choice"] = (
            "«Tập thể»: chọn Ban Chấp hành (cấp ủy) hoặc Ban Thường vụ."
        )

    def full_clean(self) -> None:
        """Validate, then tie each refused field to its message for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_error"}
                )

    def message(self) -> str:
        """Every error of the form in one Vietnamese sentence or more, each naming its field."""
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


LEADER_LABEL = "Cán bộ lãnh đạo, quản lý"


class LeaderForm(VnForm):
    """Which leader to rate: a member picked by name as you type (js/rowpicker.js on documents:people_pick with the
    round, which fills the hidden id) among `candidates` (ratings.population.round_leader_members). Without the
    script the typed name is accepted when exactly one candidate bears it."""

    member_name = forms.CharField(label=LEADER_LABEL, max_length=255, required=False)
    subject_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=24)

    def __init__(self, *args: Any, rnd: RatingRound, candidates: QuerySet[Member], **kwargs: Any):
        super().__init__(*args, auto_id="leader-%s", **kwargs)
        self.rnd, self.candidates = rnd, candidates
        self.fields["member_name"].widget.attrs.update({
            "data-pick-url": f"{reverse('documents:people_pick')}?round={rnd.pk}",
            "data-pick-target": "leader-subject_id", "autocomplete": "off",
            "placeholder": "Gõ họ tên đảng viên để tìm, vd. nguyen van",
        })
        self.fields["member_name"].help_text = (
            f"Đảng viên sinh hoạt trong {rnd.organization.name} vào ngày chốt danh sách "
            f"{format_date(rnd.reference_on)}, trong phạm vi được giao."
        )
        self.member: Member | None = None

    def _rule(self) -> str:
        return (f"chỉ chọn được đảng viên sinh hoạt trong {self.rnd.organization.name} vào ngày chốt danh sách "
                f"{format_date(self.rnd.reference_on)}, trong phạm vi được giao")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = (data.get("subject_id") or "").strip()
        typed = (data.get("member_name") or "").strip()
        if raw:
            if not raw.isdigit() or len(raw) > 12:
                self.add_error("member_name", f"«{LEADER_LABEL}»: «{raw[:40]}» không phải mã số đảng viên (phải là "
                                              "một số, chọn trong danh sách gợi ý).")
                return data
            self.member = self.candidates.filter(pk=int(raw)).first()
            if self.member is None:
                self.add_error("member_name", f"«{LEADER_LABEL}»: đảng viên mã số {raw} không có trong danh sách "
                                              f"chọn — {self._rule()}.")
            return data
        if not typed:
            self.add_error("member_name", f"Chưa chọn «{LEADER_LABEL}»: gõ họ tên rồi chọn trong danh sách gợi ý.")
            return data
        qs = self.candidates
        for word in search_key(typed.split(" — ")[0]).split()[:6]:
            qs = qs.filter(search_key__contains=word)
        found = list(qs[:2])
        if len(found) == 1:
            self.member = found[0]
        else:
            self.add_error("member_name", (
                f"«{LEADER_LABEL}»: không có đảng viên nào tên «{typed[:60]}» — {self._rule()}." if not found else
                f"«{LEADER_LABEL}»: có nhiều đảng viên tên «{typed[:60]}»; chọn đúng người trong danh sách gợi ý."
            ))
        return data

    def full_clean(self) -> None:
        super().full_clean()
        if "member_name" in self.errors:
            self.fields["member_name"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": "leader-member_name_error"})

    def message(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
