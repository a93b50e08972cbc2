import pytest

from jembatan.core.pagination import CappedPaginator
from jembatan.regions.models import Village


@pytest.mark.django_db
def test_counts_stop_at_the_cap(regions):
    villages = Village.objects.filter(district__regency_id="19.71").order_by("code")  # 42 rows
    capped = CappedPaginator(villages, 10, cap=25)
    assert capped.is_capped and capped.count == 25 and capped.num_pages == 3
    assert len(capped.get_page(99).object_list) == 5  # the last page stops at the cap
    exact = CappedPaginator(villages, 10, cap=100)
    assert not exact.is_capped and exact.count == 42 and exact.num_pages == 5


@pytest.mark.django_db
def test_the_public_lists_say_when_they_are_capped(client, regions, monkeypatch):
    from jembatan.core import pagination
    from tests.factories import make_item

    monkeypatch.setattr(pagination, "PUBLIC_LIST_CAP", 2)
    monkeypatch.setattr(CappedPaginator.__init__, "__kwdefaults__", {"cap": 2})
    for n in range(3):
        make_item(title=f"Berita uji {n}")
    html = client.get("/berita/").content.decode()
    assert "Lebih dari 2" in html or "More than 2" in html
