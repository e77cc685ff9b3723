"""The pure core: envelope, hash chain, suppression, consent rules, HTCDS rows, indicators."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from parity.protection.core import chain, consent, envelope, htcds, indicators, kanon

KEY_A = "a:" + base64.b64encode(b"A" * 32).decode()
KEY_B = "b:" + base64.b64encode(b"B" * 32).decode()


def test_it_round_trips_and_hides_the_plaintext():
    ring = envelope.parse_keys(KEY_A)
    sealed = envelope.encrypt(ring, "Somchai", "t/f/1")
    assert "Somchai" not in sealed and sealed.startswith("p1:a:")
    assert envelope.decrypt(ring, sealed, "t/f/1") == "Somchai"


def test_it_uses_a_fresh_nonce_each_time():
    ring = envelope.parse_keys(KEY_A)
    assert envelope.encrypt(ring, "x", "ad") != envelope.encrypt(ring, "x", "ad")


def test_it_refuses_a_ciphertext_moved_to_another_row():
    ring = envelope.parse_keys(KEY_A)
    sealed = envelope.encrypt(ring, "x", "case/identity/1")
    with pytest.raises(envelope.DecryptionError, match="copied from another record"):
        envelope.decrypt(ring, sealed, "case/identity/2")


def test_it_reads_old_keys_after_rotation_and_names_a_missing_key():
    old = envelope.parse_keys(KEY_A)
    sealed = envelope.encrypt(old, "x", "ad")
    rotated = envelope.parse_keys(f"{KEY_B},{KEY_A}")
    assert envelope.decrypt(rotated, sealed, "ad") == "x"
    assert envelope.encrypt(rotated, "x", "ad").startswith("p1:b:")
    with pytest.raises(envelope.DecryptionError, match=r"key 'a'.*not configured"):
        envelope.decrypt(envelope.parse_keys(KEY_B), sealed, "ad")


def test_it_refuses_a_wrong_key_with_the_same_id():
    sealed = envelope.encrypt(envelope.parse_keys(KEY_A), "x", "ad")
    wrong = envelope.parse_keys("a:" + base64.b64encode(b"Z" * 32).decode())
    with pytest.raises(envelope.DecryptionError, match="wrong"):
        envelope.decrypt(wrong, sealed, "ad")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "no protection key"),
        ("nokey", "id:base64key"),
        ("a:!!!", "not valid base64"),
        ("a:" + base64.b64encode(b"short").decode(), "5 bytes long"),
        (f"{KEY_A},{KEY_A}", "appears twice"),
    ],
)
def test_it_refuses_malformed_keys(raw, message):
    with pytest.raises(envelope.ProtectionKeyError, match=message):
        envelope.parse_keys(raw)


def _rows(n):
    prev, out = chain.GENESIS, []
    for seq in range(1, n + 1):
        entry = {"seq": seq, "action": "case.read"}
        h = chain.link(prev, entry)
        out.append((seq, prev, h, entry))
        prev = h
    return out


def test_the_chain_verifies_and_names_the_first_broken_link():
    rows = _rows(5)
    assert chain.verify(rows) == (5, None)
    edited = [*rows[:2], (3, rows[2][1], rows[2][2], {"seq": 3, "action": "case.edit"}), *rows[3:]]
    assert chain.verify(edited)[1].seq == 3
    deleted = rows[:2] + rows[3:]
    broken = chain.verify(deleted)[1]
    assert broken.seq == 4 and "missing" in broken.problem


def test_without_small_counts_nothing_is_suppressed():
    grid = {("f", 2024): 30, ("m", 2024): 20, ("f", 2025): 0, ("m", 2025): 11}
    assert kanon.protect({"sex": grid}) == frozenset()


def test_a_small_count_takes_complements_in_its_table_and_across_years():
    grid = {("f", 2024): 20, ("m", 2024): 12, ("f", 2025): 15, ("m", 2025): 11, ("f", 2026): 1}
    hidden = kanon.protect({"sex": grid})
    assert {("cell", "sex", "f", 2026), ("year", 2026)} <= hidden  # both are 1
    # all years minus 2024 minus 2025 would give 2026 back: another year's total goes too
    assert {("year", 2024), ("year", 2025)} & hidden
    assert ("cell", "sex", "m", 2026) in hidden or ("cell", "sex", "f", 2025) in hidden


def rec(seq, purpose, agency, given, day):
    return consent.ConsentRecord(seq, purpose, agency, given, date(2024, 1, day))


def test_a_referral_needs_consent_naming_the_agency():
    assert consent.referral_refusal([], 7, False) == (
        "The survivor has not consented to referral to this agency."
    )
    assert consent.referral_refusal([rec(1, "referral", 8, True, 1)], 7, False) is not None
    assert consent.referral_refusal([rec(1, "referral", 7, True, 1)], 7, False) is None


def test_a_withdrawn_consent_cannot_be_used_again_until_given_again():
    records = [rec(1, "referral", 7, True, 1), rec(2, "referral", 7, False, 2)]
    assert "withdrew" in consent.referral_refusal(records, 7, False)
    records.append(rec(3, "referral", 7, True, 3))
    assert consent.referral_refusal(records, 7, False) is None


def test_a_cross_border_transfer_also_needs_cross_border_consent():
    records = [rec(1, "referral", 7, True, 1)]
    assert "cross-border" in consent.referral_refusal(records, 7, True)
    records.append(rec(2, "cross_border", None, True, 1))
    assert consent.referral_refusal(records, 7, True) is None


def test_htcds_rows_carry_no_identity_and_flag_means_of_control():
    row = htcds.record(
        {
            "year": 2024,
            "sex": "female",
            "age_band": "9-17",
            "nationality": "LA",
            "identification": "identified",
            "indicators": ["debt_bondage", "retention_of_documents"],
            "exploitation": "labour",
        }
    )
    assert list(row) == list(htcds.fields())
    assert row["gender"] == "Female" and row["majorityStatus"] == "Minor"
    assert row["meansOfControlDebtBondage"] == row["meansOfControlWithholdsDocuments"] == 1
    assert row["isForcedLabour"] == 1 and row["isSexualExploit"] == 0


def test_every_indicator_maps_to_a_known_htcds_column():
    cat = indicators.catalogue()
    columns = set(cat["htcds_means_of_control"])
    assert len(cat["ilo_forced_labour"]) == 11
    assert {i["htcds"] for i in cat["ilo_forced_labour"]} <= columns


def test_a_withdrawal_stops_only_the_referrals_it_now_decides():
    records = [rec(1, "referral", 7, True, 1), rec(2, "cross_border", None, True, 1)]
    records.append(rec(3, "referral", 8, False, 2))  # another agency: not this referral
    assert not consent.withdrawal_stops(records, 3, 7, cross_border=True)
    records.append(rec(4, "cross_border", None, False, 2))  # any receiver across the border
    assert consent.withdrawal_stops(records, 4, 7, cross_border=True)
    assert not consent.withdrawal_stops(records, 4, 7, cross_border=False)
    backdated = [*records[:2], rec(5, "referral", 7, False, 1), rec(6, "referral", 7, True, 3)]
    assert not consent.withdrawal_stops(backdated, 5, 7, cross_border=False)  # given again later


def test_an_override_stands_at_acceptance_unless_withdrawn_after_sending():
    from datetime import datetime, timedelta

    sent = datetime(2024, 1, 2, 12)
    before = consent.ConsentRecord(1, "referral", 7, False, date(2024, 1, 1), sent - timedelta(1))
    after = consent.ConsentRecord(2, "referral", 7, False, date(2024, 1, 2), sent + timedelta(1))
    assert consent.acceptance_refusal([before], 7, False, sent, overridden=True) is None
    assert "withdrew" in consent.acceptance_refusal([before], 7, False, sent, overridden=False)
    assert "withdrew" in consent.acceptance_refusal([before, after], 7, False, sent, True)
