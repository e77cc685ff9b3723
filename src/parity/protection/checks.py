"""`parity check --database default` verifies the protection keys against the data."""

from __future__ import annotations

from django.core.checks import Error, register
from django.db import DatabaseError

from parity.protection import keys
from parity.protection.core.envelope import ProtectionKeyError


@register("protection", "database")
def check_keys(app_configs=None, databases=None, **kwargs) -> list[Error]:
    if not databases:
        return []  # the check needs the database; runserver and the first request run it too
    keys.keyring.cache_clear()
    try:
        keys.keyring()
    except ProtectionKeyError as error:
        return [Error(str(error), id="protection.E001")]
    except DatabaseError:  # tables not migrated yet: migrate creates them
        return []
    return []
