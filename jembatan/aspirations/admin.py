from django.contrib import admin

from jembatan.aspirations.models import Aspiration, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency", "is_active"]
    list_select_related = ["agency"]


@admin.register(Aspiration)
class AspirationAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "status", "agency", "received_at"]
    list_filter = ["status", "kind", "privacy"]
    search_fields = ["code", "title"]
    readonly_fields = [f.name for f in Aspiration._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
