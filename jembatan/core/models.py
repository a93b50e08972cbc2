from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def current_regency_code() -> str:
    """The regency of the current site (``core.tenancy``): the default tenant of a new row."""
    from jembatan.core import tenancy

    return tenancy.regency_code()


class AuditLog(models.Model):
    """One row per change made by a service: who, what, on which object, before/after, when, from where."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # The regency (tenant) the change belongs to: the object's own, else the site it was made on.
    regency_code = models.CharField(_("regency"), max_length=13, blank=True, default=current_regency_code)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["object_type", "object_id", "-created_at"]),
            models.Index(fields=["regency_code", "-created_at"], name="audit_regency_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_repr}"


class ScheduledRun(models.Model):
    """Marks that a periodic job was enqueued for a time slot, so several workers enqueue it once."""

    name = models.CharField(max_length=100)
    slot = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.name}@{self.slot}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (``manage.py worker``).

    Each worker updates its own row every few seconds; ``/readyz`` and the staff workspace read the
    newest one, so a worker that died (queued emails waiting for ever) is visible.
    """

    worker_id = models.CharField(max_length=100, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class EmailDelivery(models.Model):
    """One email handed to the mail server, by its delivery key.

    A task re-run after its worker died (``core.background.requeue_abandoned_tasks``) finds the key and
    does not send the same message twice.
    """

    key = models.CharField(max_length=64, unique=True)
    recipients = models.PositiveSmallIntegerField(default=1)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class CalendarSettings(models.Model):
    """The working-day calendar's settings of one regency (one row per regency)."""

    regency_code = models.CharField(_("regency"), max_length=13, unique=True)
    cuti_bersama_is_holiday = models.BooleanField(
        _("joint leave days (cuti bersama) stop the clock"),
        default=True,
        help_text=_("Whether cuti bersama count as non-working days for legal deadlines."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar settings")
        verbose_name_plural = _("calendar settings")

    def __str__(self) -> str:
        return "calendar settings"


class CalendarOverride(models.Model):
    """A local change to the national calendar: an extra day off, or a holiday that is worked."""

    class Kind(models.TextChoices):
        DAY_OFF = "libur", _("Day off (not a working day)")
        WORKING_DAY = "kerja", _("Working day")

    regency_code = models.CharField(_("regency"), max_length=13)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "date"], name="calendar_override_once_per_regency")
        ]
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class TaskOutbox(models.Model):
    """A background task on the broker queue, from its transaction until it has run (``core.taskqueue``,
    ADR 0020).

    With ``TASKS_QUEUE=redis`` a task is written here in the caller's transaction, so it exists exactly
    when the change it announces does; after the commit it is pushed to RQ under the same id
    (``relayed_at``). A row never pushed (the process died after the commit, Redis was unreachable) is
    pushed by the worker's relay loop. The worker deletes the row when the task has succeeded; the minute
    job ends the rows of tasks failed for good and pushes again the jobs Redis lost (a restart without
    persistence).
    """

    id = models.CharField(max_length=64, primary_key=True)
    backend = models.CharField(max_length=100)
    task_path = models.CharField(max_length=300)
    queue_name = models.CharField(max_length=100)
    priority = models.SmallIntegerField(default=0)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    enqueued_at = models.DateTimeField()
    relayed_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        indexes = [
            # The relay's work and /readyz's oldest waiting task: what has not reached the broker.
            models.Index(
                fields=["enqueued_at"], condition=models.Q(relayed_at__isnull=True), name="taskoutbox_unrelayed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_path} {self.id}"
