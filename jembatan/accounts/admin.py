from django.contrib import admin

from jembatan.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["regency", "agency"]
    raw_id_fields = ["kim"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser", "email_confirmed_at"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_superuser"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline]
