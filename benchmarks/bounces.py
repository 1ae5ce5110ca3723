"""How well does the bounce reader read a folder of real bounces?

    python benchmarks/bounces.py FOLDER [--sisimai-tests DIR] [--json OUT] [--list]

Every ``*.eml`` (and ``*.mbox``) file in FOLDER is read with
:func:`sphinx_smtpcodes.readers.bounce.read_mailbox`. Per kind of MTA (the
``lhost-NAME-`` / ``rhost-NAME-`` part of the file name where there is one,
else the MTA the reader recognised) it prints:

- messages read (and how many crashed: there must be none),
- the kinds found (dsn, mta, not-bounce),
- recipients found,
- ``Status`` values found, and for DSNs whether every recipient's status is
  exactly the message's ``Status`` fields (found with a plain regular
  expression over the raw text, independently of the reader),
- how often the enhanced code we read in the diagnostic agrees with ``Status``.

For the bounces that are not RFC 3464, the check is the remote server's code
found in the body. With ``--sisimai-tests DIR`` (the ``t/`` folder of a
p5-sisimai checkout, whose test tables give, per corpus file, the expected
delivery status and reply code of each recipient) each such recipient's reply
code is compared with Sisimai's. Without it, the script reports how many of
those bounces gave a reply code or an enhanced code at all.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sphinx_smtpcodes.readers.bounce import (
    Bounce,
    UnreadableMessage,
    read_mailbox,
    split_mailbox,
)

_STATUS_RE = re.compile(
    rb"^Status[ \t]*:[ \t]*([245]\.[0-9]{1,3}\.[0-9]{1,3})", re.MULTILINE | re.I
)
_FAMILY_RE = re.compile(r"^(lhost|rhost)-(.+?)-[0-9]+$")


def family(path: Path, bounce: Bounce | None) -> str:
    """The kind of MTA a file stands for: its corpus name, else what we recognised."""
    match = _FAMILY_RE.match(path.stem)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    prefix = path.stem.rsplit("-", 1)[0]
    if prefix in ("rfc3464", "rfc3834", "arf"):
        return prefix
    return (bounce.mta if bounce else "") or "unknown"


def expected_statuses(raw: bytes) -> list[str]:
    """The ``Status`` values of a message's delivery-status fields, read plainly.

    The returned original message is cut off first (a bounce of a bounce
    quotes the first one's fields).
    """
    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = text.replace(b"=\n", b"")  # quoted-printable soft line breaks
    for marker in (b"\nContent-Type: message/rfc822", b"\nContent-Type: text/rfc822-headers"):
        at = text.lower().find(marker.lower())
        if at > 0:
            text = text[:at]
    return [m.group(1).decode() for m in _STATUS_RE.finditer(text)]


def sisimai_table(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Per corpus file name, Sisimai's expected (status, reply code) per recipient."""
    table: dict[str, list[tuple[str, str]]] = {}
    for test in sorted(folder.glob("*.t")):
        match = re.match(r"[0-9]+-(?:(lhost|rhost)-(.+)|(rfc3464|rfc3834|arf))\.t$", test.name)
        if not match:
            continue
        prefix = f"{match.group(1)}-{match.group(2)}" if match.group(1) else match.group(3)
        text = test.read_text(errors="replace")
        if "$isexpected = {" not in text:
            continue
        body = text.split("$isexpected = {", 1)[1].split("};", 1)[0]
        for item in re.finditer(r"'([0-9]+)'\s*=>\s*\[(.*?)\]\]", body, re.S):
            rows = re.findall(r"\[\s*'([^']*)',\s*'([^']*)',", item.group(2))
            table[f"{prefix}-{item.group(1)}.eml"] = rows
    return table


class Group:
    def __init__(self) -> None:
        self.messages = 0
        self.crashed = 0
        self.unreadable = 0
        self.kinds: Counter[str] = Counter()
        self.recipients = 0
        self.statuses = 0
        self.dsn = 0
        self.dsn_exact = 0
        self.with_status = 0
        self.with_status_exact = 0
        self.both = 0
        self.agree = 0
        self.mta = 0
        self.mta_code = 0
        self.mta_checked = 0
        self.mta_right = 0


def run(folder: Path, sisimai: dict[str, list[tuple[str, str]]], listing: bool) -> dict:
    groups: dict[str, Group] = defaultdict(Group)
    rows = []
    for path in sorted([*folder.glob("*.eml"), *folder.glob("*.mbox")]):
        raw = path.read_bytes()
        try:
            results = read_mailbox(raw)
            chunks = split_mailbox(raw)
        except Exception:
            groups[family(path, None)].crashed += 1
            groups[family(path, None)].messages += 1
            print(f"CRASH {path.name}\n{traceback.format_exc()}", file=sys.stderr)
            continue
        for chunk, result in zip(chunks, results):
            bounce = result if isinstance(result, Bounce) else None
            group = groups[family(path, bounce)]
            group.messages += 1
            if isinstance(result, UnreadableMessage):
                group.unreadable += 1
                rows.append((path.name, "unreadable", str(result)))
                continue
            group.kinds[result.kind] += 1
            group.recipients += len(result.recipients)
            group.statuses += sum(1 for r in result.recipients if r.status)
            for r in result.recipients:
                if r.agrees is not None:
                    group.both += 1
                    group.agree += r.agrees
            verdict = ""
            wanted = sorted(set(expected_statuses(chunk)))
            if wanted:
                # A message with Status fields is an RFC 3464 report, whatever we called it.
                group.with_status += 1
                got = sorted({r.status for r in result.recipients if r.status_field})
                group.with_status_exact += wanted == got and result.kind == "dsn"
            if result.kind == "dsn":
                group.dsn += 1
                got = sorted({r.status for r in result.recipients if r.status_field})
                exact = wanted == got
                group.dsn_exact += exact
                verdict = "exact" if exact else f"status {got} != {wanted}"
            elif result.kind == "mta":
                group.mta += 1
                has_code = any(r.reply is not None or r.status for r in result.recipients)
                group.mta_code += has_code
                expected = sisimai.get(path.name)
                codes = [code for _, code in expected or [] if code]
                if codes:
                    group.mta_checked += 1
                    got_codes = {r.reply.code for r in result.recipients if r.reply}
                    right = set(codes) <= got_codes
                    group.mta_right += right
                    verdict = "code ok" if right else f"code {sorted(got_codes)} != {codes}"
                else:
                    verdict = "code found" if has_code else "no code"
            else:
                verdict = result.not_bounce
            rows.append(
                (
                    path.name,
                    f"{result.kind}/{result.mta or '-'}",
                    f"{verdict}; "
                    + "; ".join(
                        f"{r.address} {r.action} {r.status or '-'} "
                        f"{(r.reply.key if r.reply else '-')} {r.stage or ''}".strip()
                        for r in result.recipients
                    ),
                )
            )
    if listing:
        for name, kind, detail in rows:
            print(f"{name:34} {kind:22} {detail}")
        print()
    return report(groups)


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "—"


def report(groups: dict[str, Group]) -> dict:
    header = (
        f"{'kind of MTA':22} {'msgs':>4} {'crash':>5} {'dsn':>4} {'mta':>4} {'not':>4} "
        f"{'rcpts':>5} {'Status':>6} {'agree/both':>10}"
    )
    print(header)
    print("-" * len(header))
    total = Group()
    for name in sorted(groups):
        g = groups[name]
        print(
            f"{name:22} {g.messages:4} {g.crashed:5} {g.kinds['dsn']:4} {g.kinds['mta']:4} "
            f"{g.kinds['not-bounce']:4} {g.recipients:5} {g.statuses:6} "
            f"{f'{g.agree}/{g.both}':>10}"
        )
        for key, value in vars(g).items():
            if isinstance(value, Counter):
                total.kinds.update(value)
            else:
                setattr(total, key, getattr(total, key) + value)
    print("-" * len(header))
    print(
        f"{'all':22} {total.messages:4} {total.crashed:5} {total.kinds['dsn']:4} "
        f"{total.kinds['mta']:4} {total.kinds['not-bounce']:4} {total.recipients:5} "
        f"{total.statuses:6} {f'{total.agree}/{total.both}':>10}"
    )
    print()
    lines = [
        ("RFC 3464 messages with every recipient's status exact", total.dsn_exact, total.dsn),
        (
            "Messages with Status fields read as RFC 3464, all exact",
            total.with_status_exact,
            total.with_status,
        ),
        ("Other bounces with a remote code read", total.mta_code, total.mta),
    ]
    if total.mta_checked:
        lines.append(
            (
                "Other bounces whose reply codes match Sisimai's table",
                total.mta_right,
                total.mta_checked,
            )
        )
    lines.append(("Diagnostic's enhanced code agrees with Status", total.agree, total.both))
    width = max(len(label) for label, _, _ in lines) + 1
    for label, part, whole in lines:
        print(f"{label + ':':{width}} {_ratio(part, whole)}")
    print("Crashes:", total.crashed, " unreadable:", total.unreadable)
    return {
        "groups": {
            name: {**{k: v for k, v in vars(g).items() if k != "kinds"}, "kinds": dict(g.kinds)}
            for name, g in groups.items()
        },
        "total": {
            **{k: v for k, v in vars(total).items() if k != "kinds"},
            "kinds": dict(total.kinds),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sisimai-tests", type=Path, help="the t/ folder of a p5-sisimai checkout")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--list", action="store_true", help="one line per message first")
    args = parser.parse_args()
    table = sisimai_table(args.sisimai_tests) if args.sisimai_tests else {}
    figures = run(args.folder, table, args.list)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if figures["total"]["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())
