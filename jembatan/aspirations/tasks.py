from django_tasks import task

from jembatan.aspirations import services


@task()
def auto_close_answered_task() -> int:
    """Daily: answered reports without a reply for 10 working days are closed."""
    return services.aspiration_auto_close_due()


@task()
def escalate_overdue_task() -> int:
    """Daily: overdue reports are escalated to the agency head and the administrators."""
    return services.aspiration_escalate_overdue()


@task()
def aspiration_search_sync_task(aspiration_id: int) -> None:
    """After a report changed: its place in the site search follows whether it is public."""
    from jembatan.aspirations.search_index import aspiration_search_sync

    aspiration_search_sync(aspiration_id=aspiration_id)


@task()
def agency_counts_refresh_task() -> int:
    """Scheduled daily: recount every agency's reports by answer time (the workflow keeps them; this corrects drift)."""
    from jembatan.aspirations.figures import refresh_all

    return refresh_all()
