from django_tasks import task

from jembatan.syndication import services


@task()
def fetch_all_feeds_task() -> dict:
    """Scheduled every 30 minutes: fetch every active feed; a broken feed records its error and the rest go on."""
    outcomes = services.feeds_fetch_all()
    return {"feeds": len(outcomes), "failed": sum(not o.ok for o in outcomes), "new": sum(o.created for o in outcomes)}


@task()
def fetch_feed_task(feed_id: int) -> dict:
    """ "Fetch now" from the feed's page. Idempotent: entries already stored are skipped by their guid."""
    outcome = services.feed_fetch(feed_id=feed_id)
    return {"ok": outcome.ok, "new": outcome.created, "error": outcome.error}
