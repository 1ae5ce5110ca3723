"""How well real replies are read and explained as their server meant them.

Reads labelled corpora (YAML: ``input``, ``vendor``, ``expect``) and folders of
real material (bounce messages ``*.eml``, one reply per ``*.txt`` file), runs
every reply through :func:`sphinx_smtpcodes.readers.reply.read_reply` and
:func:`sphinx_smtpcodes.content.reply.understand`, and prints per vendor:

- ``replies``: how many;
- ``recognised``: the vendor named as the label says (``vendor: null`` counts
  when no vendor is named);
- ``as meant``: the leading meaning is one the label accepts (``expect``, an
  id or a list of ids: ``gmail.receiving-rate``, ``entry:5.1.1``,
  ``variant:microsoft:5.1.10``, ``class:5.1.X``);
- ``unlabelled``: replies whose meaning we could not establish (left out of the share);
- ``silent``: unknown parts not named in a note (must be 0); ``crashes`` (must be 0).

A folder without labels gets the counts it can have: replies read, with a code,
vendor named, meaning found. Usage::

    python benchmarks/replies.py                        # the corpora in benchmarks/replies/
    python benchmarks/replies.py ../shared/data/real    # also a folder of real material
    python benchmarks/replies.py --misses               # list what was not explained as meant
    python benchmarks/replies.py --extract DIR          # print the replies found in DIR (YAML)
"""

from __future__ import annotations

import argparse
import email
import email.policy
import re
import sys
import traceback
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from sphinx_smtpcodes.content.reply import understand  # noqa: E402
from sphinx_smtpcodes.readers.reply import read_reply  # noqa: E402
from sphinx_smtpcodes.registry import load_registry  # noqa: E402

CORPUS_DIR = ROOT / "replies"

# -- finding replies in real material -------------------------------------------------

_DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")
# A line of a bounce's human-readable part that carries (or starts) a server reply.
_REPLY_LINE = re.compile(
    r"^\s*(?:[2-5][0-9]{2}[ :-]|#?[245]\.[0-9]{1,3}\.[0-9]{1,3}\s)"
    r"|said:|SMTP error from remote|Remote host said:|returned was:|<<<\s*[2-5][0-9]{2}"
    r"|ERROR_CODE\s*:|\(#[245]\.[0-9]{1,3}\.[0-9]{1,3}\)|Remote Server returned",
    re.IGNORECASE,
)
_COPY_MARKERS = re.compile(
    r"copy of the message|Below this line is a copy|original message (?:follows|was)|"
    r"The header of the original message|Message headers follow|^Received: |^Return-Path:",
    re.IGNORECASE | re.MULTILINE,
)


def diagnostic_codes(message: email.message.Message) -> list[str]:
    """The Diagnostic-Code values of a DSN, folding kept (as people paste them)."""
    found = []
    for part in message.walk():
        if part.get_content_type() not in _DSN_TYPES:
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else []
        for block in blocks:
            for name, value in block.items():
                if name.strip().lower() == "diagnostic-code":
                    found.append(str(value).strip())
        if not blocks:  # an unparsed body: find the field in the text
            text = str(payload)
            for match in re.finditer(r"(?im)^Diagnostic-Code\s*:(.*(?:\n[ \t].*)*)", text):
                found.append(match.group(1).strip())
    return found


def body_replies(message: email.message.Message) -> list[str]:
    """Reply passages of the first human-readable part, before the returned copy."""
    for part in message.walk():
        if part.get_content_type() != "text/plain":
            continue
        raw = part.get_payload(decode=True) or b""
        text = raw.decode(part.get_content_charset() or "utf-8", "replace")
        cut = _COPY_MARKERS.search(text)
        text = text[: cut.start()] if cut else text
        lines = text.splitlines()
        found, index = [], 0
        while index < len(lines):
            if _REPLY_LINE.search(lines[index]):
                passage = [lines[index].strip()]
                index += 1
                # a passage goes on over indented or reply-code lines
                while (
                    index < len(lines)
                    and lines[index].strip()
                    and (
                        lines[index][:1].isspace()
                        or re.match(r"[2-5][0-9]{2}[ -]", lines[index])
                        or re.match(r"\s*(?:host|Remote host said|[2-5]\.[0-9])", lines[index])
                    )
                ):
                    passage.append(lines[index].strip())
                    index += 1
                found.append("\n".join(passage))
            else:
                index += 1
        return found
    return []


def replies_in_message(data: bytes) -> list[str]:
    """Every reply a bounce message holds: its DSN fields, else its text's passages."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    return diagnostic_codes(message) or body_replies(message)


def replies_in_folder(folder: Path) -> list[tuple[str, str]]:
    """``(source, reply)`` for every reply in the folder's ``*.eml`` and ``*.txt`` files."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".eml":
            for reply in replies_in_message(path.read_bytes()):
                found.append((path.name, reply))
        elif path.suffix == ".txt" and "replies" in path.parts:
            found.append((path.name, path.read_text(encoding="utf-8").strip()))
    return found


# -- scoring ------------------------------------------------------------------------------


def score(items: list[dict], registry) -> tuple[dict, list[str]]:
    """Per vendor counts, and the lines describing each miss."""
    table: dict[str, Counter] = defaultdict(Counter)
    misses = []
    for item in items:
        label = item.get("vendor") or "(none)"
        row = table[label]
        row["replies"] += 1
        try:
            reading = understand(read_reply(item["input"]), registry)
        except Exception:  # a crash is a finding, not the end of the run
            row["crashes"] += 1
            misses.append(f"CRASH {item['input'][:80]!r}\n{traceback.format_exc(limit=3)}")
            continue
        vendor = reading.vendor.id if reading.vendor else None
        if vendor == item.get("vendor"):
            row["recognised"] += 1
        expect = item.get("expect")
        accepted = expect if isinstance(expect, list) else [expect]
        got = reading.meaning.id if reading.meaning else None
        if expect == "unlabelled":
            row["unlabelled"] += 1
        elif got in accepted:
            row["as meant"] += 1
        else:
            misses.append(
                f"[{label}] {item.get('source', '')}: got {got} (vendor {vendor}), "
                f"expected {accepted}\n    {item['input'][:160]!r}"
            )
        named = {n.message for n in reading.notes if n.kind == "unknown"}
        if any(not any(part in m for m in named) for part in reading.unknown):
            row["silent"] += 1
    return table, misses


def print_table(title: str, table: dict[str, Counter]) -> None:
    print(f"\n{title}\n")
    columns = ("replies", "recognised", "as meant", "unlabelled", "silent", "crashes")
    print(f"| {'vendor':<16} | " + " | ".join(f"{c:>10}" for c in columns) + " |")
    print(f"|{'-' * 18}|" + "|".join("-" * 12 for _ in columns) + "|")
    total: Counter = Counter()
    for vendor in sorted(table, key=lambda v: (v == "(none)", v)):
        row = table[vendor]
        total.update(row)
        print(f"| {vendor:<16} | " + " | ".join(f"{row[c]:>10}" for c in columns) + " |")
    print(f"| {'**all**':<16} | " + " | ".join(f"{total[c]:>10}" for c in columns) + " |")
    labelled = total["replies"] - total["unlabelled"]
    if labelled:
        share = 100 * total["as meant"] / labelled
        recognised = 100 * total["recognised"] / total["replies"]
        print(
            f"\nexplained as meant: {total['as meant']}/{labelled} labelled = {share:.1f} %; "
            f"vendor as labelled: {recognised:.1f} %; silent unknown parts: {total['silent']}; "
            f"crashes: {total['crashes']}"
        )


def survey(found: list[tuple[str, str]], registry) -> None:
    """Counts for unlabelled material: read, with a code, vendor, meaning source."""
    table: Counter = Counter()
    vendors: Counter = Counter()
    for _source, text in found:
        table["replies"] += 1
        try:
            reading = understand(read_reply(text), registry)
        except Exception:
            table["crashes"] += 1
            continue
        if reading.reply.code or reading.reply.enhanced:
            table["with a code"] += 1
        if reading.meaning is not None:
            table[f"meaning: {reading.meaning.source}"] += 1
        vendors[reading.vendor.id if reading.vendor else "(none)"] += 1
    print("\nunlabelled material: " + ", ".join(f"{k} {v}" for k, v in sorted(table.items())))
    print("vendors named: " + ", ".join(f"{k} {v}" for k, v in vendors.most_common()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="folders of real material")
    parser.add_argument("--corpus", type=Path, action="append", help="labelled YAML files")
    parser.add_argument("--misses", action="store_true", help="list what was not as meant")
    parser.add_argument("--extract", type=Path, help="print the replies found in a folder")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    registry = load_registry(args.lang)
    if args.extract:
        found = replies_in_folder(args.extract)
        yaml.safe_dump(
            [{"source": s, "input": r} for s, r in found],
            sys.stdout,
            allow_unicode=True,
            sort_keys=False,
            width=1000,
        )
        return 0
    corpora = args.corpus or sorted(CORPUS_DIR.glob("*.yaml"))
    everything: list[dict] = []
    for path in corpora:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        everything.extend(items)
        table, misses = score(items, registry)
        print_table(f"## {path.name}", table)
        if args.misses and misses:
            print("\n".join(misses))
    if len(corpora) > 1:
        print_table("## all labelled replies", score(everything, registry)[0])
    for folder in args.folders:
        survey(replies_in_folder(folder), registry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
