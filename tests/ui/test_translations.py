"""The French catalogue is complete: every string of the interface has a translation.

``pyside6-lupdate`` extracts the strings from the code into a fresh ``.ts``; the committed
``resources/i18n/pixdesk_fr.ts`` must hold exactly those (no string missing, none left
unfinished or empty). Refresh it with ``make i18n-update`` and translate what it marks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "i18n" / "pixdesk_fr.ts"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")
PLACEHOLDER = re.compile(r"%(?:n|\d)|\{\w+\}")  # Qt's %1 / %n and str.format's {name}


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            found[(name, message.findtext("source", ""))] = message
    return found


def _sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], ET.Element]:
    lupdate = str(LUPDATE) if LUPDATE.exists() else shutil.which("pyside6-lupdate")
    assert lupdate, "pyside6-lupdate not found next to the interpreter"
    fresh = tmp_path_factory.mktemp("ts") / "fresh.ts"
    subprocess.run([lupdate, *_sources(), "-ts", str(fresh)], cwd=ROOT, check=True, capture_output=True)
    return _messages(fresh)


def test_the_catalogue_holds_every_string_of_the_code(extracted) -> None:
    committed = _messages(CATALOGUE)
    missing = sorted(set(extracted) - set(committed))
    assert not missing, (
        f"{len(missing)} strings not in {CATALOGUE.name} (run `make i18n-update`): {missing[:10]}"
    )
    assert len(extracted) > 50


def test_every_string_is_translated(extracted) -> None:
    committed = _messages(CATALOGUE)
    untranslated = []
    for key in extracted:
        message = committed.get(key)
        if message is None:
            continue
        translation = message.find("translation")
        assert translation is not None
        texts = [t.text or "" for t in translation.iter("numerusform")] or [translation.text or ""]
        if translation.get("type") == "unfinished" or not all(t.strip() for t in texts):
            untranslated.append(key)
    assert not untranslated, f"{len(untranslated)} strings untranslated: {untranslated[:10]}"


def test_placeholders_survive_translation(extracted) -> None:
    committed = _messages(CATALOGUE)
    for key in extracted:
        message = committed[key]
        wanted = sorted(set(PLACEHOLDER.findall(key[1])))
        translation = message.find("translation")
        assert translation is not None
        for text in [t.text or "" for t in translation.iter("numerusform")] or [translation.text or ""]:
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, (key, text)


def test_english_plurals_have_both_forms(extracted) -> None:
    """English is the source, but "%n result(s)" needs a catalogue to say "1 result" / "2 results"."""
    english = _messages(CATALOGUE.with_name("pixdesk_en.ts"))
    plural_keys = [key for key, message in extracted.items() if message.get("numerus") == "yes"]
    assert plural_keys
    for key in plural_keys:
        assert key in english, f"{key} has no English plural forms (run `make i18n-update`)"
        translation = english[key].find("translation")
        assert translation is not None
        forms = [t.text or "" for t in translation.iter("numerusform")]
        assert len(forms) == 2 and all(forms) and "(s)" not in "".join(forms), key
