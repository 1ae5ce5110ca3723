"""Write every derived file: the label catalogs (extract, update ``.po``, compile
``.mo``), the compiled copies of the bundled registry (``data/compiled.json`` and
the merged ``data/registry.<language>.json``) and the field table of the docs
(``docs/registry-fields.inc``, from the schema).

Run ``python tools/catalogs.py`` (``make catalogs``) after changing a message
in the code, a translation in a ``.po`` file, the bundled YAML or a field of
the schema. One rule covers all of them: a derived file is what this tool
writes now; ``--check`` reports the ones that are not (a test runs it). At
run time nothing is compiled: the package reads the shipped ``.mo`` files
and the JSON copies.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from sphinx_smtpcodes.registry.i18n import CATALOG, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_smtpcodes"
KEYWORDS = {"N_": None, "_": None, "gettext": None, "format": None}


def extract() -> Catalog:
    """Every message id the package marks for translation."""
    template = Catalog(project="sphinx-smtpcodes", domain=CATALOG)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        if message:
            template.add(
                message,
                None,
                [(f"sphinx_smtpcodes/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def po_files() -> list[Path]:
    """The translations shipped with the package."""
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))


def update(check: bool = False) -> list[str]:
    """Bring ``.pot``, ``.po`` and ``.mo`` up to date; return what was (or would be) changed."""
    template = extract()
    changed = []
    pot = LOCALE_DIR / f"{CATALOG}.pot"
    pot_bytes = _po_bytes(template)
    if not pot.exists() or _strip_date(pot.read_bytes()) != _strip_date(pot_bytes):
        changed.append(str(pot))
        if not check:
            pot.write_bytes(pot_bytes)
    for po_path in po_files():
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parent.parent.name, domain=CATALOG)
        created, revised = catalog.creation_date, catalog.revision_date
        catalog.update(template, no_fuzzy_matching=True)
        # The .mo embeds the header: keep the .po's dates, not the extraction's.
        catalog.creation_date, catalog.revision_date = created, revised
        catalog.obsolete.clear()
        new_po = _po_bytes(catalog)
        if _strip_date(po_path.read_bytes()) != _strip_date(new_po):
            changed.append(str(po_path))
            if not check:
                po_path.write_bytes(new_po)
        mo_path = po_path.with_suffix(".mo")
        new_mo = _mo_bytes(catalog)
        if not mo_path.exists() or mo_path.read_bytes() != new_mo:
            changed.append(str(mo_path))
            if not check:
                mo_path.write_bytes(new_mo)
    return changed


def update_compiled(check: bool = False) -> list[str]:
    """Bring the JSON copies of the bundled registry up to date: every file validated
    (``compiled.json``), and the merged registry of each bundled language."""
    from sphinx_smtpcodes.registry import available_languages
    from sphinx_smtpcodes.registry.compiled import (
        COMPILED,
        compile_bundled,
        compile_merged,
        merged_copy,
    )
    from sphinx_smtpcodes.registry.registry import merge

    copies = {COMPILED: compile_bundled()}
    for language in available_languages():
        registry = merge(language, language)  # from the sources, never from a copy
        copies[merged_copy(language)] = compile_merged(
            language, list(registry), registry.variants, registry.problems
        )
    changed = []
    for path, text in copies.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        changed.append(str(path))
        if not check:
            path.write_text(text, encoding="utf-8")
    return changed


DOCS_FIELDS = PACKAGE.parent / "docs" / "registry-fields.inc"


def field_tables() -> str:
    """The docs' field tables (reST), one per record, generated from the schema."""
    from sphinx_smtpcodes.registry.schema import all_records, field_table

    out = [
        ".. This file is generated from sphinx_smtpcodes/registry/schema.py and the",
        "   records in entries.py by tools/catalogs.py (make catalogs); do not edit it.",
        "",
    ]
    done: set[str] = set()
    for schema in all_records():
        if schema.cls.__module__.endswith(".vendors") and "vendors" not in done:
            done.add("vendors")
            out += [
                "The bundled vendor catalogue (``data/vendors/vendors.yaml``, with",
                "``vendors``, ``meanings`` and ``phrases``) is checked by the same schema:",
                "",
            ]
        article = "an" if schema.name[0] in "aeiou" else "a"
        out += [
            f".. list-table:: Fields of {article} {schema.name}",
            "   :header-rows: 1",
            "   :widths: 16 16 14 12 42",
            f"   :name: registry-fields-{schema.name.replace(' ', '-')}",
            "",
            "   * - field",
            "     - type",
            "     - required",
            "     - in an overlay",
            "     - meaning",
        ]
        for name, kind, required, overlay, doc in field_table(schema.cls):
            cells = (f"``{name}``", kind, required, overlay, doc)
            out += [f"   * - {cells[0]}", *(f"     - {c}".rstrip() for c in cells[1:])]
        out.append("")
    return "\n".join(out)


def update_docs(check: bool = False) -> list[str]:
    """Bring the docs' field tables up to date."""
    text = field_tables()
    if DOCS_FIELDS.exists() and DOCS_FIELDS.read_text(encoding="utf-8") == text:
        return []
    if not check:
        DOCS_FIELDS.write_text(text, encoding="utf-8")
    return [str(DOCS_FIELDS)]


def update_all(check: bool = False) -> list[str]:
    """Every derived file brought (or, with ``check``, compared) up to date."""
    return update(check=check) + update_compiled(check=check) + update_docs(check=check)


def _strip_date(data: bytes) -> bytes:
    return b"\n".join(
        line
        for line in data.splitlines()
        if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date', b'"Generated-By'))
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    changed = update_all(check=args.check)
    for path in changed:
        print(("stale: " if args.check else "updated: ") + path)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
