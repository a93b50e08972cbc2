from django_tasks import task

from jembatan.core.deadlines import recompute_all


@task()
def recompute_open_deadlines_task() -> dict[str, int]:
    """After a calendar change: every capability recomputes its open deadlines."""
    return recompute_all()
