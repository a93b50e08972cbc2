"""A kernel that breaks its layer: it imports a capability (the test expects import-linter to refuse it)."""

from fakeproj.newsroom import views  # noqa: F401
