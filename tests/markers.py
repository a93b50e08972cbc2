"""Markers shared by the test modules."""

import pytest
from django.db import connection

# Races between writers need a real PostgreSQL; CI runs the suite there and fails if anything is skipped.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite serialises writers, so there is no race to test",
)
