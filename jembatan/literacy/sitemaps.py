from jembatan.core import tenancy
from jembatan.core.sitemaps import PublicSitemap
from jembatan.literacy import selectors


class EventSitemap(PublicSitemap):
    """No lastmod: the sitemap index reads no row of this section (a constant number of queries)."""

    def items(self):
        return selectors.public_events(regency_code=tenancy.regency_code()).select_related(None)
