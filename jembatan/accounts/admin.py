from django.contrib import admin

from jembatan.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    """Read-only here: roles are given and removed at /staf/pengguna/ (or `grant_role`), which audits them."""

    model = RoleAssignment
    extra = 0
    fields = ["role", "regency", "kim", "agency", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser", "email_confirmed_at"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_superuser"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined", "is_superuser", "is_staff", "email_confirmed_at"]
    inlines = [RoleAssignmentInline]
