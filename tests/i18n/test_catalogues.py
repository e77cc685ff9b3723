"""Japanese and Thai are complete: every message of every catalogue is translated (none empty,
none fuzzy, placeholders kept), every string the code marks for translation is in them, and the
compiled .mo files are the .po files as they stand."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

SOURCE = Path(settings.BASE_DIR)  # src/parity: makemessages is run from here
LANGUAGES = ("ja", "th")
LOCALE_DIRS = sorted(path.parent for path in SOURCE.glob("**/locale/ja"))
CATALOGUES = [d / lang / "LC_MESSAGES" / "django.po" for d in LOCALE_DIRS for lang in LANGUAGES]


def statistics(po: Path) -> str:
    """msgfmt's count line; --check also fails on a placeholder the translation lost."""
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_the_project_and_protection_have_both_languages() -> None:
    assert [d.relative_to(SOURCE).as_posix() for d in LOCALE_DIRS] == [
        "locale",
        "protection/locale",
    ]
    assert all(po.exists() for po in CATALOGUES)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.relative_to(SOURCE).as_posix())
def test_every_message_is_translated(po: Path) -> None:
    found = re.fullmatch(r"(\d+) translated messages\.", statistics(po))
    assert found and int(found[1]) > 300  # not vacuous: an emptied catalogue fails too
    text = po.read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in text
    assert "\n#~" not in text  # no obsolete entries kept


@pytest.mark.parametrize("folder", LOCALE_DIRS, ids=lambda d: d.relative_to(SOURCE).as_posix())
def test_japanese_and_thai_hold_the_same_messages(folder: Path) -> None:
    ja, th = (folder / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES)
    assert msgids(ja) == msgids(th)


def msgids(po: Path) -> set[str]:
    with po.with_suffix(".mo").open("rb") as compiled:
        return set(gettext.GNUTranslations(compiled)._catalog)  # type: ignore[attr-defined]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.relative_to(SOURCE).as_posix())
def test_the_compiled_catalogue_is_the_po_file(po: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
    with fresh.open("rb") as a, po.with_suffix(".mo").open("rb") as b:
        expected = gettext.GNUTranslations(a)._catalog  # type: ignore[attr-defined]
        shipped = gettext.GNUTranslations(b)._catalog  # type: ignore[attr-defined]
    assert shipped == expected


def test_every_string_in_the_code_is_in_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """makemessages on a copy of the code: a string added since is untranslated there."""
    copy = tmp_path / "parity"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=list(LANGUAGES), no_obsolete=True, verbosity=0)
    for po in CATALOGUES:
        regenerated = copy / po.relative_to(SOURCE)
        assert statistics(regenerated) == statistics(po), regenerated.relative_to(copy)
