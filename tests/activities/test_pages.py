"""The server-rendered pages: lists with filters and pagination, details, imports, errors."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from parity.activities.loader import ActivityLoader
from parity.commitments.seed import load_seed
from parity.sample import generate_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_seed()
    ActivityLoader(is_sample=True).load(generate_portfolio(60))


def test_the_activity_list_filters_by_marker_and_labels_sample_data(client: Client, demo) -> None:
    page = client.get("/activities/", {"marker": "none", "sample": "exclude"}).content.decode()
    assert "PARITY-SEED-JICA-TIP-VN-HOTLINE" in page
    assert "sample data" not in page.split("<tbody>")[1]
    sample_page = client.get("/activities/", {"sample": "only"}).content.decode()
    assert "sample data" in sample_page.split("<tbody>")[1]


def test_the_activity_list_searches_titles(client: Client, demo) -> None:
    page = client.get("/activities/", {"q": "Hotline"}).content.decode()
    assert "PARITY-SEED-JICA-TIP-VN-HOTLINE" in page
    assert "PARITY-SEED-JICA-TIP-MM" not in page


def test_the_activity_list_paginates_and_refuses_pages_past_the_end(client: Client, demo) -> None:
    from parity.activities.models import Activity

    total = Activity.objects.count()
    page = client.get("/activities/").content.decode()
    assert f"1\u201350 of {total}" in page
    assert 'rel="next"' in page and ">Last</a>" in page and 'aria-current="page"' in page
    assert client.get("/activities/", {"page": "2"}).status_code == 200
    assert client.get("/activities/", {"page": "3"}).status_code == 404
    assert client.get("/activities/", {"page": "abc"}).status_code == 404


def test_unknown_filter_values_give_an_empty_list_not_an_error(client: Client, demo) -> None:
    response = client.get("/activities/", {"marker": "7", "country": "ZZZZ", "status": "x"})
    assert response.status_code == 200


def test_an_activity_page_shows_its_parts(client: Client, demo) -> None:
    page = client.get("/activities/PARITY-SEED-JICA-TIP-GMS/").content.decode()
    assert "Greater Mekong" in page and "TH" in page and "LA" in page
    assert "not screened" in page
    assert "Seed, column on JICA" in page


def test_an_unknown_activity_is_a_404(client: Client, demo) -> None:
    assert client.get("/activities/NOPE-1/").status_code == 404


def test_the_pledge_page_shows_targets_and_the_reported_status(client: Client, demo) -> None:
    page = client.get("/pledges/g7-ise-shima-officials-and-students-2016-2018/").content.decode()
    assert "5,000" in page and "50,000" in page
    assert "Being steadily implemented" in page
    assert "G7 Ise-Shima Summit" in page


def test_the_framework_page_lists_pillars_and_pledges(client: Client, demo) -> None:
    page = client.get("/frameworks/gender-strategy-2016/").content.decode()
    assert "Promotion of women&#x27;s and girls&#x27; rights" in page
    assert "Over US$3 billion" in page


def test_the_event_page_shows_participants_and_outcome_documents(client: Client, demo) -> None:
    page = client.get("/events/waw-2017/").content.decode()
    assert "2,400" in page
    g7 = client.get("/events/g7-ise-shima-2016/").content.decode()
    assert "WINDS" in g7


def test_the_admin_lists_every_model(admin_client: Client) -> None:
    from django.apps import apps
    from django.contrib import admin

    for app in ("activities", "commitments"):
        for model in apps.get_app_config(app).get_models():
            assert model in admin.site._registry, model.__name__
    session = admin_client.session  # a superuser passes the protection second factor first
    session["protection_2fa"] = int(session["_auth_user_id"])
    session.save()
    assert admin_client.get("/admin/activities/activity/").status_code == 200


def test_the_import_pages_keep_their_addresses_and_names() -> None:
    from django.urls import reverse

    assert reverse("import-list") == "/imports/"
    assert reverse("import-upload") == "/imports/upload/"
    assert reverse("import-detail", args=[7]) == "/imports/7/"
    assert reverse("import-retry", args=[7]) == "/imports/7/retry/"
    assert reverse("activities:detail", args=["XM-1"]) == "/activities/XM-1/"


@pytest.mark.parametrize(
    ("role", "sees_name"),
    [(None, False), ("outsider", False), ("viewer", True), ("administrator", True)],
)
def test_an_uploaders_name_is_shown_to_staff_only(client: Client, role, sees_name) -> None:
    from parity.activities.models import ImportRun
    from tests.mainstreaming.conftest import make_user

    run = ImportRun.objects.create(started_by="edith.uploader", upload_name="a.xml")
    if role:
        client.force_login(make_user("someone", None if role == "outsider" else role))
    page = client.get(f"/imports/{run.pk}/").content.decode()
    api = client.get(f"/api/imports/{run.pk}").json()
    assert ("edith.uploader" in page) is sees_name
    assert api["started_by"] == ("edith.uploader" if sees_name else None)


@pytest.mark.parametrize(
    "identifier",
    ["XM-1/../2", "XM-1/..", "../XM-1", "XM-1/./2", "XM-1/%2e%2e/2", "XM 1/..%2F/x?y#z", "XM%41"],
)
def test_an_identifier_with_dot_segments_gets_a_working_link(client: Client, identifier) -> None:
    from django.urls import reverse

    from tests.mainstreaming.conftest import small_activity

    ActivityLoader().load([small_activity(identifier)])
    listing = client.get("/activities/").content.decode()
    href = re.search(r'<td><a href="([^"]+)">', listing).group(1).replace("&amp;", "&")
    asked = as_a_browser_asks(href)
    response = client.get(asked)
    assert response.status_code == 200, (href, asked)
    assert response.resolver_match.view_name == "activities:detail", (href, asked)
    assert response.resolver_match.kwargs["identifier"] == identifier
    reviews = client.get(reverse("mainstreaming:activity", args=[identifier]))
    assert reviews.status_code in (200, 302), reviews  # 302: the login page


def as_a_browser_asks(href: str) -> str:
    """The path a browser sends for a link: dot segments resolved, "%2e" counting as a dot
    (the WHATWG URL standard), the fragment dropped."""
    path, _, query = href.partition("#")[0].partition("?")
    kept: list[str] = []
    segments = path.split("/")
    for n, segment in enumerate(segments):
        dots = segment.lower().replace("%2e", ".")
        last = n == len(segments) - 1
        if dots == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        elif dots == ".":
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/".join(kept) + (f"?{query}" if query else "")


def test_the_import_pages_speak_of_iati_and_crs_alike(client: Client) -> None:
    from tests.mainstreaming.conftest import make_user

    client.force_login(make_user("edna", "editor"))
    listing = client.get("/imports/").content.decode()
    assert "<h1>Imports</h1>" in listing
    assert "Upload IATI or CRS files" in listing
    assert "<code>parity import-crs</code>" in listing
    upload = client.get("/imports/upload/").content.decode()
    assert "a zip of IATI activity files" in upload
    assert "<code>parity import-iati FILE</code>" in upload
    assert "<code>parity import-crs FILE</code>" in upload


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Choose an IATI or CRS file to upload."),
        ("ja", "アップロードする IATI または CRS ファイルを選んでください。"),
        ("th", "เลือกไฟล์ IATI หรือ CRS ที่จะอัปโหลด"),
    ],
)
def test_an_upload_without_a_file_is_refused_in_the_readers_language(
    client: Client, language: str, expected: str
) -> None:
    from tests.mainstreaming.conftest import make_user

    client.force_login(make_user("edna", "editor"))
    response = client.post("/imports/upload/", {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert expected in response.content.decode()
