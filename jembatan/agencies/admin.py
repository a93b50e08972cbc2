from django.contrib import admin

from jembatan.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "regency", "is_active"]
    search_fields = ["name", "short_name"]
