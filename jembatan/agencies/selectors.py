from django.db.models import QuerySet

from jembatan.agencies.models import Agency


def agency_list(*, regency_code: str) -> QuerySet[Agency]:
    return Agency.objects.filter(regency_id=regency_code).order_by("name")
