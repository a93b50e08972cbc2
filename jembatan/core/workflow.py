"""The one transition engine. Every state machine is a declaration on it.

A ``Transition`` is a name, its source states, its target, its milestone timestamp, its audit verb and
its after-commit effects. ``Workflow.perform`` applies one in a single transaction: it locks the row
(and any related rows the caller names, in primary-key order), refuses a wrong source state with
``TransitionNotAllowed``, runs the guard on the locked row, sets the status and the stamp, saves,
records the timeline event and the audit row, and registers the effects with ``transaction.on_commit``.

Nothing else assigns ``status``: ``tests/core/test_workflow_scanner.py`` scans the code for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from jembatan.core.audit import AuditVerb, audit_record, snapshot
from jembatan.core.errors import TransitionNotAllowed

# A guard gets the locked row and the other locked rows by pk; it raises a DomainError to refuse and
# may return further changes it derived from the locked row (e.g. a publication time).
REGISTRY: list[Workflow] = []  # every declared machine, for tests and documentation

Guard = Callable[[Any, dict], dict | None]
Effect = Callable[[Any], None]


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    verb: AuditVerb
    stamp: str = ""
    guard: Guard | None = None
    effects: tuple[Effect, ...] = ()
    label: str = ""
    permission: Callable[[Any, Any], bool] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))


@dataclass(eq=False)
class Workflow:
    """A state machine over ``model.<field>``.

    ``refused``: the message (with ``%(status)s``) shown when the source state is wrong.
    ``before_save(locked, transition, now)``: derived fields computed from the new state (deadlines).
    ``record(locked, transition, actor, note, public_note)``: the app's timeline event.
    ``after_save(locked, transition, before)``: summaries kept in the same transaction (counts the public pages
    read); ``before`` holds the audited fields as they were.
    ``on_commit``: effects every transition of this machine has (cache, search).
    """

    model: type[models.Model]
    transitions: list[Transition]
    refused: str
    audited: list[str]
    initial: str = ""
    field: str = "status"
    before_save: Callable[..., None] | None = None
    record: Callable[..., None] | None = None
    after_save: Callable[..., None] | None = None
    on_commit: tuple[Effect, ...] = ()
    by_name: dict[str, Transition] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {t.name: t for t in self.transitions}
        assert len(self.by_name) == len(self.transitions), "transition names must be unique"
        REGISTRY.append(self)

    def __getitem__(self, name: str) -> Transition:
        return self.by_name[name]

    def table(self) -> dict[str, tuple[frozenset[str], str, str]]:
        """name: (sources, target, stamp), for tests and documentation."""
        return {t.name: (t.sources, t.target, t.stamp) for t in self.transitions}

    def can(self, obj, name: str) -> bool:
        return getattr(obj, self.field) in self.by_name[name].sources

    def allowed(self, obj, user=None) -> list[Transition]:
        """The transitions open from ``obj``'s state to ``user`` (permission checked when declared)."""
        state = getattr(obj, self.field)
        return [
            t
            for t in self.transitions
            if state in t.sources and (user is None or t.permission is None or t.permission(user, obj))
        ]

    def set_initial(self, obj) -> None:
        """Give a new row its initial state (the only other place a status is written)."""
        setattr(obj, self.field, self.initial)

    def refuse(self, locked) -> TransitionNotAllowed:
        display = getattr(locked, f"get_{self.field}_display")()
        return TransitionNotAllowed(self.refused % {"status": display})

    def perform(
        self,
        name: str,
        obj,
        *,
        actor,
        changes: dict | None = None,
        guard: Guard | None = None,
        lock_also: Iterable[int] = (),
        note: str = "",
        public_note: bool = True,
        effects: Iterable[Effect] = (),
        actor_label: str | None = None,
    ):
        """Apply transition ``name`` to ``obj`` (an instance or a primary key); returns the locked row."""
        transition = self.by_name[name]
        pk = obj.pk if isinstance(obj, models.Model) else obj
        with transaction.atomic():
            pks = sorted({pk, *lock_also})
            rows = {row.pk: row for row in self.model.objects.select_for_update().filter(pk__in=pks).order_by("pk")}
            locked = rows.pop(pk) if pk in rows else self.model.objects.get(pk=pk)  # DoesNotExist as before
            if getattr(locked, self.field) not in transition.sources:
                raise self.refuse(locked)
            changes = dict(changes or {})
            for check in (transition.guard, guard):
                if check is not None:
                    changes.update(check(locked, rows) or {})
            before = snapshot(locked, self.audited)
            for key, value in changes.items():
                setattr(locked, key, value)
            setattr(locked, self.field, transition.target)
            now = timezone.now()
            if transition.stamp:
                setattr(locked, transition.stamp, now)
            if self.before_save is not None:
                self.before_save(locked, transition, now)
            locked.save()
            if self.after_save is not None:
                self.after_save(locked, transition, before)
            if self.record is not None:
                self.record(locked, transition, actor, note, public_note)
            audit_record(
                actor=actor,
                verb=transition.verb,
                obj=locked,
                before=before,
                after=snapshot(locked, self.audited),
                actor_label=actor_label,
            )
            for effect in (*self.on_commit, *transition.effects, *effects):
                transaction.on_commit(lambda effect=effect: effect(locked))
        return locked
