from typing import Any, cast

from django import forms

from dangvu.core.docpick import DocumentNumberField
from dangvu.orgs.forms import VnForm

from .indicators import INDICATORS
from .models import Comparison


class TargetForm(VnForm):
    """A target for the committee: a year, or a term (from year – to year)."""

    indicator = forms.ChoiceField(label="Chỉ tiêu")
    comparison = forms.ChoiceField(label="So sánh", choices=Comparison.choices)
    value = forms.DecimalField(label="Giá trị", min_value=0, max_digits=12, decimal_places=2, localize=True)
    value_max = forms.DecimalField(label="Đến (với «Từ … đến …»)", min_value=0, max_digits=12, decimal_places=2,
                                   required=False, localize=True)
    year = forms.IntegerField(label="Năm", min_value=1990, max_value=2100, required=False)
    start_year = forms.IntegerField(label="Nhiệm kỳ từ năm", min_value=1990, max_value=2100, required=False)
    end_year = forms.IntegerField(label="đến năm", min_value=1990, max_value=2100, required=False)
    document = DocumentNumberField(label="Văn bản giao chỉ tiêu")
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            (i.code, f"{i.name} ({i.unit})") for i in INDICATORS.values()
        ]


class ManualValueForm(VnForm):
    indicator = forms.ChoiceField(label="Chỉ tiêu nhập tay")
    year = forms.IntegerField(label="Năm", min_value=1990, max_value=2100)
    value = forms.DecimalField(label="Giá trị", min_value=0, max_digits=12, decimal_places=2, localize=True)
    note = forms.CharField(label="Ghi chú", max_length=500)
    document = DocumentNumberField(label="Văn bản, minh chứng", max_length=255, required=True)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            (i.code, i.name) for i in INDICATORS.values() if i.manual
        ]


class WithdrawForm(VnForm):
    reason = forms.CharField(label="Lý do rút chỉ tiêu", max_length=255)
