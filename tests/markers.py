"""Markers shared by the test modules."""

import pytest
from django.conf import settings
from django.db import connection

# Races between writers need a real PostgreSQL; CI runs the suite there and fails if anything is skipped.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises writers, so there is no race to test",
)

# The broker-backed outbox queue is a Redis stream; CI runs the suite with REDIS_URL and fails on any skip.
needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="needs Redis (REDIS_URL=redis://...): the queue under test is a Redis stream",
)
