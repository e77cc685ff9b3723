"""Real files are hostile data: after importing every file in shared/iati/real/, every page,
API answer and export that shows an imported activity answers without a server error, and the
IATI export holds only codes that are in their codelist.

The API endpoints are taken from the OpenAPI document, so a new GET endpoint is requested too
(or the test says it does not know how to fill in its path).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from parity.activities.models import Activity, ImportRun, Organisation
from parity.api.models import ApiToken
from parity.iati.validation import validate_activities_xml
from tests.iati.official_codes import bad_codes
from tests.iati.writer_support import SCHEMA_203, SHARED

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
REAL = SHARED / "iati" / "real"
WORLD_BANK_1X = REAL / "D-Portal" / "ctrack-test" / "test_activities.xml"


def import_files(paths: list[Path]) -> None:
    """Import each file, then build the figures from them, as an operator would."""
    for path in paths:
        try:
            call_command("import_iati", str(path), stdout=StringIO(), stderr=StringIO())
        except SystemExit as stop:  # a broken or refused file: the others still import
            assert stop.code == 1
    call_command("refresh_figures", stdout=StringIO())


def real_files() -> list[Path]:
    return sorted(REAL.rglob("*.xml"))


class Failures:
    """Requests that failed: collected, so one run names them all."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.requests = 0

    def get(self, client: Client, url: str, who: str) -> Any:
        response = client.get(url)
        self.requests += 1
        if response.status_code >= 500:
            self.found.append(f"{response.status_code} {url} ({who})")
        return response


PUBLIC_API = ("/api/activities", "/api/figures", "/api/pledges")


def api_paths(client: Client) -> list[str]:
    schema = client.get("/api/openapi.json").json()
    return [path for path, operations in schema["paths"].items() if "get" in operations]


def path_values(client: Client) -> dict[str, list[str]]:
    """What to put in each path parameter of the API: every imported thing of that kind."""
    figures = client.get("/api/figures").json()["figures"]
    pledges = client.get("/api/pledges?limit=500").json()["items"]
    reviews = client.get("/api/reviews?limit=500").json()["items"]
    return {
        "/api/activities/{identifier}": list(
            Activity.objects.values_list("iati_identifier", flat=True)
        ),
        "/api/imports/{pk}": [str(pk) for pk in ImportRun.objects.values_list("pk", flat=True)],
        "/api/figures/{name}": list(figures),
        "/api/pledges/{slug}": [p["slug"] for p in pledges],
        "/api/reviews/{pk}": [str(r["id"]) for r in reviews],
    }


def api_urls(client: Client) -> Iterator[str]:
    values = path_values(client)
    for path in api_paths(client):
        if "{" not in path:
            yield f"{path}?limit=500" if _paginated(path) else path
            continue
        assert path in values, f"the test does not know what to put in {path}: add it"
        for value in values[path]:
            yield re.sub(r"\{[^}]+\}", value, path)


def _paginated(path: str) -> bool:
    return path in {"/api/activities", "/api/imports", "/api/pledges", "/api/reviews"}


def page_urls() -> Iterator[str]:
    count = Activity.objects.count()
    yield from ("/", "/dashboard/", "/dashboard/figures.json", "/imports/", "/pledges/")
    yield from ("/mainstreaming/portfolio/", "/mainstreaming/portfolio/export.csv")
    yield "/dashboard/activities.xml"
    yield from (f"/activities/?page={n}" for n in range(1, count // 20 + 2))
    for identifier in Activity.objects.values_list("iati_identifier", flat=True):
        yield f"/activities/{identifier}/"
        yield f"/mainstreaming/activities/{identifier}/"
    for pk in ImportRun.objects.values_list("pk", flat=True):
        yield f"/imports/{pk}/"


@pytest.fixture
def administrator(db) -> User:
    return User.objects.create_superuser("ada", "ada@example.org", None)


def test_it_maps_the_1x_organisation_type_words_to_their_codes() -> None:
    import_files([WORLD_BANK_1X])
    world_bank = Organisation.objects.get(ref="44000")
    assert world_bank.type == "40"  # reporting-org type="Multilateral"
    assert set(Organisation.objects.values_list("type", flat=True)) <= {"", "10", "21", "40"}


def test_it_serves_the_1x_world_bank_activities() -> None:
    import_files([WORLD_BANK_1X])
    client, failures = Client(), Failures()
    failures.get(client, "/api/activities?limit=500", "anonymous")
    for identifier in Activity.objects.values_list("iati_identifier", flat=True):
        failures.get(client, f"/api/activities/{identifier}", "anonymous")
    assert failures.found == []


def test_it_serves_every_page_and_api_answer_for_every_real_activity(
    administrator: User,
) -> None:
    import_files(real_files())
    assert Activity.objects.count() > 700
    failures = Failures()
    anonymous, staff = Client(), Client()
    staff.force_login(administrator)
    token = ApiToken.issue(administrator, "tests")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    # Each page once, as whoever sees the most of it: the administrator for pages; for the
    # API, anyone where its answers are public, else the administrator's token.
    for url in api_urls(api):
        failures.get(anonymous if url.startswith(PUBLIC_API) else api, url, "API")
    for url in page_urls():
        failures.get(staff, url, "administrator")
    assert failures.requests > 3 * Activity.objects.count()
    assert failures.found == []


def test_the_export_of_every_real_activity_is_valid_with_only_listed_codes(
    tmp_path: Path,
) -> None:
    import_files(real_files())
    out = tmp_path / "all.xml"
    call_command("export_iati", "--output", str(out), stdout=StringIO())
    assert validate_activities_xml(out, SCHEMA_203) == []
    assert bad_codes(out) == []


def test_the_web_export_is_the_same_checked_file() -> None:
    import_files([WORLD_BANK_1X])
    response = Client().get("/dashboard/activities.xml")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert validate_activities_xml(body, SCHEMA_203) == []
    assert bad_codes(body) == []
    assert b"<iati-activity " in body  # the activities the figures count
