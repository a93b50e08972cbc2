import pytest


@pytest.fixture(autouse=True)
def fresh_matcher_index():
    """Each test has its own database: the per-process index of an earlier test must not leak into it."""
    from jembatan.clarifications import matching

    matching._indexes.clear()
    yield
    matching._indexes.clear()
