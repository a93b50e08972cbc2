from django_tasks import task

from jembatan.core.deadlines import recompute_all


@task()
def recompute_open_deadlines_task(regency_code: str = "") -> dict[str, int]:
    """After a regency's calendar change: every capability recomputes that regency's open deadlines."""
    from jembatan.core import tenancy

    return recompute_all(regency_code or tenancy.regency_code())


@task()
def requeue_abandoned_tasks_task() -> int:
    """Periodic: tasks left RUNNING by a worker that died go back to the queue."""
    from jembatan.core.background import requeue_abandoned_tasks

    return requeue_abandoned_tasks()
