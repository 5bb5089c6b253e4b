from django.contrib import admin

from dangvu.core.admin import ReadOnlyAdmin
from dangvu.members.models import BadgeAward

from .models import Commendation, Conference, Document, DocumentType, Issuer, Progress, Regulation, Task


@admin.register(DocumentType)
class DocumentTypeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]


@admin.register(Issuer)
class IssuerAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "organization"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "term", "issued_on", "title", "status", "organization"]
    list_filter = ["doc_type", "issuer", "term", "status"]
    search_fields = ["number", "title"]
    list_select_related = ["organization"]


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "organization", "starts_on", "ends_on"]
    list_select_related = ["organization"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "lead_name", "due_on", "recurrence", "percent", "regulation"]
    list_select_related = ["regulation"]


@admin.register(Progress)
class ProgressAdmin(ReadOnlyAdmin):
    list_display = ["task", "on", "percent", "recorded_at"]


@admin.register(Conference)
class ConferenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "held_on", "organization"]
    list_select_related = ["organization"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyAdmin):
    list_display = ["year", "level", "document_text", "reason", "organization", "voided_at"]
    list_select_related = ["organization"]


@admin.register(BadgeAward)
class BadgeAwardAdmin(ReadOnlyAdmin):
    list_display = ["member", "years", "occasion_on", "awarded_on", "document", "early", "posthumous", "voided_at"]
    list_filter = ["years", "occasion_on"]
    list_select_related = ["member"]
