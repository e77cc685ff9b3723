"""The dashboard's figures through the API, with the analytics filters' own checks."""

from __future__ import annotations

import pytest

from parity.analytics import definitions


def test_it_gives_every_figure_with_its_basis(client, activities):
    response = client.get("/api/figures")
    assert response.status_code == 200
    body = response.json()
    assert set(body["figures"]) == set(definitions.FIGURES)
    assert body["basis"]["flow"] == "commitments"


def test_it_gives_one_figure(client, activities):
    name = next(iter(definitions.FIGURES))
    body = client.get(f"/api/figures/{name}?basis=disbursements").json()
    assert body["name"] == name


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=XX", "country"),
        ("basis=pledges", "basis"),
        ("year_from=20x6", "year_from"),
        ("year_from=2020&year_to=2010", "year_to"),
        ("reporting_org=NOBODY", "reporting_org"),
        ("sector=%00", "sector"),
    ],
)
def test_it_refuses_a_bad_filter_naming_it(client, db, query, field):
    response = client.get(f"/api/figures?{query}")
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_an_unknown_figure_is_a_404(client, db):
    response = client.get("/api/figures/nothing-like-it")
    assert response.status_code == 404
    assert response.json()["field"] == "name"
