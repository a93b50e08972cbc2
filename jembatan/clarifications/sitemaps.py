from jembatan.clarifications import selectors
from jembatan.core import tenancy
from jembatan.core.sitemaps import PublicSitemap


class ClaimSitemap(PublicSitemap):
    """No lastmod: the sitemap index reads no row of this section (a constant number of queries)."""

    def items(self):
        return selectors.public_claims(regency_code=tenancy.regency_code()).select_related(None)
