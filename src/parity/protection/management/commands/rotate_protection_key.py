"""parity rotate-protection-key: re-encrypt every survivor field under the current key.

Put the new key first (PARITY_PROTECTION_KEYS="new:...,old:..." or the key file), run this, then
remove the old key. ``--generate`` prints a new key line; ``--new-key ID`` adds a generated key
at the top of the key file (when keys come from a file) and re-encrypts in one go.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parity.protection import audit, keys
from parity.protection.core import envelope
from parity.protection.models import Case, Contact, Decision, Factor, FollowUp, KeyCheck

# (model, ciphertext field, associated data of a row)
FIELDS = (
    (Case, "identity_ct", lambda row: row.identity_ad()),
    (Contact, "details_ct", lambda row: row.details_ad()),
    (Decision, "basis_ct", lambda row: row.basis_ad()),
    (FollowUp, "notes_ct", lambda row: row.notes_ad()),
    (Factor, "secret_ct", lambda row: row.secret_ad()),
)


def rotate(batch: int = 1000) -> int:
    ring = keys.keyring()
    current = f"{envelope.PREFIX}:{ring.current_id}:"
    changed = 0
    for model, field, ad in FIELDS:
        stale = model.objects.exclude(**{field: ""}).exclude(**{f"{field}__startswith": current})
        while True:
            with transaction.atomic():
                rows = list(stale.select_for_update()[:batch])
                for row in rows:
                    plain = envelope.decrypt(ring, getattr(row, field), ad(row))
                    setattr(row, field, envelope.encrypt(ring, plain, ad(row)))
                    row.save(update_fields=[field])
                changed += len(rows)
            if len(rows) < batch:
                break
    # Old keys no longer protect anything: forget their check values so they can be removed.
    KeyCheck.objects.exclude(key_id=ring.current_id).delete()
    return changed


class Command(BaseCommand):
    help = "Re-encrypt protection data under the current (first) key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--generate", metavar="ID", help="print a new key line and stop")
        parser.add_argument("--new-key", metavar="ID", help="add a new key to the key file first")

    def handle(self, *args, generate=None, new_key=None, **options) -> None:
        try:
            if generate:
                self.stdout.write(envelope.new_key_line(generate))
                return
            if new_key:
                if settings.PROTECTION_KEYS:
                    raise CommandError(
                        "Keys come from PARITY_PROTECTION_KEYS: put a new key first there "
                        "(parity rotate-protection-key --generate ID) and run this again."
                    )
                path = Path(settings.PROTECTION_KEY_FILE)
                old = keys.read_key_file(path)
                if new_key in dict(old.keys):
                    raise CommandError(f"The key file already has a key {new_key!r}.")
                lines = [envelope.new_key_line(new_key)]
                lines += [f"{kid}:{envelope.base64.b64encode(k).decode()}" for kid, k in old.keys]
                keys.write_key_file(path, lines)
                keys.keyring.cache_clear()
            count = rotate()
        except (envelope.ProtectionKeyError, envelope.DecryptionError) as error:
            raise CommandError(str(error)) from None
        audit.record(None, "key.rotate", "", note=f"{count} values re-encrypted")
        self.stdout.write(
            f"Re-encrypted {count} values under key {keys.keyring().current_id!r}. "
            "Older keys can now be removed."
        )
