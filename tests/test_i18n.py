import re
from pathlib import Path

import pytest

from network.core import i18n
from network.core.errors import ImportRejected, Problem

ROOT = Path(__file__).resolve().parent.parent


def test_every_key_has_text_in_every_language():
    assert i18n.missing_translations(i18n.read_catalogs()) == []


def test_placeholders_agree_across_languages():
    assert i18n.placeholder_mismatches(i18n.read_catalogs()) == []


def test_a_missing_language_is_detected(tmp_path):
    (tmp_path / "x.toml").write_text('[a.b]\nes = "uno"\nen = "one"\n')
    assert i18n.missing_translations(i18n.read_catalogs(tmp_path)) == [("a.b", "eu")]


def test_a_key_defined_twice_is_an_error(tmp_path):
    (tmp_path / "x.toml").write_text('[a]\nes = "1"\neu = "1"\nen = "1"\n')
    (tmp_path / "y.toml").write_text('[a]\nes = "2"\neu = "2"\nen = "2"\n')
    with pytest.raises(ValueError):
        i18n.read_catalogs(tmp_path)


KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_literal_key_used_in_the_code_exists():
    cat = i18n.read_catalogs()
    files = [ROOT / "app.py", ROOT / "ui.py", *ROOT.glob("pages/*.py"), *ROOT.glob("screens/*.py"),
             *ROOT.glob("network/**/*.py")]
    used = {m for f in files for m in KEY_CALL.findall(f.read_text(encoding="utf-8"))}
    used |= {m for f in files for m in re.findall(r'"((?:error|field)\.[a-z0-9_]+)"', f.read_text())}
    missing = sorted(k for k in used if k not in cat)
    assert missing == []


@pytest.mark.parametrize("value,expected", [
    ("eu", "eu"), ("EN", "en"), ("es-ES", "es"), ("fr", "es"), (None, "es"), ("", "es"),
])
def test_language_codes_are_normalized(value, expected):
    assert i18n.normalize_language(value) == expected


def test_errors_are_described_with_row_and_field_in_each_language():
    err = ImportRejected([Problem("district", "error.unknown_district", {"value": "X"}, row=3)])
    assert i18n.describe_error(err, "en") == ["Row 3: District: Unknown district: X."]
    assert i18n.describe_error(err, "eu")[0].startswith("3. errenkada:")
    assert i18n.describe_error(err, "es")[0].startswith("Fila 3:")


def test_translate_fills_parameters_and_keeps_unknown_ones():
    assert i18n.translate("error.password_short", "en", min=8).endswith("8 characters long.")
    assert "{min}" in i18n.translate("error.password_short", "en")
    assert i18n.translate("no.such.key", "en") == "no.such.key"


@pytest.mark.parametrize("lang,value,decimals,expected", [
    ("es", 350410, 0, "350.410"), ("eu", 1234.5, 1, "1.234,5"), ("en", 350410, 0, "350,410"),
    ("en", None, 0, "–"), ("es", 12, 0, "12"),
])
def test_numbers_are_formatted_per_language(lang, value, decimals, expected):
    assert i18n.format_number(value, lang, decimals) == expected
