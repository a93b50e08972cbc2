from django_tasks import task

from jembatan.core.deadlines import recompute_all


@task()
def recompute_open_deadlines_task() -> dict[str, int]:
    """After a calendar change: every capability recomputes its open deadlines."""
    return recompute_all()


@task()
def requeue_abandoned_tasks_task() -> int:
    """Periodic: tasks left RUNNING by a worker that died go back to the queue."""
    from jembatan.core.background import requeue_abandoned_tasks

    return requeue_abandoned_tasks()
