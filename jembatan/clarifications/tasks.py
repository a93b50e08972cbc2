from django_tasks import task

from jembatan.clarifications import services


@task()
def tell_those_waiting_task(claim_id: int) -> int:
    """After a publication: tell those who asked about a message it answers (and agreed to be told)."""
    return services.tell_those_waiting(claim_id)
