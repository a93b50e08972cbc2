from django_tasks import task

from jembatan.literacy import certificates


@task()
def render_certificate_task(certificate_id: int) -> bool:
    """Render a certificate once and keep the PDF (the download then serves the kept file)."""
    return certificates.render_and_keep(certificate_id)


@task()
def scorecard_refresh_task() -> int:
    """Keep the KIMs' scores of the last full month and the current one."""
    from jembatan.literacy import scorecard

    return scorecard.refresh()
