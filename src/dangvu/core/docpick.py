"""The deciding-document field every form can use: free text (a document of another body), with registered
documents suggested as you type (static js/docpicker.js asks the JSON endpoint named `documents:pick`). It lives
in core so that apps below `documents` (members, admissions, ratings) can use it without importing it."""

from typing import Any

from django import forms
from django.urls import reverse_lazy

PLACEHOLDER = "vd. 651-QĐ/TU"
HELP = "Gõ số hoặc trích yếu để chọn văn bản đã đăng ký; văn bản của cơ quan khác ghi tự do."


class DocumentNumberInput(forms.TextInput):
    """<input data-docpick="/documents/pick/" list=…>: a plain text box without JavaScript."""

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"data-docpick": reverse_lazy("documents:pick"), "autocomplete": "off",
                                "placeholder": PLACEHOLDER, **(attrs or {})})


class DocumentNumberField(forms.CharField):
    """A deciding document as text ("651-QĐ/TU"); the service links it to the registered document if there is one."""

    widget = DocumentNumberInput

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)
