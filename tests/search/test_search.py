"""The search service and selector: Indonesian stemming, ranking, snippets, hostile input."""

from __future__ import annotations

import pytest

from jembatan.search import selectors, services
from jembatan.search.models import SearchDocument
from jembatan.search.text import query_terms, stem_text

pytestmark = pytest.mark.django_db


def titles(page) -> list[str]:
    return [result.title for result in page.results]


def test_stems_inflected_indonesian_words_to_the_same_root():
    assert stem_text("pembangunan membangun dibangun") == "bangun bangun bangun"
    assert stem_text("Perbaikan jalan yang rusak") == "baik jalan yang rusak"


def test_query_drops_common_words_unless_they_are_all_there_is():
    assert query_terms("jalan yang rusak") == ["jalan", "rusak"]
    assert query_terms("yang") == ["yang"]
    assert query_terms("  ") == []


def test_an_inflected_query_finds_another_form_of_the_word(index_document):
    index_document("Kerja bakti warga", body="Warga membangun jembatan kayu di Bukit Intan.")
    index_document("Lomba kebersihan", body="Kelurahan paling bersih menerima hadiah.")

    page = selectors.search("pembangunan")

    assert titles(page) == ["Kerja bakti warga"]
    assert page.total == 1


def test_every_query_word_must_match(index_document):
    index_document("Laporan warga", body="Perbaikan jalan yang rusak di Gerunggang dimulai pekan depan.")
    index_document("Jalan sehat", body="Jalan sehat bersama wali kota.")
    index_document("Atap rusak", body="Atap sekolah rusak diterjang angin.")

    assert titles(selectors.search("jalan rusak")) == ["Laporan warga"]


def test_title_matches_rank_above_body_matches_and_ties_go_to_the_newest(index_document):
    index_document("Pengumuman lain", body="Sosialisasi vaksinasi di puskesmas.", days_ago=1)
    index_document("Vaksinasi anak sekolah", body="Jadwal untuk pelajar.", days_ago=30)
    index_document("Pengumuman terbaru", body="Sosialisasi vaksinasi di puskesmas.", days_ago=0)

    assert titles(selectors.search("vaksinasi")) == ["Vaksinasi anak sekolah", "Pengumuman terbaru", "Pengumuman lain"]


def test_kind_and_district_filters(index_document):
    index_document("Posyandu balita", kind="berita", district_code="19.71.01")
    index_document("KIM Posyandu", kind="kim", district_code="19.71.02", content_type="KIM")

    assert titles(selectors.search("posyandu", kind="kim")) == ["KIM Posyandu"]
    assert titles(selectors.search("posyandu", district_code="19.71.01")) == ["Posyandu balita"]
    assert len(selectors.search("posyandu").results) == 2


def test_snippet_marks_original_words_around_the_first_match(index_document):
    index_document(
        "Berita", body=" ".join(["kata"] * 50) + " warga membangun jembatan baru " + " ".join(["akhir"] * 50)
    )

    result = selectors.search("pembangunan").results[0]

    assert "<mark>membangun</mark> jembatan baru" in result.snippet_html
    assert result.snippet_html.startswith("… ")
    assert result.snippet_html.endswith(" …")
    assert result.snippet_html.count("kata") == 7  # eight words before the match, "warga" included


def test_snippet_escapes_document_text(index_document):
    index_document(
        "<b>Judul</b>",
        summary='Pembangunan <script>alert("x")</script> & <img src=x onerror=alert(1)> selesai',
    )

    result = selectors.search("bangun").results[0]

    assert "<script" not in result.snippet_html and "<img" not in result.snippet_html
    assert "&lt;script&gt;" in result.snippet_html
    assert "<mark>Pembangunan</mark>" in result.snippet_html
    assert result.title_html == "&lt;b&gt;Judul&lt;/b&gt;"


def test_snippet_shows_the_opening_when_only_the_title_matches(index_document):
    index_document("Festival budaya", summary="Acara tahunan di alun-alun kota.")

    result = selectors.search("festival").results[0]

    assert result.snippet_html == "Acara tahunan di alun-alun kota."
    assert result.title_html == "<mark>Festival</mark> budaya"


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(", "-", "AND OR", "NOT", "a:b", "title:x", "(((", "')", "\\", "&|!", "'':*", "^", "\x00",
     "OR", 'jalan" OR "x', "jalan*", "<->", "!jalan", "x" * 5000, "🙂", "{}", "[", "%", "_"],
)  # fmt: skip
def test_query_syntax_in_user_input_is_inert(index_document, query):
    index_document("Jalan rusak", body="and or not near")

    page = selectors.search(query)

    assert page.total >= 0


def test_operators_are_searched_as_words(index_document):
    index_document("Rapat", body="Notulen: and or near")
    index_document("Lain", body="Tidak ada")

    assert titles(selectors.search("AND OR")) == ["Rapat"]
    assert titles(selectors.search("NEAR(")) == ["Rapat"]


def test_upsert_replaces_and_remove_forgets(index_document):
    index_document("Lama", body="banjir", key="a")
    index_document("Baru", body="kebakaran", key="a")

    assert SearchDocument.objects.count() == 1
    assert titles(selectors.search("banjir")) == []
    assert titles(selectors.search("kebakaran")) == ["Baru"]

    assert services.document_remove(kind="berita", key="a") is True
    assert services.document_remove(kind="berita", key="a") is False
    assert titles(selectors.search("kebakaran")) == []


def test_documents_replace_rebuilds_a_kind_only(index_document):
    index_document("Berita banjir", body="banjir")
    index_document("KIM lama", body="banjir", kind="kim", key="old")

    services.documents_replace(
        kind="kim",
        documents=[
            {"key": "new", "title": "KIM baru", "summary": "siaga banjir", "body": "", "url": "/kim/baru/",
             "published_at": None, "regency_code": "19.71"}
        ],
    )  # fmt: skip

    assert sorted(titles(selectors.search("banjir"))) == ["Berita banjir", "KIM baru"]


def test_count_is_capped_and_pages_stop_at_the_cap(index_document, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    for n in range(8):
        index_document(f"Banjir {n}")

    page = selectors.search("banjir", per_page=2)
    assert page.total == 6 and page.total_is_capped
    assert page.paginator.num_pages == 3
    last = selectors.search("banjir", per_page=2, page=99)
    assert last.number == 3 and not last.has_next()


def test_pagination_walks_every_result_once(index_document):
    for n in range(5):
        index_document(f"Banjir {n}", days_ago=n)

    first = selectors.search("banjir", per_page=2)
    third = selectors.search("banjir", per_page=2, page=3)

    assert first.total == 5 and first.has_next() and not first.has_previous()
    assert titles(first) == ["Banjir 0", "Banjir 1"]
    assert titles(third) == ["Banjir 4"] and not third.has_next()


def test_a_query_without_words_touches_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = selectors.search("  !!! ")
    assert page.total == 0 and page.results == []


@pytest.mark.parametrize("size", [10, 1000])
def test_a_search_costs_the_same_queries_at_any_size(db, size, django_assert_max_num_queries):
    services.documents_replace(
        kind="berita",
        documents=(
            {"key": str(n), "title": f"Pembangunan jalan {n}", "summary": "Warga membangun jalan.", "body": "",
             "url": f"/berita/{n}/", "published_at": None, "regency_code": "19.71"}
            for n in range(size)
        ),
    )  # fmt: skip

    with django_assert_max_num_queries(3):
        page = selectors.search("bangun jalan", page=2)

    assert page.total == size
    assert len(page.results) == min(20, max(0, size - 20))


def test_beyond_the_cap_only_the_newest_matches_are_ranked(index_document, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    index_document("Banjir besar", days_ago=30)  # the best match, but older than the newest three
    for n in range(3):
        index_document(f"Dokumen {n}", body="banjir", days_ago=n)

    page = selectors.search("banjir")

    assert page.total_is_capped
    assert "Banjir besar" not in titles(page)


def test_when_nothing_holds_every_word_the_results_holding_most_of_them_come_first(index_document):
    index_document("Banjir di Gerunggang", body="Air meluap setelah hujan deras; saluran tersumbat.")
    index_document("Jalan rusak dan banjir", body="Jalan berlubang tergenang setiap banjir.")
    index_document("Lomba kebersihan", body="Kelurahan paling bersih menerima hadiah.")

    page = selectors.search("jalan rusak banjir longsor")

    assert page.matched_any
    assert titles(page) == ["Jalan rusak dan banjir", "Banjir di Gerunggang"]
    assert page.total == 2


def test_all_words_still_wins_when_something_holds_them_all(index_document):
    index_document("Jalan rusak dan banjir", body="Jalan berlubang tergenang setiap banjir.")
    index_document("Banjir di Gerunggang", body="Air meluap setelah hujan deras.")

    page = selectors.search("jalan banjir")

    assert not page.matched_any
    assert titles(page) == ["Jalan rusak dan banjir"]


def test_the_fallback_keeps_the_query_count_constant(db, django_assert_max_num_queries):
    services.documents_replace(
        kind="berita",
        documents=(
            {"key": str(n), "title": f"Banjir {n}", "summary": "Air meluap.", "body": "", "url": f"/berita/{n}/",
             "published_at": None, "regency_code": "19.71"}
            for n in range(200)
        ),
    )  # fmt: skip
    with django_assert_max_num_queries(4):
        page = selectors.search("banjir longsor", page=2)
    assert page.matched_any and page.total == 200
