from django.contrib import admin

from .models import Enterprise, IndustrialZone, Locality, MassOrganization, SteeringCommittee


class ReadMostly(admin.ModelAdmin):
    """Operators look here; writes go through the pages and the API (services, audit)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(ReadMostly):
    list_display = ["name", "tax_code", "ownership", "locality", "zone", "status"]
    list_filter = ["ownership", "status", "zone"]
    search_fields = ["name", "tax_code"]


admin.site.register(Locality, ReadMostly)
admin.site.register(IndustrialZone, ReadMostly)
admin.site.register(SteeringCommittee, ReadMostly)
admin.site.register(MassOrganization, ReadMostly)
