from django.contrib import admin

from dangvu.core.admin import ReadOnlyAdmin

from .models import Member, MemberEvent


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "sex", "birth_date", "organization", "status", "left_on"]
    list_filter = ["status", "sex", "theory_level"]
    search_fields = ["search_key", "card_number"]
    list_select_related = ["organization"]


@admin.register(MemberEvent)
class MemberEventAdmin(ReadOnlyAdmin):
    list_display = ["effective_on", "kind", "member", "organization", "to_organization", "document", "voided_at"]
    list_filter = ["kind"]
    search_fields = ["member__search_key", "document"]
    list_select_related = ["member", "organization", "to_organization"]
