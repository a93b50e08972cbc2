"""Background work of the outbox besides sending (``outbox.run_loop`` sends)."""

from django_tasks import task

from jembatan.notifications import services


@task()
def expire_unreceipted_task() -> int:
    return services.expire_unreceipted()


@task()
def handle_inbound_task() -> int:
    from jembatan.notifications import inbound

    return inbound.handle_pending()


@task()
def broadcast_fan_out_task(broadcast_id: int) -> int:
    from jembatan.notifications import broadcasts

    return broadcasts.fan_out(broadcast_id)
