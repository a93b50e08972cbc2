"""While the database restarts, clients are told to retry (503 + Retry-After), not that the server failed."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from jembatan.aspirations import selectors as aspiration_selectors


@pytest.fixture
def client_without_raising(db):
    return Client(raise_request_exception=False)


def _database_down(*args, **kwargs):
    raise OperationalError("the connection is closed")


def test_a_page_answers_503_with_retry_after_while_the_database_is_down(client_without_raising, monkeypatch):
    monkeypatch.setattr(aspiration_selectors, "aspiration_public_list", _database_down)
    response = client_without_raising.get("/aspirasi/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Layanan sedang tidak tersedia sebentar" in body
    assert "<html lang=" in body


def test_the_api_answers_503_json_with_retry_after(client_without_raising, monkeypatch):
    monkeypatch.setattr(aspiration_selectors, "aspiration_public_list", _database_down)
    response = client_without_raising.get("/api/v1/aspirations")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["retry_after"] == int(response["Retry-After"])
    assert "coba lagi" in response.json()["detail"]


def test_a_fault_in_the_code_is_still_a_500(client_without_raising, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(aspiration_selectors, "aspiration_public_list", broken)
    response = client_without_raising.get("/aspirasi/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Terjadi gangguan" in response.content.decode()
