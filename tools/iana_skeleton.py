"""Factual skeleton of the IANA "Enumerated Status Codes" sub-registry.

Reads ``tools/sources/iana-smtp-enhanced-status-codes.xml`` (the IANA SMTP
Enhanced Status Codes registry) and prints, as YAML, the facts of every
enumerated record: code, sample text (our ``name``), basic reply codes,
references, and whether IANA marks the record deprecated or it rests on an
Internet-Draft only.  The prose of ``sphinx_smtpcodes/data/enhanced-codes.yaml``
is written by hand on top of this skeleton; IANA's description text is not
copied (it is printed only with ``--descriptions``, for the writer to read).

Usage::

    python tools/iana_skeleton.py [--descriptions] [path/to/registry.xml]
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"i": "http://www.iana.org/assignments"}
DEFAULT_SOURCE = Path(__file__).parent / "sources" / "iana-smtp-enhanced-status-codes.xml"
ENUMERATED_ID = "smtp-enhanced-status-codes-3"
IANA_REGISTRY = "smtp-enhanced-status-codes"

_REPLY = re.compile(r"\b[2-5][0-9]{2}\b")
_REMARK = re.compile(r"\(([^)]*)\)")
_SECTION = re.compile(r"^\s*,?\s*Sections?\s+([0-9][0-9.]*[0-9]|[0-9])", re.I)


def _text(element: ET.Element | None) -> str:
    """All text of an element, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def parse_basic(raw: str) -> tuple[list[str], str]:
    """``"450, 550 (other 4XX or 5XX codes are allowed)"`` -> codes and remark.

    ``Not given``, ``Any``, ``.``, ``5XX`` and an empty field give no codes.
    """
    remark = "; ".join(m.strip() for m in _REMARK.findall(raw))
    without = _REMARK.sub(" ", raw)
    codes = list(dict.fromkeys(_REPLY.findall(without)))
    return codes, remark


def parse_references(reference: ET.Element | None) -> list[dict]:
    """The ``<xref>`` elements of a ``<reference>``, with a following "Section N"."""
    refs: list[dict] = [{"iana": IANA_REGISTRY}]
    if reference is None:
        return refs
    for xref in reference.findall("i:xref", NS):
        kind, data = xref.get("type"), xref.get("data", "")
        if kind == "rfc" and data.lower().startswith("rfc"):
            ref: dict = {"rfc": int(data[3:])}
        elif kind == "draft":
            ref = {"draft": data}
        else:
            continue
        section = _SECTION.match(xref.tail or "")
        if section:
            ref["section"] = section.group(1)
        refs.append(ref)
    return refs


def _sort_key(code: str) -> tuple[int, int]:
    _, subject, detail = code.split(".")
    return int(subject), int(detail)


def skeleton(source: Path = DEFAULT_SOURCE) -> list[dict]:
    """One dict per enumerated record, ordered by subject then detail."""
    root = ET.parse(source).getroot()
    registry = root.find(f"i:registry[@id='{ENUMERATED_ID}']", NS)
    if registry is None:
        raise SystemExit(f"{source}: no registry {ENUMERATED_ID!r}")
    entries = []
    for record in registry.findall("i:record", NS):
        code = _text(record.find("i:code", NS))
        description = _text(record.find("i:description", NS))
        basic, remark = parse_basic(_text(record.find("i:basic_code", NS)))
        refs = parse_references(record.find("i:reference", NS))
        entry: dict = {
            "code": code,
            "name": _text(record.find("i:sample", NS)),
            "basic": basic,
        }
        if remark:
            entry["basic_note"] = remark
        entry["references"] = refs
        if re.search(r"\b(deprecated|duplicate)\b", description, re.I):
            entry["status"] = "deprecated"
        elif all("draft" in r for r in refs if "iana" not in r):
            entry["status"] = "draft"
        entry["_iana_description"] = description
        entries.append(entry)
    entries.sort(key=lambda e: _sort_key(e["code"]))
    return entries


def _flow(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument(
        "--descriptions",
        action="store_true",
        help="also print IANA's description as a comment (for reading only)",
    )
    args = parser.parse_args(argv)
    entries = skeleton(args.source)
    out = sys.stdout
    out.write(f"# {len(entries)} enumerated records from {args.source.name}\n")
    out.write("codes:\n")
    for entry in entries:
        out.write(f"  - code: {entry['code']}\n")
        for key in ("name", "basic", "basic_note", "references", "status"):
            if key in entry:
                out.write(f"    {key}: {_flow(entry[key])}\n")
        if args.descriptions:
            out.write(f"    # IANA: {entry['_iana_description']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
