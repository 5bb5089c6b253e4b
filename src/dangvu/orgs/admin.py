from django.contrib import admin

from dangvu.core.admin import ReadOnlyAdmin

from .models import Organization, OrgEvent


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "sector", "parent", "founded_on", "dissolved_on"]
    list_filter = ["kind", "sector"]
    search_fields = ["name", "search_key"]


@admin.register(OrgEvent)
class OrgEventAdmin(ReadOnlyAdmin):
    list_display = ["effective_on", "kind", "organization", "document", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["organization__name", "document"]
