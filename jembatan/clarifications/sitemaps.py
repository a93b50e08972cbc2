from jembatan.clarifications import selectors
from jembatan.core import tenancy
from jembatan.core.sitemaps import PublicSitemap


class ClaimSitemap(PublicSitemap):
    def items(self):
        return selectors.public_claims(regency_code=tenancy.regency_code()).select_related(None)

    def lastmod(self, claim):
        return claim.updated_at
