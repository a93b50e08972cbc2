"""The public library (``/cek-fakta/``): the list by verdict, each claim's page with ClaimReview JSON-LD and
the text to share on WhatsApp, and the feeds (RSS, Atom, JSON Feed)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from jembatan.accounts.permissions import PUBLIC, require_access
from jembatan.clarifications import selectors, services
from jembatan.clarifications.models import Verdict
from jembatan.core import tenancy
from jembatan.core.cache import public_page
from jembatan.core.jsonld import json_ld
from jembatan.core.pagination import CappedPaginator

PAGE_SIZE = 20
FEED_SIZE = 30


@require_access(PUBLIC)
@public_page
def list_view(request):
    verdict = request.GET.get("putusan", "")[:30]
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    rows = selectors.public_claims(regency_code=tenancy.regency_code(), verdict=verdict, query=query)
    # Counted up to a cap: an exact count of 100,000 clarifications cost more than the page (51 ms).
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query_string = urlencode({k: v for k, v in (("putusan", verdict), ("q", query)) if v})
    return render(request, "clarifications/list.html", {
        "page": page, "verdicts": Verdict.objects.all(), "verdict": verdict, "query": query,
        "query_string": query_string,
    })  # fmt: skip


def claim_review(request, claim) -> dict:
    """schema.org ClaimReview (FACTS-WAVE2 §D): what search engines and fact-check tools read."""
    url = request.build_absolute_uri(claim.get_absolute_url())
    organisation = {"@type": "Organization", "name": tenancy.organisation(claim.regency_id),
                    "url": request.build_absolute_uri("/")}  # fmt: skip
    return {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": url,
        "claimReviewed": claim.circulated_text[:500], "datePublished": timezone.localtime(claim.published_at).date().isoformat(),
        "author": organisation,
        "reviewRating": {"@type": "Rating", "ratingValue": claim.verdict.rating, "bestRating": 5, "worstRating": 1,
                         "alternateName": claim.verdict.label},
        "itemReviewed": {"@type": "Claim", "datePublished": claim.first_seen.isoformat(),
                         "firstAppearance": {"@type": "CreativeWork", "name": claim.seen_where},
                         "author": {"@type": "Person", "name": _("Unknown (a forwarded message)")}},
    }  # fmt: skip


@require_access(PUBLIC)
@public_page
def claim_view(request, slug: str):
    claim = selectors.public_claim(regency_code=tenancy.regency_code(), slug=slug)
    if claim is None:
        raise Http404
    url = request.build_absolute_uri(claim.get_absolute_url())
    share = services.whatsapp_text(claim, url)
    ld = json_ld(claim_review(request, claim))
    return render(request, "clarifications/claim.html", {
        "claim": claim, "json_ld": ld, "share_text": share, "share_url": "https://wa.me/?text=" + quote(share),
    })  # fmt: skip


def _feed_items(request):
    return list(selectors.public_claims(regency_code=tenancy.regency_code())[:FEED_SIZE])


def _syndication(request, feed_class) -> HttpResponse:
    feed = feed_class(
        title=_("Hoax clarifications: %(site)s") % {"site": tenancy.organisation()},
        link=request.build_absolute_uri(reverse("clarifications:list")),
        description=_("Messages that circulated, checked: the verdict and the facts."),
        language="id", feed_url=request.build_absolute_uri(request.path),
    )  # fmt: skip
    for claim in _feed_items(request):
        feed.add_item(
            title=f"[{claim.verdict.label}] {claim.title}", link=request.build_absolute_uri(claim.get_absolute_url()),
            description=claim.explanation, pubdate=claim.published_at, updateddate=claim.updated_at,
            unique_id=request.build_absolute_uri(claim.get_absolute_url()), categories=[claim.verdict.label],
        )  # fmt: skip
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response


@require_access(PUBLIC)
@public_page
def rss_view(request):
    return _syndication(request, Rss201rev2Feed)


@require_access(PUBLIC)
@public_page
def atom_view(request):
    return _syndication(request, Atom1Feed)


@require_access(PUBLIC)
@public_page
def json_view(request):
    """JSON Feed 1.1."""
    items = [
        {"id": request.build_absolute_uri(c.get_absolute_url()), "url": request.build_absolute_uri(c.get_absolute_url()),
         "title": f"[{c.verdict.label}] {c.title}", "content_text": c.explanation,
         "date_published": c.published_at.isoformat(), "tags": [c.verdict.label]}
        for c in _feed_items(request)
    ]  # fmt: skip
    data = {"version": "https://jsonfeed.org/version/1.1", "title": _("Hoax clarifications"),
            "home_page_url": request.build_absolute_uri(reverse("clarifications:list")),
            "feed_url": request.build_absolute_uri(request.path), "language": "id", "items": items}  # fmt: skip
    return JsonResponse(data, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False})


@require_access(PUBLIC)
def check_view(request):
    """ "Cek pesan ini" on the web: paste a message, see the clarifications it is about."""
    from django.core.exceptions import RequestDataTooBig

    from jembatan.clarifications.forms import CheckForm
    from jembatan.core.errors import DomainError
    from jembatan.core.middleware import client_ip_from_request
    from jembatan.core.ratelimit import allow

    try:
        data = request.POST if request.method == "POST" else None
    except RequestDataTooBig:
        return render(request, "clarifications/check.html", {
            "form": CheckForm(), "refused": _("The message is too long to check. Paste the part that matters."),
        }, status=413)  # fmt: skip
    kims = selectors.officer_kims(request.user)
    form = CheckForm(data, request.FILES if data is not None else None, kims=kims)
    result = None
    if data is not None and form.is_valid():
        if not allow(f"factcheck-web:{client_ip_from_request(request)}", limit=120, window_seconds=3600):
            form.add_error(None, _("Too many requests from this connection in the last hour. Please try again later."))
        else:
            c = form.cleaned_data
            try:
                result = services.check_message(
                    text=c["text"], regency_code=tenancy.regency_code(), source="web", image=c.get("image"),
                    contact_channel="email" if c.get("email") else "", contact_address=c.get("email", ""),
                    consent=bool(c.get("consent") and c.get("email")), kim_id=c.get("kim"),
                )  # fmt: skip
            except DomainError as exc:
                form.add_error("text", exc.message)
    return render(request, "clarifications/check.html", {"form": form, "result": result})


@require_access(PUBLIC)
def image_view(request, slug: str):
    from django.http import FileResponse

    claim = selectors.public_claim(regency_code=tenancy.regency_code(), slug=slug)
    if claim is None or not claim.image:
        raise Http404
    response = FileResponse(claim.image.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response
