import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from jembatan.core.cache import clear_local_public_cache

# The read-replica tests need a real streaming replica: `make test-replica` (tools/replica_tests.py) makes
# one and runs them; CI does so after `make test`.
collect_ignore = [] if os.environ.get("DATABASE_REPLICA_URLS") else ["replica"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped Pangkalpinang regions once for the whole session."""
    with django_db_blocker.unblock():
        call_command("import_regions", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    clear_local_public_cache()
    yield
    cache.clear()
    clear_local_public_cache()


@pytest.fixture
def regions(db):
    """The regions are loaded at session start; this fixture only marks that a test needs them."""
    return "19.71"


@pytest.fixture
def english():
    """Run the test in English, to match messages by their source text (the default language is Indonesian)."""
    with translation.override("en"):
        yield
