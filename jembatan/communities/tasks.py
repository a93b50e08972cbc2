from django_tasks import task

from jembatan.communities import services


@task()
def lapse_inactive_kims_task() -> int:
    """Scheduled daily: active KIMs without recorded activity for the configured period become inactive."""
    return services.kim_lapse_inactive()
