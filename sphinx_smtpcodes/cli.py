"""The ``smtpcodes`` command: explain, compare, list, parse, session, bounce and export codes;
print the schema of registry files.

It renders the same content as the Sphinx directives, for a terminal, and
never imports Sphinx (so it starts fast).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__

# Each command imports what it uses when it runs (see sphinx_smtpcodes.lazy):
# ``smtpcodes explain 450`` never loads the readers of transcripts or bounces.
from .content.choices import AUDIENCES, CATEGORIES, MAX_COMPARED
from .readers.formats import FORMATS

if TYPE_CHECKING:
    from .readers.bounce import Bounce
    from .readers.redact import Redactor
    from .registry import Entry, Registry, ReplyExplanation


EXIT_USAGE = 2
#: The status of a command whose reader closed the pipe (``smtpcodes list | head``):
#: what a shell reports for a Unix tool that SIGPIPE stopped (128 + 13).
EXIT_PIPE = 128 + signal.SIGPIPE


class _Fail(Exception):
    """A message for the user; the command exits with status 2."""


def _resolve(registry: Registry, code: str) -> Entry | ReplyExplanation:
    from .registry import CodeSyntaxError

    try:
        found = registry.resolve(code)
    except CodeSyntaxError as err:
        raise _Fail(f"smtpcodes: malformed code {code!r}: {err}") from None
    if found is None:
        raise _Fail(f"smtpcodes: unknown code {code!r}")
    return found


def cmd_explain(registry: Registry, args: argparse.Namespace, out: TextIO) -> None:
    from .content import explain, explain_reply
    from .registry import ReplyExplanation
    from .render.text import render_explanation, render_reply

    blocks = []
    for code in args.codes:
        found = _resolve(registry, code)
        if isinstance(found, ReplyExplanation):
            blocks.append(render_reply(explain_reply(found, registry)))
        else:
            blocks.append(render_explanation(explain(found, registry)))
    out.write("\n\n".join(blocks) + "\n")


def cmd_compare(registry: Registry, args: argparse.Namespace, out: TextIO) -> None:
    from .content import compare
    from .registry import ReplyExplanation
    from .render.text import render_comparison

    entries = []
    for code in args.codes:
        found = _resolve(registry, code)
        if isinstance(found, ReplyExplanation):
            raise _Fail(f"smtpcodes: compare takes codes, not full replies: {code!r}")
        if found.code not in {e.code for e in entries}:
            entries.append(found)
    if len(entries) < 2:
        raise _Fail("smtpcodes: compare needs at least two different codes")
    if len(entries) > MAX_COMPARED:
        print(
            f"smtpcodes: warning: compare takes at most {MAX_COMPARED} codes, got {len(entries)}; "
            f"the last {len(entries) - MAX_COMPARED} are left out",
            file=sys.stderr,
        )
        del entries[MAX_COMPARED:]
    out.write(render_comparison(compare(entries, registry, audience=args.audience)) + "\n")


def cmd_list(registry: Registry, args: argparse.Namespace, out: TextIO) -> None:
    from .content import Selection, select, table_row
    from .render.text import render_rows

    # The same selection as smtp-table and smtp-reference, and their code and name cells.
    selection = Selection(
        reply_class=args.klass or "",
        kind=args.kind or "",
        standard=None if args.standard is None else args.standard == "yes",
        categories=tuple(args.category),
    )
    rows = [table_row(e, ("code", "name"), registry) for e in select(registry, selection)]
    if rows:
        out.write(render_rows(rows) + "\n")


def cmd_parse(registry: Registry, args: argparse.Namespace, out: TextIO) -> None:
    from .content.reply import describe, read_and_understand
    from .render.text import render_reading

    # Words on the command line are one reply; so are the lines of standard input.
    words = [w for w in args.reply if w != "-"]
    text = " ".join(words) if words else sys.stdin.read()
    if not text.strip():
        raise _Fail("smtpcodes: no reply given (pass it as an argument or on standard input)")
    reading = read_and_understand(text, registry)
    if args.format == "json":
        json.dump(reading.as_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    out.write(render_reading(describe(reading, registry)) + "\n")


def cmd_session(registry: Registry, args: argparse.Namespace, out: TextIO) -> None:
    from .content.session import decoded_note, legend_title, session_legend
    from .readers.transcript import parse_transcript
    from .render.text import render_session

    if args.file == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            with open(args.file, encoding="utf-8") as handle:
                text, name = handle.read(), args.file
        except OSError as err:
            raise _Fail(f"smtpcodes: cannot read {args.file}: {err.strerror}") from None
    transcript = parse_transcript(text, show_credentials=args.show_credentials, format=args.format)
    for problem in transcript.problems:
        print(f"smtpcodes: {name}:{problem.line}: {problem.message}", file=sys.stderr)
    legend = () if args.no_legend else session_legend(transcript, registry)
    note = lambda text: decoded_note(text, registry)  # noqa: E731
    out.write(render_session(transcript, legend, legend_title(registry), note) + "\n")


#: Exit statuses of ``bounce``: every input read as a bounce, one is not a
#: bounce, one could not be read.
EXIT_BOUNCE, EXIT_NOT_BOUNCE, EXIT_UNREADABLE = 0, 1, 2


def bounce_record(bounce: Bounce, registry: Registry, source: str) -> dict[str, object]:
    from .content.reply import understand

    """One message read by ``bounce``, as plain data (documented in docs/cli.rst)."""
    return {
        "source": source,
        "kind": bounce.kind,
        "not_bounce": bounce.not_bounce or None,
        "mta": bounce.mta or None,
        "reporting_mta": bounce.reporting_mta or None,
        "arrival_date": bounce.arrival_date or None,
        "date": bounce.header("Date") or None,
        "subject": bounce.header("Subject") or None,
        "recipients": [
            {
                "address": r.address,
                "original_recipient": r.original or None,
                "action": r.action or None,
                "status": r.status or None,
                "status_from": ("field" if r.status_field else "reply") if r.status else None,
                "diagnostic": r.diagnostic or None,
                "diagnostic_type": r.diagnostic_type or None,
                "reply": understand(r.reply, registry).as_json() if r.reply is not None else None,
                "stage": r.stage or None,
                "remote_mta": r.remote_mta or None,
                "last_attempt_date": r.last_attempt or None,
                "will_retry_until": r.will_retry_until or None,
                "agrees": r.agrees,
                "problems": list(r.problems),
            }
            for r in bounce.recipients
        ],
        "original_headers": [{"name": k, "value": v} for k, v in bounce.original_headers],
        "problems": list(bounce.problems),
    }


def _bounce_inputs(names: Sequence[str]) -> list[tuple[str, bytes | None, str]]:
    """(name, data or None, why not) for each FILE, ``-`` meaning standard input."""
    inputs: list[tuple[str, bytes | None, str]] = []
    for name in names or ["-"]:
        if name == "-":
            inputs.append(("-", sys.stdin.buffer.read(), ""))
            continue
        try:
            inputs.append((name, Path(name).read_bytes(), ""))
        except OSError as err:
            inputs.append((name, None, err.strerror or str(err)))
    return inputs


def cmd_bounce(registry: Registry, args: argparse.Namespace, out: TextIO) -> int:
    # Only this command reads mail messages (the email package is slow to import).
    from .content.bounce import explain_bounce
    from .readers.bounce import UnreadableMessage, read_mailbox
    from .readers.redact import Redactor
    from .render.text import render_bounce

    records: list[dict[str, object]] = []
    blocks: list[str] = []
    status = EXIT_BOUNCE
    for name, data, why in _bounce_inputs(args.files):
        if data is None:
            print(f"smtpcodes: cannot read {name}: {why}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        results = read_mailbox(data)
        for index, result in enumerate(results):
            source = name if len(results) == 1 else f"{name}#{index + 1}"
            if isinstance(result, UnreadableMessage):
                print(f"smtpcodes: {source}: {result}", file=sys.stderr)
                status = EXIT_UNREADABLE
                continue
            if result.kind == "not-bounce" and status == EXIT_BOUNCE:
                status = EXIT_NOT_BOUNCE
            redactor = Redactor() if args.redact else None
            if args.format == "json":
                record = bounce_record(result, registry, source)
                if redactor is not None:
                    record = _redact_record(record, redactor)
                records.append(record)
            else:
                report = explain_bounce(result, registry, redactor=redactor)
                heading = f"{source}\n" if len(results) > 1 or len(args.files) > 1 else ""
                blocks.append(heading + render_bounce(report))
    if args.format == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif blocks:
        out.write("\n\n".join(blocks) + "\n")
    return status


#: Keys of a bounce record whose values are our own words or codes, never private.
_PUBLIC_KEYS = frozenset(
    "source kind not_bounce mta action status status_from stage code enhanced class "
    "consistent agrees diagnostic_type unknown".split()
)


def _redact_record(value: object, redactor: Redactor, key: str = "") -> object:
    """Every private string of a record redacted by one redactor (so placeholders agree)."""
    if key in _PUBLIC_KEYS:
        return value
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, list):
        return [_redact_record(item, redactor) for item in value]
    if isinstance(value, dict):
        return {k: _redact_record(item, redactor, k) for k, item in value.items()}
    return value


def entry_record(entry: Entry, registry: Registry) -> dict[str, object]:
    from .content import class_label
    from .registry.schema import to_data

    """One entry as plain data, for ``export``: every field of the schema, and what
    the extension derives from it (kind, class, each reference's label and address)."""
    return {
        **to_data(entry, exports=True),
        "kind": entry.kind,
        "class": class_label(entry, registry.translator),
        "pattern": entry.pattern,
        "variants": to_data(entry.variants, exports=True),
    }


def cmd_export(registry: Registry, args: argparse.Namespace, out: TextIO) -> None:
    from .content.sources import all_urls, is_standard

    urls = all_urls(registry)
    if args.urls:  # one address a line, for linkcheck and other tools
        out.writelines(f"{url}\n" for url in urls)
        return
    records = [entry_record(e, registry) for e in registry]
    sources = [
        {"url": url, "standard": is_standard(url), "codes": codes} for url, codes in urls.items()
    ]
    json.dump(
        {"language": registry.language, "entries": records, "urls": sources},
        out,
        ensure_ascii=False,
        indent=2,
    )
    out.write("\n")


def cmd_schema(args: argparse.Namespace, out: TextIO) -> None:
    from .registry.schema import json_schema

    json.dump(json_schema(), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _explain_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("explain", parents=[common], help="explain codes or replies")
    sub.add_argument("codes", nargs="+", metavar="CODE", help="450, 5.1.1 or '550 5.1.1'")
    sub.set_defaults(run=cmd_explain)


def _compare_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("compare", parents=[common], help="compare two or more codes")
    sub.add_argument("codes", nargs="+", metavar="CODE")
    sub.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="sender",
        help="whom 'When to use which' speaks to: who got the reply (sender, the default) "
        "or who runs the server (operator)",
    )
    sub.set_defaults(run=cmd_compare)


def _list_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("list", parents=[common], help="list codes")
    sub.add_argument(
        "--class", dest="klass", choices=["2", "3", "4", "5", "2xx", "3xx", "4xx", "5xx"]
    )
    sub.add_argument("--kind", choices=["reply", "enhanced"])
    sub.add_argument("--standard", choices=["yes", "no"])
    sub.add_argument(
        "--category",
        action="append",
        default=[],
        choices=CATEGORIES,
        help="codes of this category (repeatable: any of them)",
    )
    sub.set_defaults(run=cmd_list)


def _parse_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser(
        "parse", parents=[common], help="explain a real reply as its server meant it"
    )
    sub.add_argument(
        "reply",
        nargs="*",
        help="the reply in any form (a log line, a DSN value…); '-' or nothing reads stdin",
    )
    sub.add_argument("--format", choices=["text", "json"], default="text")
    sub.set_defaults(run=cmd_parse)


def _session_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser(
        "session", parents=[common], help="explain a transcript (credentials masked)"
    )
    sub.add_argument("file", metavar="FILE", help="the transcript; '-' reads standard input")
    sub.add_argument(
        "--format", choices=["auto", *FORMATS], default="auto", help="its format (detected)"
    )
    sub.add_argument("--show-credentials", action="store_true", help="do not mask credentials")
    sub.add_argument("--no-legend", action="store_true", help="leave out the legend")
    sub.set_defaults(run=cmd_session)


def _bounce_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("bounce", parents=[common], help="explain bounce messages")
    sub.add_argument(
        "files", nargs="*", metavar="FILE", help="messages or mbox files; '-' or nothing: stdin"
    )
    sub.add_argument("--format", choices=["text", "json"], default="text")
    sub.add_argument(
        "--redact", action="store_true", help="mask addresses, IPs, host names and message ids"
    )
    sub.set_defaults(run=cmd_bounce)


def _export_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("export", parents=[common], help="the whole registry as JSON")
    sub.add_argument("--format", choices=["json"], default="json")
    sub.add_argument(
        "--urls",
        action="store_true",
        help="only every outside address the registry cites or links to, one a line",
    )
    sub.set_defaults(run=cmd_export)


def _schema_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sub = commands.add_parser("schema", help="the JSON Schema of a registry file (for editors)")
    sub.set_defaults(run=cmd_schema)


#: Each command and what defines its parser, in the order ``--help`` lists them.
_COMMANDS = {
    "explain": _explain_parser,
    "compare": _compare_parser,
    "list": _list_parser,
    "parse": _parse_parser,
    "session": _session_parser,
    "bounce": _bounce_parser,
    "export": _export_parser,
    "schema": _schema_parser,
}


def parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command-line parser.

    Given the arguments, only the command they name is defined: defining every
    command's options takes longer than some commands run. Without a known
    command (``smtpcodes --help``), all are.
    """
    top = argparse.ArgumentParser(
        prog="smtpcodes",
        description="Explain and compare SMTP reply codes.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", default="en", help="language of the output (en, ko, ...)")
    common.add_argument(
        "--registry-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a project registry file (repeatable)",
    )
    common.add_argument(
        "--locale-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder with more languages (repeatable)",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    words = sys.argv[1:] if argv is None else argv
    named = next((w for w in words if not w.startswith("-")), None)
    for name, define in _COMMANDS.items():
        if named not in _COMMANDS or name == named:
            define(commands, common)
    return top


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command; return its exit status.

    Whatever the input, the command ends with a message, never a traceback:
    a reader that closes the pipe early stops it quietly, and input that is
    not UTF-8 text is named as such.
    """
    try:
        return _run(argv, out)
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_PIPE
    except UnicodeDecodeError as err:
        print(
            f"smtpcodes: the input is not UTF-8 text (byte {err.object[err.start]:#04x} at "
            f"offset {err.start}); convert it first, for example with iconv",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except UnicodeEncodeError as err:
        print(
            f"smtpcodes: the output cannot be written as {err.encoding}; "
            "set PYTHONIOENCODING=utf-8",
            file=sys.stderr,
        )
        return EXIT_USAGE


def _run(argv: Sequence[str] | None, out: TextIO | None) -> int:
    args = parser(argv).parse_args(argv)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Strict UTF-8 whatever the locale: under the C locale Python would
        # otherwise smuggle undecodable bytes through as surrogates.
        sys.stdin.reconfigure(encoding="utf-8", errors="strict")
    out = out or sys.stdout
    if args.run is cmd_schema:  # the schema needs no registry
        cmd_schema(args, out)
        out.flush()
        return 0
    from .registry import load_registry

    registry = load_registry(args.lang, args.registry_file, args.locale_dir)
    for problem in (*registry.problems, *registry.translator.problems):
        print(f"smtpcodes: warning: {problem}", file=sys.stderr)
    try:
        status = args.run(registry, args, out)
    except _Fail as err:
        print(err, file=sys.stderr)
        return EXIT_USAGE
    out.flush()  # here, so that a closed pipe is noticed while it can be handled
    return status or 0


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's StringIO)
        pass
