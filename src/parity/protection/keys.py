"""Where the protection keys come from: PARITY_PROTECTION_KEYS, else the key file.

In the development profile a missing key file is created (mode 600) inside the data folder on
first use, with a warning; in the production profile parity.config refuses to start without
keys, so this never generates one there.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from parity.protection.core import envelope
from parity.protection.core.envelope import Keyring

log = logging.getLogger(__name__)


def read_key_file(path: Path) -> Keyring:
    try:
        return envelope.parse_keys(path.read_text(encoding="ascii"))
    except OSError as error:
        raise envelope.ProtectionKeyError(
            f"cannot read the protection key file {path}: {error}"
        ) from None


def write_key_file(path: Path, lines: list[str]) -> None:
    """Write keys readable by the owner only, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write("# Parity protection keys: id:base64. The first line encrypts.\n")
        handle.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


CHECK_TEXT = "parity-protection-key-check"


@cache
def keyring() -> Keyring:
    ring = _load()
    check_against_data(ring)
    return ring


def check_against_data(ring: Keyring) -> None:
    """Refuse keys that do not match the data: every key id that encrypted something must be
    configured, with the same material. Records a check value for a new current key."""
    from parity.protection.models import KeyCheck

    known = dict(ring.keys)
    for check in KeyCheck.objects.all():
        if check.key_id not in known:
            raise envelope.ProtectionKeyError(
                f"data was encrypted with protection key {check.key_id!r}, which is not "
                "configured: add it after the current key (or restore the key file)"
            )
        try:
            envelope.decrypt(ring, check.token_ct, f"protection_keycheck/{check.key_id}")
        except envelope.DecryptionError:
            raise envelope.ProtectionKeyError(
                f"protection key {check.key_id!r} is not the key the data was encrypted with "
                "(wrong key): restore the right one"
            ) from None
    if not KeyCheck.objects.filter(key_id=ring.current_id).exists():
        KeyCheck.objects.create(
            key_id=ring.current_id,
            token_ct=envelope.encrypt(ring, CHECK_TEXT, f"protection_keycheck/{ring.current_id}"),
        )


def _load() -> Keyring:
    raw = getattr(settings, "PROTECTION_KEYS", "")
    if raw:
        return envelope.parse_keys(raw)
    path = Path(settings.PROTECTION_KEY_FILE)
    if not path.exists():
        if settings.PARITY_PROFILE == "production":
            raise envelope.ProtectionKeyError(
                "no protection key: set PARITY_PROTECTION_KEYS or PARITY_PROTECTION_KEY_FILE"
            )
        write_key_file(path, [envelope.new_key_line("dev1")])
        log.warning("Created a development protection key file at %s (mode 600).", path)
    return read_key_file(path)


@receiver(setting_changed)
def _forget_keys(setting: str, **kwargs) -> None:
    if setting in {"PROTECTION_KEYS", "PROTECTION_KEY_FILE"}:
        keyring.cache_clear()


def seal(plaintext: str, associated: str) -> str:
    return envelope.encrypt(keyring(), plaintext, associated)


def unseal(ciphertext: str, associated: str) -> str:
    return envelope.decrypt(keyring(), ciphertext, associated)
