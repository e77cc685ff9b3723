"""Flags store their message as a template id and its arguments (parity.markers.messages), not
as formatted English read back by regular expressions at display.

Existing rows are converted once by matching their English against the templates as they were
written then (frozen here, in the order they were tried); a text no template matches is kept
as it was, under the empty id with its "text". Reversed, the English is rendered back.
"""

import re

from django.db import migrations, models

# (id, English template) as parity.markers.messages had them before ids, in matching order.
TEMPLATES = [
    (
        "no-gender-analysis",
        "marked %(score)s on the gender equality marker, but no gender analysis is mentioned in its title, descriptions or document titles",
    ),
    (
        "significant-no-objective",
        "marked significant (1), but no gender equality objective was found in its title or descriptions; this check only looks for words",
    ),
    (
        "people-not-by-sex",
        "indicator %(title)s counts people but none of its values is broken down by sex",
    ),
    (
        "no-indicator-at-outcome-or-output",
        "marked principal (2), but no gender-specific indicator at outcome or output level",
    ),
    (
        "no-indicator-at-outcome",
        "marked principal (2), but no gender-specific indicator at outcome level",
    ),
    (
        "no-indicator-at-output",
        "marked principal (2), but no gender-specific indicator at output level",
    ),
    (
        "no-evaluation",
        "marked %(score)s on the gender equality marker, but neither an evaluation document nor a plan to evaluate is published",
    ),
    (
        "no-gender-indicator",
        "marked %(score)s on the gender equality marker, but none of its %(count)s result indicators mentions women, girls or gender, or is broken down by sex",
    ),
    (
        "no-results-of-version",
        "marked %(score)s on the gender equality marker; its file carries no result indicators (an IATI %(version)s file), so gender indicators cannot be checked",
    ),
    (
        "no-results",
        "marked %(score)s on the gender equality marker; its file carries no result indicators, so gender indicators cannot be checked",
    ),
    (
        "no-objective",
        "marked principal (2), but no gender equality objective was found in its title or descriptions; this check only looks for words",
    ),
    (
        "no-objective-no-description",
        "marked principal (2), but no gender equality objective was found in its title or descriptions (it publishes no description); this check only looks for words",
    ),
    (
        "invalid-desertification",
        "gender equality marker has significance %(value)s, which is invalid: 3 is only defined for the desertification marker",
    ),
    (
        "invalid-rmnch",
        "gender equality marker has significance %(value)s, which is invalid: 4 is only defined for the RMNCH marker",
    ),
    (
        "invalid-code",
        "gender equality marker has significance %(value)s, which is invalid: it is not a policy significance code",
    ),
    (
        "sector-all",
        "marked 0 (not targeted) on the gender equality marker, but all of its sectors are gender equality sectors: %(sectors)s",
    ),
    (
        "sector-part",
        "marked 0 (not targeted) on the gender equality marker, but part of it is under gender equality sectors: %(sectors)s",
    ),
    (
        "actual-not-by-sex",
        "indicator %(title)s has targets by sex for the period ending %(end)s, but its actual values are not broken down by sex",
    ),
    (
        "no-actual",
        "indicator %(title)s has targets by sex for the period ending %(end)s, but no actual value was reported",
    ),
    (
        "not-screened",
        "has no gender equality policy marker: not screened (this is not the same as 0)",
    ),
    (
        "screened-through-components",
        "has no gender equality policy marker, but %(count)s of its components carry one (%(listed)s); screened through its components",
    ),
    (
        "pass-through",
        "has no gender equality policy marker; its aid type is %(aid_types)s, where the recipient decides how the money is used",
    ),
    (
        "no-significance",
        "has a gender equality policy marker without a significance; treated as not screened",
    ),
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
BATCH = 2000


def _patterns():
    for message_id, template in TEMPLATES:
        parts = PLACEHOLDER.split(template)  # text, name, text, name, ..., text
        pattern = "".join(
            f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
        )
        yield message_id, re.compile(pattern, re.DOTALL)


def to_ids(apps, schema_editor):
    Flag = apps.get_model("mainstreaming", "Flag")
    patterns = list(_patterns())
    changed = []
    for flag in Flag.objects.only("pk", "message").iterator(chunk_size=BATCH):
        for message_id, pattern in patterns:
            found = pattern.fullmatch(flag.message)
            if found:
                flag.message_id, flag.message_args = message_id, found.groupdict()
                break
        else:
            flag.message_id, flag.message_args = "", {"text": flag.message}
        changed.append(flag)
        if len(changed) >= BATCH:
            Flag.objects.bulk_update(changed, ["message_id", "message_args"])
            changed = []
    Flag.objects.bulk_update(changed, ["message_id", "message_args"])


def to_english(apps, schema_editor):
    Flag = apps.get_model("mainstreaming", "Flag")
    templates = dict(TEMPLATES)
    changed = []
    for flag in Flag.objects.only("pk", "message_id", "message_args").iterator(chunk_size=BATCH):
        template = templates.get(flag.message_id)
        args = flag.message_args or {}
        flag.message = template % args if template else args.get("text", flag.message_id)
        changed.append(flag)
        if len(changed) >= BATCH:
            Flag.objects.bulk_update(changed, ["message"])
            changed = []
    Flag.objects.bulk_update(changed, ["message"])


class Migration(migrations.Migration):
    dependencies = [("mainstreaming", "0007_marker_suggestions")]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="message_id",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="flag",
            name="message_args",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="flag", name="message", field=models.TextField(blank=True, default="")
        ),
        migrations.RunPython(to_ids, to_english, elidable=True),
        migrations.RemoveField(model_name="flag", name="message"),
    ]
