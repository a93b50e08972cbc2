"""Idempotent intake with channel-scoped keys, and private-link secrets bound to their purpose."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from jembatan.aspirations.models import Aspiration
from jembatan.cases import intake, tracking


def test_keys_are_scoped_per_channel_and_fixed_length():
    assert intake.scoped_key("api", "abc") != intake.scoped_key("open311", "abc")
    assert len(intake.scoped_key("api", "x" * 80)) == len(intake.scoped_key("api", "x"))


def test_the_same_key_creates_once_and_a_different_request_is_refused(db, regions):
    from tests.factories import make_aspiration

    calls = []

    def create():
        calls.append(1)
        report = make_aspiration()
        Aspiration.objects.filter(pk=report.pk).update(idempotency_key="api:k1", request_fingerprint="f1")
        return report

    first, created = intake.intake_once(Aspiration, key="api:k1", request_fingerprint="f1", create=create)
    again, created_again = intake.intake_once(Aspiration, key="api:k1", request_fingerprint="f1", create=create)
    assert (created, created_again, again.pk, len(calls)) == (True, False, first.pk, 1)
    with pytest.raises(intake.IdempotencyConflict):
        intake.intake_once(Aspiration, key="api:k1", request_fingerprint="other", create=create)
    assert len(calls) == 1


def test_a_secret_is_bound_to_the_purpose_and_the_case():
    one = SimpleNamespace(pk=7, secret_salt="s", LINK_PURPOSE="aspiration")
    other_kind = SimpleNamespace(pk=7, secret_salt="s", LINK_PURPOSE="permohonan")
    assert tracking.check_secret(one, tracking.case_secret(one))
    assert not tracking.check_secret(other_kind, tracking.case_secret(one))
    assert not tracking.check_secret(one, "")
