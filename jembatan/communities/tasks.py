from django_tasks import task

from jembatan.communities import services


@task()
def lapse_inactive_kims_task() -> int:
    """Scheduled daily: active KIMs without recorded activity for the configured period become inactive."""
    return services.kim_lapse_inactive()


@task()
def kim_search_sync_task(*, kim_id: int) -> None:
    """After a KIM's status or public fields changed: update its entry in the site search."""
    from jembatan.communities.search_index import kim_search_sync

    kim_search_sync(kim_id=kim_id)


@task()
def kim_counts_refresh_task() -> int:
    """Scheduled daily: recount the active KIMs of every kelurahan (the workflow keeps them; this corrects drift)."""
    from jembatan.communities.counts import refresh_all

    return refresh_all()
