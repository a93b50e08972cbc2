from django_tasks import task

from jembatan.information import services


@task()
def lapse_unclarified_task() -> int:
    """Daily: requests whose clarification period ended without an answer lapse."""
    return services.lapse_unclarified()
