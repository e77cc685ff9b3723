"""The user journeys of the browser: each one a person's task from the first click to the
figure they came for, against the live server, with the real login form and a real worker."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import browser_db, log_in_member

pytestmark = browser_db

CD_FILE = "iati/real/IATI-Datastore/iatilib-test-fixtures/CD.xml"
CD_ACTIVITIES = 205  # shared/iati/real/MANIFEST.md


def test_it_logs_in_through_the_form(page: Any, login, editor) -> None:
    login(editor)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_it_refuses_a_wrong_password(page: Any, editor) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill("edith")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_it_imports_a_real_file_through_the_upload_and_follows_its_progress(
    page: Any, login, editor, worker, shared_dir: Path
) -> None:
    login(editor)
    page.goto("/imports/")
    page.get_by_role("link", name=re.compile("Upload")).first.click()
    page.get_by_label("IATI activity file (.xml)").set_input_files(shared_dir / CD_FILE)
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("CD.xml")
    # The page follows the worker (polling the run's JSON) and reloads itself at the end.
    status = page.locator("#import-progress dd").first
    expect(status).to_have_text("Complete", timeout=120_000)

    from parity.activities.models import Activity, ImportRun

    run = ImportRun.objects.get()
    assert run.status == ImportRun.COMPLETE
    assert run.created + run.rejected == CD_ACTIVITIES
    assert Activity.objects.count() == run.created
    counts = page.locator("#import-progress").get_by_text(re.compile(r"\d+ created"))
    expect(counts).to_contain_text(f"{run.created} created, 0 updated, 0 unchanged")
    expect(counts).to_contain_text(f"{run.rejected} rejected")


def table_cell(text: str, kind: str) -> str:
    """A dashboard table cell as the CSV writes it: no thousands separators, shares as
    fractions, nothing for a missing value."""
    text = text.strip()
    if text == "—":
        return ""
    if text.endswith("%"):
        return f"{Decimal(text[:-1]) / 100}"
    return text.replace(",", "") if kind == "num" else text


def test_it_filters_the_dashboard_and_keeps_the_filters_in_the_address(page: Any, demo) -> None:
    page.goto("/dashboard/")
    country = page.get_by_label("Recipient country")
    code = country.locator("option").nth(1).get_attribute("value")
    country.select_option(code)
    page.locator("#f-basis").select_option("disbursements")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(rf"country={code}"))
    assert "basis=disbursements" in page.url
    expect(page.get_by_label("Recipient country")).to_have_value(code)
    expect(page.locator("#f-basis")).to_have_value("disbursements")
    # Every download link carries the same filters.
    for link in page.get_by_role("link", name="CSV").all():
        assert f"country={code}" in link.get_attribute("href")
    page.reload()
    expect(page.get_by_label("Recipient country")).to_have_value(code)


def test_it_downloads_a_figure_as_csv_with_the_rows_of_its_table(page: Any, demo) -> None:
    page.goto("/dashboard/?basis=commitments")
    section = page.locator("main section").filter(has=page.locator("tbody tr td.num")).first
    name = section.get_attribute("id")
    page.get_by_role("link", name=section.locator("h2").inner_text()).click()
    expect(page).to_have_url(re.compile(rf"#{name}$"))  # waits: the jump is not instant
    headers = section.locator("thead th")
    kinds = ["num" if "num" in (h.get_attribute("class") or "") else "" for h in headers.all()]
    shown = []
    for tr in section.locator("tbody tr").all():
        cells = zip(tr.locator("td").all(), kinds, strict=True)
        shown.append([table_cell(td.inner_text(), kind) for td, kind in cells])
    with page.expect_download() as waiting:
        section.get_by_role("link", name="CSV").click()
    download = waiting.value
    assert download.suggested_filename.startswith(name) and download.suggested_filename.endswith(
        ".csv"
    )
    with open(download.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    # The file's money columns name their currency, so that it stands alone.
    labels = [re.sub(r" \([A-Z]{3}\)$", "", h) for h in rows[0]]
    assert labels == [h.inner_text().strip() for h in headers.all()]
    assert len(rows) - 1 == len(shown) > 0
    for got, expected in zip(rows[1:], shown, strict=True):
        normalised = [
            str(Decimal(value).quantize(Decimal("0.001"))) if kind == "num" and value else value
            for value, kind in zip(got, kinds, strict=True)
        ]
        wanted = [
            str(Decimal(value).quantize(Decimal("0.001"))) if kind == "num" and value else value
            for value, kind in zip(expected, kinds, strict=True)
        ]
        assert normalised == wanted


def test_it_takes_a_stage_review_from_draft_to_approved(
    page: Any, login, demo, editor, reviewer
) -> None:
    from parity.activities.models import Activity

    activity = Activity.objects.filter(is_sample=True).order_by("iati_identifier").first()
    login(editor)
    page.goto(f"/activities/{activity.iati_identifier}/")
    page.get_by_role("link", name=re.compile("review", re.I)).first.click()
    page.get_by_role("button", name="Start the planning review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Planning review")
    for radio in page.locator("input[type=radio][value=met]").all():
        radio.check()
    for field in page.locator("input[name$='-text'], textarea[name$='-text']").all():
        field.fill("Seen in the appraisal report")
    page.locator("select[name=proposed_score]").select_option("1")
    page.locator("[name=justification]").fill("Savings groups for women traders.")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Comment (optional)").fill("Ready for review")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submitted")
    review_url = page.url

    login(reviewer)
    page.goto(review_url)
    page.locator("#approve-comment").fill("Agreed")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved")
    history = page.locator("table").last
    # The history in words: the first row naming each action is that action's.
    for action, who in [("Started", "edith"), ("Saved", "edith"), ("Submitted", "edith")]:
        expect(history.locator("tr", has_text=action).first).to_contain_text(who)
    expect(history.locator("tr", has_text="Agreed")).to_contain_text("rita")
    expect(history.locator("tr", has_text="Agreed")).to_contain_text("Approved")


def test_it_reads_a_pledges_progress(page: Any, demo) -> None:
    from parity.commitments.models import Pledge
    from parity.commitments.templatetags.pledges import percent
    from parity.commitments.tracking.pledge import pledge_report

    pledge = Pledge.objects.get(slug="oda-for-women-3bn-2016-2018")
    page.goto("/pledges/")
    page.get_by_role("link", name=pledge.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pledge.title)
    report = pledge_report(pledge)
    target = page.locator("table.targets tbody tr").first
    if report.money is not None:
        expect(target.locator("td").nth(2)).to_have_text(percent(report.money.progress.share))
        expect(target.locator("td").nth(3)).to_contain_text(str(report.money.status))
    else:
        expect(target).to_contain_text(str(report.money_problem))


def test_it_switches_the_interface_to_japanese(page: Any, demo) -> None:
    page.goto("/activities/")
    page.get_by_label("Language").select_option(label="日本語")
    page.locator("form:has(#language) button").click()
    navigation = page.get_by_role("navigation", name="メイン")
    expect(navigation.get_by_role("link", name="案件", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="ダッシュボード")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/activities/$"))  # the selector brings them back
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.goto("/dashboard/")  # and the choice is kept from page to page
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("ポートフォリオにおけるジェンダー平等")


def test_a_hotline_counsellor_logs_a_call_and_opens_a_case(page: Any, protection) -> None:
    log_in_member(page, protection["users"]["somsri"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Protection").click()
    page.get_by_role("link", name="Log a contact").first.click()
    topic = page.get_by_label("Topic")
    expect(topic).to_have_value("")  # no silent default in survivors' data
    topic.select_option("labour")
    page.get_by_label("Open a case from this contact").check()
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    expect(page.get_by_label("Exploitation type")).to_have_value("labour")  # from the call
    page.get_by_label("Given name").fill("Aye")
    page.get_by_label("Nationality").fill("MM")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case PT-")
    expect(page.get_by_text("Your agency owns this case.")).to_be_visible()
    profile = page.locator("dl.facts").first
    for words in ["Myanmar", "Labour exploitation", "Unknown"]:  # names, never codes
        expect(profile).to_contain_text(words)
    page.get_by_role("link", name="Cases").first.click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Open")
    expect(row).to_contain_text("Potential victim")


def test_a_receiving_agency_reads_the_sections_shared_with_it(page: Any, protection) -> None:
    case = protection["case"]
    log_in_member(page, protection["users"]["bounmy"])
    page.get_by_role("link", name=case).first.click()
    expect(
        page.get_by_text("Referred to your agency: you see only the shared sections.")
    ).to_be_visible()
    expect(page.locator("dl.facts").first).to_contain_text("Lao People's Democratic Republic")
    followups = page.get_by_role("heading", name="Reintegration follow-ups")
    expect(followups.locator("xpath=following-sibling::p[1]")).to_have_text("Not shared with you.")
    path = page.locator("tr", has_text="Hotline 1300")
    expect(path).to_contain_text(
        "Identifying details, Profile (sex, age band, nationality), Services"
    )
    expect(path).to_contain_text("Accepted")
    # The module's menu offers no page the role cannot open ...
    expect(page.locator("nav.protection-nav").get_by_role("link", name="Statistics")).to_have_count(
        0
    )
    # ... and such a page, reached anyway, is a page of the site saying who grants access.
    page.goto("/protection/statistics/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page.get_by_text("Ask your supervisor.", exact=False)).to_be_visible()
