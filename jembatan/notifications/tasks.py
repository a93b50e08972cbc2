"""Background work of the outbox besides sending (``outbox.run_loop`` sends)."""

from django_tasks import task

from jembatan.notifications import services


@task()
def expire_unreceipted_task() -> int:
    return services.expire_unreceipted()
