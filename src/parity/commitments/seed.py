"""Loading the source document's facts (data/seed.json): frameworks, events, pledges and the
activities it describes. Idempotent: records are matched by slug or identifier and updated."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db import transaction

from parity.activities.loader import ActivityLoader
from parity.activities.models import Activity, Organisation
from parity.commitments.models import Event, Framework, Pillar, PillarTag, Pledge
from parity.commitments.services import pledge_save
from parity.iati import model as iati

SEED_NOTE = "Entered from Parity's source document"
EVENT_BLANKS = {
    "place": "",
    "country": "",
    "date_note": "",
    "participants_total": None,
    "participants_note": "",
    "outcome_documents": "",
}


def read_seed() -> dict[str, Any]:
    text = resources.files("parity.commitments").joinpath("data", "seed.json").read_text()
    return json.loads(text)


def parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def pillar_by_key(key: str) -> Pillar:
    framework_slug, pillar_slug = key.split(":")
    return Pillar.objects.get(framework__slug=framework_slug, slug=pillar_slug)


def seed_activity(fact: dict[str, Any]) -> iati.Activity:
    """An activity as the document states it; years alone are kept as text, not made into days,
    and an end the document does not say was reached stays planned (IATI date type 3)."""
    types = {"planned_start": "1", "start": "2", "planned_end": "3", "end": "4"}
    dates = [
        iati.ActivityDate(type=code, iso_date=None, text=fact[key])
        for key, code in types.items()
        if fact.get(key)
    ]
    return iati.Activity(
        identifier=fact["identifier"],
        reporting_org=iati.OrgRef(ref=fact["reporting_org"]),
        titles=(iati.Narrative(fact["title"], "en"),),
        descriptions=(iati.Description("1", (iati.Narrative(fact["description"], "en"),)),),
        default_lang="en",
        status=fact.get("status", ""),
        dates=tuple(dates),
        recipient_countries=tuple(iati.RecipientCountry(code) for code in fact["countries"]),
    )


@transaction.atomic
def load_seed() -> dict[str, int]:
    data = read_seed()
    for org in data["organisations"]:
        Organisation.objects.update_or_create(
            ref=org["ref"], defaults={"name": org["name"], "type": org["type"]}
        )
    for fact in data["frameworks"]:
        pillars = fact.pop("pillars")
        fact["adopted_on"] = parse_day(fact.get("adopted_on"))
        framework, _ = Framework.objects.update_or_create(slug=fact["slug"], defaults=fact)
        for pillar in pillars:
            Pillar.objects.update_or_create(
                framework=framework, slug=pillar["slug"], defaults=pillar
            )
    for fact in data["events"]:
        fact["start_date"] = parse_day(fact.get("start_date"))
        # A fact the source does not give is cleared, not left from an earlier seed.
        Event.objects.update_or_create(slug=fact["slug"], defaults={**EVENT_BLANKS, **fact})
    for fact in data["pledges"]:
        load_pledge(fact)
    for fact in data["activities"]:
        source = fact["source"]
        ActivityLoader(source_note=source).load([seed_activity(fact)])
        activity = Activity.objects.get(iati_identifier=fact["identifier"])
        for key in fact["pillars"]:
            PillarTag.objects.get_or_create(activity=activity, pillar=pillar_by_key(key))
    return {
        "frameworks": len(data["frameworks"]),
        "events": len(data["events"]),
        "pledges": len(data["pledges"]),
        "activities": len(data["activities"]),
    }


def load_pledge(fact: dict[str, Any]) -> Pledge:
    pledge = Pledge.objects.filter(slug=fact["slug"]).first() or Pledge(slug=fact["slug"])
    texts = ["title", "announced_by", "description", "reported_status", "source"]
    texts += ["scope_reasoning", "editor_links"]
    for name in texts:
        setattr(pledge, name, fact.get(name, ""))
    pledge.announced_precision = fact.get("announced_precision", "day")
    pledge.period_precision = fact.get("period_precision", "day")
    pledge.basis_from_source = fact.get("basis_from_source", False)
    pledge.scope_rule = fact.get("scope_rule", {})
    pledge.marker_condition = fact.get("marker_condition", "focused")
    pledge.announced_on = parse_day(fact.get("announced_on"))
    pledge.period_start = parse_day(fact.get("period_start"))
    pledge.period_end = parse_day(fact.get("period_end"))
    amount = fact.get("money_amount")
    pledge.money_amount = Decimal(amount) if amount else None
    pledge.money_currency = fact.get("money_currency", "")
    pledge.money_qualifier = fact.get("money_qualifier", "")
    pledge.money_basis = fact.get("money_basis", Pledge.COMMITMENTS)
    pledge.event = Event.objects.get(slug=fact["event"]) if fact.get("event") else None
    pledge.framework = (
        Framework.objects.get(slug=fact["framework"]) if fact.get("framework") else None
    )
    targets = [
        {**target, "quantity": Decimal(target["quantity"])}
        for target in fact.get("output_targets", [])
    ]
    pillars = [pillar_by_key(key) for key in fact.get("pillars", [])]
    return pledge_save(pledge, targets, pillars)
