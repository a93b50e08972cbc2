"""The public REST API under /api/v1/, with its OpenAPI document and interactive docs."""

from django.http import Http404
from django.utils.translation import gettext
from ninja import NinjaAPI

from jembatan import __version__
from jembatan.communities.api import router as communities_router
from jembatan.core.api import router as calendar_router
from jembatan.regions.api import router as regions_router

api = NinjaAPI(
    title="Jembatan API",
    version=__version__,
    description=(
        "Public data of the Jembatan KIM platform: regions (Kemendagri codes), the KIM directory (public fields "
        "only) and coverage against the target. Region data © idn-area-data contributors, ODbL 1.0."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", regions_router)
api.add_router("/", communities_router)
api.add_router("/", calendar_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)
