"""What a session's legend says: each code of a transcript, once, with its meaning.

Computed once from a parsed :class:`~sphinx_smtpcodes.readers.transcript.Transcript`
and rendered twice: by the ``smtp-session`` directive and by ``smtpcodes
session``. No Sphinx, no docutils.
"""

from __future__ import annotations

from ..readers.reply import read_reply
from ..readers.transcript import Transcript
from ..registry import Registry, ReplyClass
from ..registry.frozen import frozen
from .labels import code_label, named_code
from .reply import understand

#: At most this many distinct replies of a transcript are read for a vendor's
#: meaning (each reading matches every vendor rule): enough for any session
#: a person pastes, bounded for a 10,000-line log.
VENDOR_READINGS = 300
#: Vendors explain what went wrong; positive replies are read by the standard alone.
_NOT_VENDOR_CLASSES = frozenset({ReplyClass.POSITIVE_COMPLETION, ReplyClass.POSITIVE_INTERMEDIATE})


@frozen
class LegendItem:
    """One code of a session: the code, its label and its one-line meaning."""

    code: str
    label: str
    summary: str
    #: The entry's name (for a tooltip: ``Mailbox Unavailable: …``).
    name: str


def session_legend(transcript: Transcript, registry: Registry) -> tuple[LegendItem, ...]:
    """The codes of ``transcript`` that the registry knows, in order of first appearance,
    then what a recognised vendor meant by one of its replies (read as ``smtp-reply``
    reads a reply: Gmail's ``550 5.2.1 … receiving mail at a rate … - gsmtp``)."""
    items = []
    for key in transcript.codes():
        entry = registry.get(key) if key in registry else None
        if entry is not None:
            label = code_label(entry, registry.translator)
            items.append(LegendItem(key, label, entry.summary, entry.name))
    seen = set()
    read: set[str] = set()
    for reply in transcript.replies:
        text = f"{reply.line.key} {reply.line.text}"
        if text in read or reply.line.code.reply_class in _NOT_VENDOR_CLASSES:
            continue  # a long transcript repeats its replies ("250 OK")
        if len(read) >= VENDOR_READINGS:
            break
        read.add(text)
        reading = understand(read_reply(text), registry)
        meaning = reading.meaning
        if reading.vendor is None or meaning is None or meaning.source != "vendor":
            continue
        if meaning.id in seen:
            continue
        seen.add(meaning.id)
        translator = registry.translator
        name = translator.format(
            "{meaning} ({vendor})", meaning=meaning.name, vendor=reading.vendor.name
        )
        label = named_code(meaning.code, name, translator)
        items.append(LegendItem(meaning.code, label, meaning.summary, meaning.name))
    return tuple(items)


def legend_title(registry: Registry) -> str:
    """The heading of a session's legend."""
    return registry.translator.gettext("Replies in this session")


def decoded_note(text: str, registry: Registry) -> str:
    """The note shown after a 334 challenge: plain ASCII around the decoded text.

    ASCII, not an arrow, so that every LaTeX engine sets it without set-up.
    """
    return "  [" + registry.translator.format("decoded: {text}", text=text) + "]"
