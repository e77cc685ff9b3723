"""Authenticated encryption of survivors' identifying details (AES-256-GCM).

A ciphertext is text: ``p1:<key id>:<base64 of nonce (12 bytes) + ciphertext + tag>``. The key id
travels with the data so that keys can be rotated: old rows stay readable while the current key
encrypts new ones, and ``parity rotate-protection-key`` re-encrypts them. The associated data
(table/field/row) binds a ciphertext to its place: copying one survivor's ciphertext into another
row fails to decrypt instead of silently showing the wrong person.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "p1"
KEY_BYTES = 32
NONCE_BYTES = 12  # 96 bits, random per encryption: with AES-GCM a repeated nonce is fatal
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


class ProtectionKeyError(Exception):
    """The keys are missing, malformed, or do not match the data; the message says which."""


class DecryptionError(Exception):
    """A ciphertext cannot be read: unknown key id, wrong key, or data moved or altered."""


@dataclass(frozen=True)
class Keyring:
    """Keys by id; the first is current (encrypts), the others only decrypt."""

    keys: tuple[tuple[str, bytes], ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ProtectionKeyError("no protection key is configured")
        ids = [key_id for key_id, _ in self.keys]
        if len(set(ids)) != len(ids):
            raise ProtectionKeyError("a protection key id appears twice")

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for kid, material in self.keys:
            if kid == key_id:
                return material
        raise DecryptionError(
            f"the data was encrypted with key {key_id!r}, which is not configured "
            "(add it to PARITY_PROTECTION_KEYS or the key file after the current key)"
        )


def parse_keys(raw: str) -> Keyring:
    """Parse ``id:base64key,id:base64key`` (or one per line); the first is current."""
    keys = []
    for part in re.split(r"[,\n]", raw):
        part = part.strip()
        if not part or part.startswith("#"):
            continue
        key_id, sep, encoded = part.partition(":")
        if not sep or not KEY_ID.match(key_id):
            raise ProtectionKeyError(
                "each protection key must be written id:base64key, the id made of letters, "
                "digits, '.', '_' or '-'"
            )
        try:
            material = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ProtectionKeyError(f"protection key {key_id!r} is not valid base64") from None
        if len(material) != KEY_BYTES:
            raise ProtectionKeyError(
                f"protection key {key_id!r} is {len(material)} bytes long; AES-256 needs "
                f"{KEY_BYTES} (generate one with: parity rotate-protection-key --generate)"
            )
        keys.append((key_id, material))
    return Keyring(tuple(keys))


def new_key_line(key_id: str) -> str:
    if not KEY_ID.match(key_id):
        raise ProtectionKeyError(f"{key_id!r} is not a valid key id")
    return f"{key_id}:{base64.b64encode(os.urandom(KEY_BYTES)).decode()}"


def encrypt(keyring: Keyring, plaintext: str, associated: str) -> str:
    key_id = keyring.current_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.key(key_id)).encrypt(
        nonce, plaintext.encode("utf-8"), associated.encode("utf-8")
    )
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(ciphertext: str) -> str:
    prefix, _, rest = ciphertext.partition(":")
    key_id, sep, _ = rest.partition(":")
    if prefix != PREFIX or not sep:
        raise DecryptionError("this value is not a Parity protection ciphertext")
    return key_id


def decrypt(keyring: Keyring, ciphertext: str, associated: str) -> str:
    key_id = key_id_of(ciphertext)
    body = ciphertext.split(":", 2)[2]
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("the ciphertext is damaged (not base64)") from None
    nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    try:
        plain = AESGCM(keyring.key(key_id)).decrypt(nonce, sealed, associated.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            f"the ciphertext does not open with key {key_id!r}: the key is wrong, or the value "
            "was altered or copied from another record"
        ) from None
    return plain.decode("utf-8")
