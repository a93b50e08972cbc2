from jembatan.core import tenancy
from jembatan.core.sitemaps import PublicSitemap
from jembatan.literacy import selectors


class EventSitemap(PublicSitemap):
    def items(self):
        return selectors.public_events(regency_code=tenancy.regency_code()).select_related(None)

    def lastmod(self, event):
        return event.updated_at
