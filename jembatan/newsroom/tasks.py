from django_tasks import task

from jembatan.newsroom import services


@task()
def sync_listing_task() -> int:
    """Scheduled every few minutes: scheduled items appear when their time comes, expired ones leave."""
    return services.items_sync_listing()
