"""Strict reading of JSON data files, so that every mistake names the file and the field.

Scheme and rules files are edited by hand by people who are not programmers; an error such as
``KeyError: 'dac'`` would not tell them where to look, so each accessor knows its own path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from parity.markers.errors import SchemeError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Fields:
    """A JSON object at ``path`` inside ``source``; refuses unknown keys to catch typos."""

    def __init__(self, data: object, source: str, path: str, allowed: set[str]) -> None:
        self.source = source
        self.path = path
        if not isinstance(data, dict):
            raise SchemeError(source, path or "(top level)", "expected an object")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise SchemeError(source, self.field(unknown[0]), "unknown field (a typo?)")
        self.data = data

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str) -> SchemeError:
        return SchemeError(self.source, self.field(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> object:
        if key not in self.data:
            raise self.error(key, "missing")
        return self.data[key]

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        if not required and key not in self.data:
            return default
        value = self.raw(key)
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(key, "expected non-empty text")
        return value

    def slug(self, key: str) -> str:
        value = self.text(key)
        if not SLUG.match(value):
            raise self.error(key, f"{value!r} is not a slug (lower-case letters, digits, hyphens)")
        return value

    def boolean(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.error(key, "expected true or false")
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.error(key, "expected a non-empty list")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{index}]", "expected non-empty text")
        if len(set(value)) != len(value):
            raise self.error(key, "lists the same value twice")
        return value

    def objects(self, key: str, allowed: set[str]) -> Iterator[tuple[int, Fields]]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.error(key, "expected a non-empty list")
        for index, item in enumerate(value):
            yield index, Fields(item, self.source, self.field(f"{key}[{index}]"), allowed)
