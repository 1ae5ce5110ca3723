"""The values a writer or a user may choose from: options of the directives,
configuration values and the command's arguments. A module of its own, so
that checking them loads none of the content."""

#: The most codes one comparison holds. Every code is named in the lead, the key
#: differences and "when to use which"; past thirty those stop being sentences a
#: reader follows (a table of any length is ``smtp-table``'s job). The directive
#: and the command line warn, and compare the first thirty.
MAX_COMPARED = 30


#: Whom "When to use which" speaks to: the reader who got the reply (what to do
#: about it, the entry's ``advice``), or the people who run the server (which
#: code to send, its ``use``).
AUDIENCES = ("sender", "operator")


#: Categories a writer can filter by; derived from commands and subjects.
CATEGORIES = (
    "connection",
    "tls",
    "authentication",
    "addressing",
    "mailbox",
    "message",
    "policy",
    "protocol",
    "system",
    "queue",
)
