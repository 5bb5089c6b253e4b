"""The upload form: the kind of data and the file."""

from django import forms

KIND_CHOICES = [("members", "Đảng viên"), ("organizations", "Tổ chức đảng"), ("enterprises", "Doanh nghiệp")]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Loại dữ liệu", choices=KIND_CHOICES)
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV theo mẫu")
