from django.contrib import admin

from jembatan.syndication.models import Feed, FeedEntry


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "is_active", "last_status", "last_fetched_at", "entry_count"]
    list_filter = ["is_active", "last_status"]
    readonly_fields = ["etag", "last_modified", "last_error", "consecutive_failures"]


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "feed", "status", "published_at", "fetched_at"]
    list_filter = ["status"]
    raw_id_fields = ["feed", "duplicate_of"]

    def has_add_permission(self, request):
        return False
