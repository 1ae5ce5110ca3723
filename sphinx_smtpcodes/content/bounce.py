"""What to say about a bounce: who reported what, when, per recipient, and what to do.

:func:`explain_bounce` turns a :class:`~sphinx_smtpcodes.readers.bounce.Bounce`
into a :class:`BounceReport` of plain data, which the directive renders as
docutils nodes and the command line as terminal text. A
:class:`~sphinx_smtpcodes.readers.redact.Redactor`, when given, masks every
address, IP, host name and message id in what is said and in the original
message alike, with the same placeholder for the same value.
"""

from __future__ import annotations

from ..readers.bounce import Bounce, Recipient
from ..readers.redact import Redactor
from ..readers.reply import RealReply
from ..registry import Entry, Registry
from ..registry.frozen import frozen
from ..registry.i18n import N_
from .labels import _code_ref, code_label, named_code
from .model import CodeRef, Para, Text
from .reply import Reading, understand

__all__ = [
    "ACTION_MEANINGS",
    "ACTION_NAMES",
    "BounceReport",
    "RecipientReport",
    "explain_bounce",
]

#: The ``Action`` values of RFC 3464 §2.3.3, as a reader calls them.
ACTION_NAMES = {
    "failed": N_("failed"),
    "delayed": N_("delayed"),
    "delivered": N_("delivered"),
    "relayed": N_("relayed"),
    "expanded": N_("expanded"),
}

#: What each ``Action`` means (RFC 3464 §2.3.3), in our words.
ACTION_MEANINGS = {
    "failed": N_(
        "The message could not be delivered to this recipient, and the reporting server "
        "has stopped trying."
    ),
    "delayed": N_(
        "The reporting server has not been able to deliver the message yet, and keeps trying."
    ),
    "delivered": N_("The message was delivered to this recipient."),
    "relayed": N_(
        "The message was passed on to a system that does not report successful delivery."
    ),
    "expanded": N_(
        "The message was delivered to this address and forwarded from there to several "
        "other addresses."
    ),
}

#: The software that wrote a bounce body, by the reader's name for it.
MTA_NAMES = {
    "postfix": "Postfix",
    "exim": "Exim",
    "sendmail": "Sendmail",
    "qmail": "qmail",
    "exchange": "Microsoft Exchange",
    "office365": "Microsoft 365",
    "gmail": "Gmail",
    "yahoo": "Yahoo",
    "amazonses": "Amazon SES",
    "dragonfly": "DragonFly Mail Agent",
    "opensmtpd": "OpenSMTPD",
    "courier": "Courier",
    "domino": "HCL Domino",
    "notes": "Lotus Notes",
    "mailru": "Mail.ru",
    "yandex": "Yandex",
    "zoho": "Zoho Mail",
    "gmx": "GMX",
}

_NOT_BOUNCE = {
    "auto-reply": N_(
        "This message is not a bounce: it is an automatic reply (RFC 3834), such as an "
        "out-of-office notice. The message it answers was delivered."
    ),
    "feedback-report": N_(
        "This message is not a bounce: it is a feedback report (ARF, RFC 5965), in which a "
        "mailbox provider tells the sender that a recipient marked a message as spam or abuse."
    ),
    "ordinary": N_("This message is not a bounce: it reports no failed or delayed delivery."),
}

LABELS = {
    "recipient": N_("Recipient"),
    "action": N_("Action"),
    "status": N_("Status"),
    "reply": N_("Remote server's reply"),
    "reason": N_("Reason given"),
    "remote": N_("Remote server"),
    "advice": N_("What to do"),
    "original": N_("Original message"),
    "recipients": N_("Recipients"),
    "problems": N_("Problems in this report"),
}


@frozen
class RecipientReport:
    """One row of the recipients table."""

    address: str
    #: The action as the reader's language calls it, or ``""``.
    action: str
    #: What that action means (RFC 3464), or ``""``.
    action_meaning: str
    #: The status code with its name, linked; ``()`` when there is none.
    status: Para
    #: The remote server's reply (or the reporting MTA's own words), as quoted.
    reply: str
    #: The codes in :attr:`reply` that link to their blocks (``550``, ``5.1.1``).
    reply_codes: tuple[str, ...]
    #: The reply explained: its codes with their names and summaries.
    explanation: tuple[Para, ...]
    remote_mta: str
    #: A plain sentence on what the sender should do about this recipient.
    advice: str
    #: Where this recipient's report disagrees with itself.
    notes: tuple[str, ...]


@frozen
class BounceReport:
    """A bounce, ready to render."""

    kind: str
    title: str
    #: Who reported what, when: one or two sentences.
    summary: tuple[str, ...]
    recipients: tuple[RecipientReport, ...]
    labels: dict[str, str]
    #: The returned original message (redacted when asked), or ``""``.
    original: str
    #: What could not be read, in the reader's language where we can.
    notes: tuple[str, ...]


def _entry(registry: Registry, code: str | None) -> Entry | None:
    if not code:
        return None
    try:
        return registry.get(code) if code in registry else None
    except (ValueError, KeyError):
        return None


def _reply_codes(reply: RealReply | None) -> tuple[str, ...]:
    if reply is None:
        return ()
    return tuple(code for code in (reply.code, reply.enhanced) if code)


def _explanation(reading: Reading | None, registry: Registry) -> tuple[Para, ...]:
    """What the server meant (the vendor's meaning when one is recognised), then its codes."""
    if reading is None:
        return ()
    t = registry.translator
    paras: list[Para] = []
    meaning = reading.meaning
    if meaning is not None:
        head: list = [Text(f"{reading.vendor.name}: ")] if reading.vendor is not None else []
        if meaning.code in registry:
            head.append(CodeRef(meaning.code, meaning.code, meaning.summary))
        else:
            head.append(Text(meaning.code))
        head.append(
            Text(t.format(" — {name}. {summary}", name=meaning.name, summary=meaning.summary))
        )
        paras.append(tuple(head))
    lead = meaning.code if meaning is not None and meaning.id.startswith("entry:") else None
    for entry in reading.entries:
        if entry.code != lead:
            ref = CodeRef(entry.code, code_label(entry, t), entry.summary)
            paras.append((ref, Text(" — " + entry.summary)))
    return tuple(paras)


def _advice(recipient: Recipient, reading: Reading | None, registry: Registry) -> str:
    """What the sender should do about this recipient, in plain words."""
    t = registry.translator
    action = recipient.action
    status = recipient.status or (recipient.reply.enhanced if recipient.reply else "") or ""
    code = recipient.reply.code if recipient.reply else None
    digit = (status or code or "")[:1]
    if action in ("delivered", "relayed", "expanded") or digit == "2":
        return t.gettext("Nothing to do: the message reached this recipient.")
    if action == "delayed" or (not action and digit == "4"):
        if recipient.will_retry_until:
            return t.format(
                "Nothing to do yet: the reporting server keeps trying until {date}. "
                "If it gives up, you will receive another report.",
                date=recipient.will_retry_until,
            )
        return t.gettext(
            "Nothing to do yet: the reporting server keeps trying. "
            "If it gives up, you will receive another report."
        )
    # What the server meant gives the fix (a vendor's own advice first), else
    # the most specific code the registry explains.
    fix = reading.meaning.fix if reading is not None and reading.meaning is not None else ""
    if not fix:
        fix = next(
            (
                found.fix
                for found in (_entry(registry, status), _entry(registry, code))
                if found is not None and found.fix
            ),
            "",
        )
    lead = t.gettext("Do not send the message again unchanged.")
    if not fix:
        fix = t.gettext("The report says why delivery failed; act on that first.")
    return " ".join((lead, fix))


def _reporter(bounce: Bounce) -> str:
    host = bounce.reporting_mta
    software = MTA_NAMES.get(bounce.mta, "")
    if host and software:
        return f"{host} ({software})"
    return host or software


def _summary(bounce: Bounce, registry: Registry, mask) -> tuple[str, ...]:
    t = registry.translator
    if bounce.kind == "not-bounce":
        return (t.gettext(_NOT_BOUNCE.get(bounce.not_bounce, _NOT_BOUNCE["ordinary"])),)
    reporter = mask(_reporter(bounce)) or t.gettext("The reporting server")
    date = bounce.header("Date") or bounce.arrival_date
    subject = dict(bounce.original_headers).get("Subject", "")
    if date and subject:
        first = t.format(
            "{reporter} sent this report on {date} about the message “{subject}”.",
            reporter=reporter,
            date=date,
            subject=mask(subject),
        )
    elif date:
        first = t.format("{reporter} sent this report on {date}.", reporter=reporter, date=date)
    else:
        first = t.format("{reporter} sent this report.", reporter=reporter)
    sentences = [first]
    groups: dict[str, list[str]] = {}
    for recipient in bounce.recipients:
        groups.setdefault(recipient.action or "failed", []).append(mask(recipient.address))
    templates = {
        "failed": N_("Delivery failed for {addresses}."),
        "delayed": N_("Delivery is delayed for {addresses}."),
        "delivered": N_("The message was delivered to {addresses}."),
        "relayed": N_("The message was relayed for {addresses}."),
        "expanded": N_("The message was delivered to {addresses} and forwarded from there."),
    }
    for action, addresses in groups.items():
        template = templates.get(action, templates["failed"])
        sentences.append(t.format(template, addresses=t.join(addresses)))
    return tuple(sentences)


def explain_bounce(
    bounce: Bounce, registry: Registry, *, redactor: Redactor | None = None
) -> BounceReport:
    """What to say about ``bounce``, in the registry's language.

    With a ``redactor``, every e-mail address, IP address, host name and
    message id is masked, consistently across the summary, the table and the
    original message.
    """
    t = registry.translator

    def mask(text: str) -> str:
        return redactor.redact(text) if redactor is not None and text else text

    rows = []
    for recipient in bounce.recipients:
        status_entry = _entry(registry, recipient.status)
        reading = understand(recipient.reply, registry) if recipient.reply is not None else None
        status: Para = ()
        meaning = reading.meaning if reading is not None else None
        if (
            recipient.status
            and meaning is not None
            and meaning.source == "vendor"
            and recipient.status in meaning.code.split()
        ):
            # The vendor's meaning of its own code, not the standard one it contradicts.
            label = named_code(recipient.status, meaning.name, t)
            status = (CodeRef(recipient.status, label, meaning.summary),)
        elif recipient.status:
            status = (
                (_code_ref(registry, recipient.status),)
                if status_entry is not None
                else (Text(recipient.status),)
            )
        notes = []
        if recipient.agrees is False and recipient.reply is not None:
            notes.append(
                t.format(
                    "The Status field says {status}, but the remote server's reply says {reply}.",
                    status=recipient.status,
                    reply=recipient.reply.enhanced,
                )
            )
        # The reader's other remarks (an Action RFC 3464 does not define, a
        # Status without a code) quote the message and stay as written.
        notes += [p for p in recipient.problems if not p.startswith("Status says")]
        rows.append(
            RecipientReport(
                address=mask(recipient.address),
                action=t.gettext(ACTION_NAMES[recipient.action])
                if recipient.action in ACTION_NAMES
                else recipient.action,
                action_meaning=t.gettext(ACTION_MEANINGS[recipient.action])
                if recipient.action in ACTION_MEANINGS
                else "",
                status=status,
                reply=mask(recipient.diagnostic),
                reply_codes=_reply_codes(recipient.reply),
                explanation=_explanation(reading, registry),
                remote_mta=mask(recipient.remote_mta),
                advice=_advice(recipient, reading, registry),
                notes=tuple(mask(note) for note in notes),
            )
        )
    if bounce.kind == "not-bounce":
        title = t.gettext("Not a bounce")
    else:
        title = t.format("Bounce report from {reporter}", reporter=mask(_reporter(bounce)))
        if not _reporter(bounce):
            title = t.gettext("Bounce report")
    return BounceReport(
        kind=bounce.kind,
        title=title,
        summary=_summary(bounce, registry, mask),
        recipients=tuple(rows),
        labels={key: t.gettext(label) for key, label in LABELS.items()},
        original=mask(bounce.original),
        notes=tuple(mask(p) for p in bounce.problems),
    )
