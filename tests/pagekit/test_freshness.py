"""Which SQL statements move the data generation (parity.pagekit.freshness), without a database."""

from __future__ import annotations

import pytest

from parity.pagekit.freshness import changes_aid_data, written_tables


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        (
            'INSERT INTO "activities_activity" ("iati_identifier") VALUES (%s)',
            ["activities_activity"],
        ),
        ('UPDATE "commitments_pledge" SET "title" = %s', ["commitments_pledge"]),
        ('  delete from "mainstreaming_flag" WHERE id = 1', ["mainstreaming_flag"]),
        ("TRUNCATE TABLE analytics_figurerow", ["analytics_figurerow"]),
        ("INSERT OR IGNORE INTO activities_sector (code) VALUES (1)", ["activities_sector"]),
        ("REPLACE INTO commitments_rate (code) VALUES (1)", ["commitments_rate"]),
        (
            "WITH gone AS (DELETE FROM activities_transaction RETURNING id) SELECT 1 FROM gone",
            ["activities_transaction"],
        ),
        ('SELECT "activities_activity"."id" FROM "activities_activity"', []),
        ("SELECT 'UPDATE activities_activity' AS text", []),
    ],
)
def test_the_written_table_is_read_off_the_statement(sql: str, tables: list[str]) -> None:
    assert written_tables(sql) == tables


def test_writes_to_aid_data_move_the_generation_and_nothing_else_does() -> None:
    assert changes_aid_data('INSERT INTO "activities_transaction" (x) VALUES (1)')
    assert changes_aid_data('UPDATE "analytics_figurebuild" SET x = 1')
    # Sessions, users, the protection module and the generation itself are not aid data.
    assert not changes_aid_data('UPDATE "django_session" SET session_data = %s')
    assert not changes_aid_data('INSERT INTO "protection_auditentry" (x) VALUES (1)')
    assert not changes_aid_data("UPDATE web_datageneration SET number = number + 1 WHERE id = 1")
    # What a page stores about itself would otherwise empty every cache at each view.
    assert not changes_aid_data('INSERT INTO "analytics_figurecache" (x) VALUES (1)')
    assert not changes_aid_data('DELETE FROM "commitments_pledgeprogresssnapshot" WHERE id = 1')
