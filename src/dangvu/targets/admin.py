from django.contrib import admin

from dangvu.core.admin import ReadOnlyAdmin

from .models import ManualValue, Target


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["organization", "indicator", "start_year", "end_year", "comparison", "value", "value_max",
                    "withdrawn_at"]
    list_filter = ["start_year", "indicator", "comparison"]
    list_select_related = ["organization"]


@admin.register(ManualValue)
class ManualValueAdmin(ReadOnlyAdmin):
    list_display = ["organization", "indicator", "start_year", "end_year", "value", "document", "recorded_at"]
    list_select_related = ["organization"]
