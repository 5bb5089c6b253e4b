"""Forms of the ratings pages: parsing only; the services decide (and check again)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from dangvu.core.dates import format_date
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
        rule = (
            f"«Đảng bộ»: chỉ chọn được đảng bộ thuộc {rnd.organization.name} vào ngày chốt danh sách "
            f"{format_date(rnd.reference_on)}, trong phạm vi được giao (tập thể lãnh đạo là ban chấp hành hoặc "
            "ban thường vụ của một đảng bộ, không phải chi bộ)."
        )
        field.error_messages["invalid_choice"] = rule
        field.error_messages["invalid_pk_value"] = rule
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
