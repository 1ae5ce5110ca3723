"""One schema: the loader, the export, the docs' field table and the JSON Schema agree.

Each registry field is declared once (``registry/entries.py``, kinds in
``registry/schema.py``); these tests check that everything said about the
fields comes from there, and pin the traps found by hand (issue 10, part 4).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sphinx_smtpcodes.cli import main
from sphinx_smtpcodes.registry import Entry, Meaning, Reference, Variant, load_registry
from sphinx_smtpcodes.registry.schema import all_records, json_schema, schema_of

from .conftest import problem_messages, write_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sphinx_smtpcodes" / "data"


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


# -- everything derived from the schema --------------------------------------------------


def test_every_derived_file_is_up_to_date():
    """One staleness rule: catalogs, compiled copy and the docs' field table are what
    ``make catalogs`` writes now."""
    from tools.catalogs import update_all

    assert update_all(check=True) == [], "run `make catalogs`: a derived file is stale"


def test_a_korean_process_reads_the_shipped_catalog_and_never_compiles_the_po():
    """After a fresh clone the .po may be newer than the .mo; the .mo is read anyway."""
    from sphinx_smtpcodes.registry.i18n import CATALOG, LOCALE_DIR

    po = LOCALE_DIR / "ko" / "LC_MESSAGES" / f"{CATALOG}.po"
    before = po.stat()
    code = (
        "import sys; from sphinx_smtpcodes.registry import load_registry\n"
        "r = load_registry('ko'); print(r.translator('Description'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    try:
        os.utime(po, (before.st_atime, before.st_mtime + 3600))  # as a checkout may leave it
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    finally:
        os.utime(po, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert result.stdout.splitlines() == ["설명", "[]"], result.stdout


def test_every_record_field_is_declared_in_the_schema():
    # A field of a record without a declaration would be neither loaded nor documented.
    internal = {"pattern", "variants", "source"}  # set by the registry, never by a file
    for cls in (Entry, Variant, Reference, Meaning):
        declared = {f.name for f in schema_of(cls).fields}
        assert {f.name for f in dataclasses.fields(cls)} - internal == declared, cls


def test_docs_field_table_lists_every_field_with_its_documentation():
    table = (ROOT / "docs" / "registry-fields.inc").read_text(encoding="utf-8")
    assert ".. include:: registry-fields.inc" in (ROOT / "docs" / "registry.rst").read_text()
    for schema in all_records():
        anchor = schema.name.replace(" ", "-")
        section = table.split(f":name: registry-fields-{anchor}\n", 1)[1].split(
            ".. list-table::", 1
        )[0]
        names = re.findall(r"^   \* - ``(\w+)``$", section, flags=re.M)
        assert names == [f.name for f in schema.fields], schema.name
        for field in schema.fields:
            assert field.doc in section


def test_export_has_every_schema_field_and_the_derived_ones():
    status, text = _run("export")
    assert status == 0
    entries = {e["code"]: e for e in json.loads(text)["entries"]}
    fields = [f.name for f in schema_of(Entry).fields]
    for record in entries.values():
        assert [name for name in record if name in fields] == fields
        assert {"kind", "class", "pattern", "variants"} <= record.keys()
    reference = entries["450"]["references"][0]
    assert reference["rfc"] == 5321 and reference["label"].startswith("RFC 5321")
    assert reference["url"].startswith("https://www.rfc-editor.org/rfc/rfc5321")
    variant = next(v for e in entries.values() for v in e["variants"])
    assert [name for name in variant if name != "references"] == [
        f.name for f in schema_of(Variant).fields if f.name != "references"
    ]


def test_schema_command_prints_a_json_schema_from_the_same_declarations():
    status, text = _run("schema")
    assert status == 0
    schema = json.loads(text)
    assert schema["$schema"].endswith("2020-12/schema")
    defs = schema["$defs"]
    for record in all_records():
        assert list(defs[record.name]["properties"]) == [f.name for f in record.fields]
        for field in record.fields:
            assert defs[record.name]["properties"][field.name]["description"] == field.doc
    # What an overlay may give: the translated fields, and the keys of nested records.
    assert set(defs["entry-translation"]["properties"]) == set(schema_of(Entry).translated)
    assert defs["meaning-translation"]["required"] == ["context"]
    assert defs["variant-translation"]["required"] == ["code", "vendor"]
    assert schema == json_schema()


def _accepts(schema: dict, value: object, node: dict | None = None) -> bool:
    """A small JSON Schema check (the subset the schema uses), without a dependency."""
    node = schema if node is None else node
    if "$ref" in node:
        return _accepts(schema, value, schema["$defs"][node["$ref"].rsplit("/", 1)[1]])
    if "oneOf" in node and sum(_accepts(schema, value, n) for n in node["oneOf"]) != 1:
        return False
    if "anyOf" in node and not any(_accepts(schema, value, n) for n in node["anyOf"]):
        return False
    if "enum" in node and value not in node["enum"]:
        return False
    types = node.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        kinds = {
            "string": str,
            "integer": int,
            "boolean": bool,
            "array": list,
            "object": dict,
        }
        if not any(isinstance(value, kinds[t]) for t in names):
            return False
        if isinstance(value, bool) and "boolean" not in names:
            return False
    if isinstance(value, str) and "pattern" in node and not re.search(node["pattern"], value):
        return False
    if isinstance(value, list) and "items" in node:
        return all(_accepts(schema, item, node["items"]) for item in value)
    if isinstance(value, dict):
        if any(name not in value for name in node.get("required", ())):
            return False
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                if not _accepts(schema, item, properties[name]):
                    return False
            elif extra is False:
                return False
            elif isinstance(extra, dict) and not _accepts(schema, item, extra):
                return False
    return True


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(DATA).as_posix() for p in DATA.glob("**/*.yaml") if "vendors" not in p.parts
    ),
)
def test_json_schema_accepts_every_bundled_file(path):
    schema = json_schema()
    assert _accepts(schema, yaml.safe_load((DATA / path).read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "data",
    [
        {"codes": [{"code": "450", "fixx": "typo"}]},
        {"codes": [{"name": "No code"}]},
        {"codes": [{"code": "450", "standard": "maybe"}]},
        {"codes": [{"code": "450", "references": [{"title": "No link"}]}]},
        {"language": "ko", "codes": {"450": {"commands": ["RCPT"]}}},
        {"language": "ko", "variants": [{"code": "4.5.3", "name": "No vendor"}]},
    ],
)
def test_json_schema_refuses_what_the_loader_refuses(tmp_path, data):
    assert not _accepts(json_schema(), data)
    registry = load_registry("ko", [write_file(tmp_path, yaml.safe_dump(data, allow_unicode=True))])
    assert registry.problems


# -- traps found by hand -----------------------------------------------------------------


def test_codes_may_be_numbers_in_lists_as_in_the_code_field(tmp_path):
    path = write_file(tmp_path, "codes:\n  - code: 450\n    related: [451, 5.1.1, '452']\n")
    registry = load_registry("en", [path])
    assert problem_messages(registry) == []
    assert registry.get("450").related == ("451", "5.1.1", "452")


def test_commands_match_whatever_their_case(tmp_path):
    path = write_file(tmp_path, "codes:\n  - code: '450'\n    commands: [rcpt, Data, MAIL]\n")
    registry = load_registry("en", [path])
    assert problem_messages(registry) == []
    assert registry.get("450").commands == ("RCPT", "DATA", "MAIL")
    typo = load_registry(
        "en", [write_file(tmp_path, "codes:\n  - code: '450'\n    commands: [rctp]\n")]
    )
    assert any("unknown command 'rctp' (did you mean 'RCPT'?)" in m for m in problem_messages(typo))


ENGLISH_VARIANTS = """\
variants:
  - code: "550 5.7.990"
    vendor: Example Mail
    name: Blocked by Example
    summary: Example Mail refuses the sender.
  - code: "550 5.7.991"
    vendor: Example Mail
    name: Listed by Example
    summary: Example Mail lists the sender.
"""
KOREAN_VARIANTS = """\
language: ko
variants:
  - code: "550 5.7.991"
    vendor: Example Mail
    name: 예제 목록에 오름
  - code: "550 5.7.990"
    vendor: Example Mail
    name: 예제가 차단함
"""


def test_translated_variants_are_matched_by_code_and_vendor_not_by_position(tmp_path):
    english = write_file(tmp_path, ENGLISH_VARIANTS, "en.yaml")
    korean = write_file(tmp_path, KOREAN_VARIANTS, "ko.yaml")
    registry = load_registry("ko", [english, korean])
    assert problem_messages(registry) == []
    names = {v.code: v.name for v in registry.variants if v.vendor == "Example Mail"}
    assert names == {"550 5.7.990": "예제가 차단함", "550 5.7.991": "예제 목록에 오름"}
    # An English variant inserted before them shifts no translation.
    inserted = ENGLISH_VARIANTS.replace(
        "variants:\n",
        "variants:\n  - code: '550 5.7.989'\n    vendor: Example Mail\n"
        "    name: New\n    summary: A new one.\n",
    )
    registry = load_registry("ko", [write_file(tmp_path, inserted, "en.yaml"), korean])
    names = {v.code: v.name for v in registry.variants if v.vendor == "Example Mail"}
    assert names == {
        "550 5.7.989": "New",
        "550 5.7.990": "예제가 차단함",
        "550 5.7.991": "예제 목록에 오름",
    }


def test_a_translation_that_matches_no_variant_is_a_located_problem(tmp_path):
    english = write_file(tmp_path, ENGLISH_VARIANTS, "en.yaml")
    korean = write_file(tmp_path, KOREAN_VARIANTS.replace("5.7.991", "5.7.999", 1), "ko.yaml")
    messages = problem_messages(load_registry("ko", [english, korean]))
    assert any(
        m.startswith(f"{korean}:3: variant 550 5.7.999 of 'Example Mail' translates no variant")
        for m in messages
    ), messages


def test_translated_meanings_are_matched_by_context(tmp_path):
    overlay = write_file(
        tmp_path,
        "language: ko\ncodes:\n  '454':\n    meanings:\n"
        "      - context: STARTTLS\n        text: 'TLS 번역'\n"
        "      - context: AUTH\n        text: '인증 번역'\n",
    )
    registry = load_registry("ko", [overlay])
    assert problem_messages(registry) == []
    meanings = {m.context: m.text for m in registry.get("454").meanings}
    assert meanings == {"AUTH": "인증 번역", "STARTTLS": "TLS 번역"}
    wrong = write_file(
        tmp_path,
        "language: ko\ncodes:\n  '454':\n    meanings:\n      - context: DATA\n        text: x\n",
        "wrong.yaml",
    )
    assert any(
        "the meaning 'DATA' translates no meaning of the code (its meanings: AUTH, STARTTLS)" in m
        for m in problem_messages(load_registry("ko", [wrong]))
    )


def test_a_translated_meaning_must_name_its_context(tmp_path):
    text = "language: ko\ncodes:\n  '454':\n    meanings:\n      - text: x\n"
    overlay = write_file(tmp_path, text)
    assert any(
        "meanings'[0]: a translated meaning needs context" in m
        for m in problem_messages(load_registry("ko", [overlay]))
    )


def test_a_field_that_is_not_translated_is_refused_in_an_overlay_with_a_hint(tmp_path):
    overlay = write_file(tmp_path, "language: ko\ncodes:\n  '450':\n    commands: [RCPT]\n")
    assert any(
        "entry 450: field 'commands' is not translated" in m
        for m in problem_messages(load_registry("ko", [overlay]))
    )


def test_the_compiled_vendor_catalogue_equals_its_yaml(monkeypatch):
    from sphinx_smtpcodes.registry import compiled, vendors

    overlays = sorted((vendors.VENDOR_DIR / "locales" / "ko").glob("*.yaml"))
    fast = vendors.read_catalogue(vendors.VENDOR_DIR / "vendors.yaml", overlays)
    monkeypatch.setattr(compiled, "_current", lambda: None)  # as if the copy were stale
    slow = vendors.read_catalogue(vendors.VENDOR_DIR / "vendors.yaml", overlays)
    assert fast == slow
    assert fast.problems == () and len(fast.meanings) > 40
