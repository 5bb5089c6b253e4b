from django.contrib import admin

from dangvu.core.admin import ReadOnlyAdmin

from .models import CellMeeting, CriteriaSet, MassOrgRating, RatingEntry, RatingReopening, RatingRound


@admin.register(RatingRound)
class RatingRoundAdmin(ReadOnlyAdmin):
    list_display = ["year", "organization", "reference_on", "status", "rules_document", "quota_mode"]
    list_filter = ["year", "status"]
    list_select_related = ["organization"]


@admin.register(RatingEntry)
class RatingEntryAdmin(ReadOnlyAdmin):
    list_display = ["year", "subject_kind", "member", "organization", "cell", "level", "score", "probationary"]
    list_filter = ["year", "subject_kind", "level"]
    search_fields = ["member__search_key"]
    list_select_related = ["member", "organization", "cell"]


@admin.register(RatingReopening)
class RatingReopeningAdmin(ReadOnlyAdmin):
    list_display = ["rating_round", "reason", "at", "by"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "valid_from", "valid_to", "document"]


@admin.register(CellMeeting)
class CellMeetingAdmin(ReadOnlyAdmin):
    list_display = ["cell", "year", "month", "held_on", "present", "headcount", "total", "grade"]
    list_filter = ["year", "month", "grade"]
    list_select_related = ["cell"]


@admin.register(MassOrgRating)
class MassOrgRatingAdmin(ReadOnlyAdmin):
    list_display = ["kind", "subject_id", "year", "level", "organization"]
    list_filter = ["kind", "year"]
