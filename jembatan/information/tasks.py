from django_tasks import task

from jembatan.information import services


@task()
def lapse_unclarified_task() -> int:
    """Daily: requests whose clarification period ended without an answer lapse."""
    return services.lapse_unclarified()


@task()
def remind_and_escalate_task() -> dict:
    """Several times a day: reminders to the PPID after 7, 9 and 10 working days; overdue to the atasan PPID."""
    return services.remind_and_escalate()
