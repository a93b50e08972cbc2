"""The public REST API under /api/v1/, with its OpenAPI document and interactive docs."""

from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from jembatan import __version__
from jembatan.core.api import router as calendar_router
from jembatan.core.registry import api_routers
from jembatan.regions.api import router as regions_router

api = NinjaAPI(
    title="Jembatan API",
    version=__version__,
    description=(
        "Public data of the Jembatan KIM platform: regions (Kemendagri codes), the KIM directory (public fields "
        "only), coverage against the target, aspirations and complaints (public reports without their "
        "reporters' identity, submitting with an Idempotency-Key, the reporter's private view), and published "
        "news. Region data © idn-area-data contributors, ODbL 1.0."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/", regions_router)
api.add_router("/", calendar_router)
for router_path in api_routers():
    api.add_router("/", import_string(router_path))


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": gettext("Not found.")}, status=404)


def _validation_message(error: dict) -> str:
    """A translated message for a request that did not match the operation's parameters or body."""
    kind = error.get("type", "")
    ctx = {key: str(value).replace(" or ", ", ") for key, value in (error.get("ctx") or {}).items()}
    if kind == "value_error" and ctx.get("error"):
        return ctx["error"]
    if "Idempotency-Key" in error.get("loc", ()):
        return gettext("Send an Idempotency-Key header of 8 to 80 characters: letters, digits, '-' or '_'.")
    messages = {
        "missing": gettext("This field is required."),
        "string_type": gettext("Enter text."),
        "string_too_long": gettext("Use at most %(max_length)s characters."),
        "string_too_short": gettext("Use at least %(min_length)s characters."),
        "string_pattern_mismatch": gettext("The value does not have the expected format."),
        "literal_error": gettext("Choose one of: %(expected)s."),  # pydantic's "'a' or 'b'" becomes "'a', 'b'"
        "enum": gettext("Choose one of: %(expected)s."),
        "greater_than_equal": gettext("The value must be at least %(ge)s."),
        "greater_than": gettext("The value must be greater than %(gt)s."),
        "less_than_equal": gettext("The value must be at most %(le)s."),
        "less_than": gettext("The value must be less than %(lt)s."),
        "json_invalid": gettext("The request body is not valid JSON."),
        "model_attributes_type": gettext("Send a JSON object."),
        "dict_type": gettext("Send a JSON object."),
        "model_type": gettext("Send a JSON object."),
        "list_type": gettext("Send a list."),
    }
    if kind in messages:
        try:
            return messages[kind] % ctx
        except (KeyError, ValueError, TypeError):
            return messages[kind].split("%")[0].strip(" :")
    prefix = kind.split("_")[0]
    by_prefix = {
        "int": gettext("Enter a whole number."),
        "float": gettext("Enter a number."),
        "decimal": gettext("Enter a number."),
        "bool": gettext("Enter true or false."),
        "date": gettext("Enter a date as YYYY-MM-DD."),
        "datetime": gettext("Enter a date and time in ISO 8601 format."),
    }
    return by_prefix.get(prefix, gettext("This value is not valid."))


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    """Ninja's 422 shape ({"detail": [{"type", "loc", "msg", ...}]}) with the message in the visitor's language."""
    errors = [{**error, "msg": _validation_message(error)} for error in exc.errors]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = str(exc)
    if message.startswith("Cannot parse request body"):
        message = gettext("The request body is not valid JSON.")
    return api.create_response(request, {"detail": message}, status=exc.status_code)
