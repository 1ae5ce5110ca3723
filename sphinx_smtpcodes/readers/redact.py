"""Mask the private parts of real mail text: addresses, IPs, host names, message ids.

A :class:`Redactor` replaces each distinct value with a placeholder and
gives the same value the same placeholder every time (within one
redactor), so that a reader can still follow which host said what:

>>> r = Redactor()
>>> r.redact("host mx.example.org[192.0.2.1] said: 550 5.1.1 <bob@example.org>")
'host host-1.invalid[ip-1] said: 550 5.1.1 <user-1@host-2.invalid>'
>>> r.redact("<bob@example.org> again, from 192.0.2.1")
'<user-1@host-2.invalid> again, from ip-1'

An e-mail address keeps its shape (``user-N@`` its domain's placeholder), so
the domain of ``bob@example.org`` and the host ``example.org`` match.
Addresses and IPs inside a URL are masked, its host is kept: a link in a
reply is the server's documentation, not private. Exchange's component
names (``RESOLVER.ADR.RecipNotFound``) are not host names and stay.
Pure Python: no Sphinx, no docutils.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

__all__ = ["Redactor", "redact"]

# Top-level domains that count even in upper or mixed case ("MX.EXAMPLE.COM");
# any other dotted name counts only in lower case, which keeps Exchange's
# "STOREDRV.Deliver" and "RESOLVER.ADR.RecipNotFound" as they are.
_COMMON_TLDS = frozenset(
    "com net org edu gov mil int info biz io co us uk de fr jp kr cn ru br it nl es se no "
    "fi dk pl ch at be cz au nz ca in mx ar za tw hk sg eu me tv cc ws arpa local lan "
    "example invalid test localhost".split()
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"(?:{_LABEL}\.)+[A-Za-z][A-Za-z0-9-]{{0,62}}"
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"
# A candidate only: :func:`ipaddress.ip_address` decides (a time 10:00:00 is not one).
_IPV6 = r"(?:IPv6:)?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)" + _IPV4 + r")?"
_MSGID_RE = re.compile(
    r"(?P<head>(?:Message-ID|In-Reply-To|References|message[- ]id|msgid|id)\s*[:=]\s*<)"
    r"(?P<id>[^<>\s]+@[^<>\s]+)(?=>)",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(
    rf"(?P<url>\b(?:https?|ftp)://[^\s<>'\"]+)"
    rf"|(?<![\w.+-])(?P<email>{_LOCAL})@(?P<domain>{_HOST}|\[[^\]\s]+\])(?![\w-])"
    rf"|(?<![\w.:])(?P<ip4>{_IPV4})(?![\w.]?[0-9])"
    rf"|(?<![\w:.])(?P<ip6>{_IPV6})(?![\w:])"
    rf"|(?<![\w.@-])(?P<host>{_HOST})(?![\w-]|\.[A-Za-z0-9])"
)


@dataclass
class Redactor:
    """Consistent placeholders for e-mail addresses, IPs, host names and message ids.

    One redactor per document (or per bounce message): every call shares
    the numbering, so the same value becomes the same placeholder.
    ``keep`` lists domain names (and their subdomains) that are left as
    they are, such as a vendor's documentation host.
    """

    keep: tuple[str, ...] = ()
    _seen: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _counts: dict[str, int] = field(default_factory=dict, repr=False)

    def redact(self, text: str) -> str:
        """``text`` with its private values replaced by placeholders."""
        text = _MSGID_RE.sub(lambda m: m["head"] + self._placeholder("message", m["id"]), text)
        return _TOKEN_RE.sub(self._replace, text)

    @property
    def mapping(self) -> dict[str, str]:
        """Every value replaced so far (lower-cased) and its placeholder."""
        return {value: placeholder for (_, value), placeholder in self._seen.items()}

    # -- helpers --------------------------------------------------------------------

    def _replace(self, match: re.Match[str]) -> str:
        if match["url"]:
            return self._redact_url(match["url"])
        if match["email"]:
            if match.group().endswith("@redacted.invalid"):
                return match.group()  # already a placeholder
            domain = match["domain"]
            masked_domain = self._domain(domain)
            return f"{self._placeholder('user', match.group())}@{masked_domain}"
        if match["ip4"] or match["ip6"]:
            value = match["ip4"] or match["ip6"]
            if match["ip6"] and not _is_ipv6(value):
                return value  # a time such as 10:00:00 is not an address
            return self._placeholder("ip", value)
        host = match["host"]
        if not _is_host(host):
            return host
        return self._domain(host)

    def _domain(self, domain: str) -> str:
        if domain.startswith("["):  # an address literal: user@[192.0.2.1]
            inner = domain[1:-1]
            return f"[{self._placeholder('ip', inner.removeprefix('IPv6:'))}]"
        if self._kept(domain):
            return domain
        placeholder = self._placeholder("host", domain)
        return f"{placeholder}.invalid"

    def _kept(self, domain: str) -> bool:
        lowered = domain.lower().rstrip(".")
        return any(lowered == k or lowered.endswith("." + k) for k in self.keep)

    def _placeholder(self, kind: str, value: str) -> str:
        key = (kind, value.lower())
        if key not in self._seen:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            number = self._counts[kind]
            self._seen[key] = (
                f"message-{number}@redacted.invalid" if kind == "message" else f"{kind}-{number}"
            )
        return self._seen[key]

    def _redact_url(self, url: str) -> str:
        # The URL's host stays (it is the server's documentation); addresses,
        # IPs and host names in its path or query are masked (Postgrey puts the
        # recipient's domain there: /help/example.org.html).
        scheme, _, rest = url.partition("://")
        host, slash, tail = rest.partition("/")
        return f"{scheme}://{host}{slash}{_TOKEN_RE.sub(self._replace_in_url, tail)}"

    def _replace_in_url(self, match: re.Match[str]) -> str:
        if match["host"] and match["host"].lower().endswith((".html", ".htm", ".php", ".aspx")):
            stem, dot, suffix = match["host"].rpartition(".")
            return self._replace_name(stem) + dot + suffix if _is_host(stem) else match.group()
        return self._replace(match)

    def _replace_name(self, name: str) -> str:
        return self._domain(name)


def _is_host(name: str) -> bool:
    labels = name.split(".")
    if len(labels) < 2:
        return False
    if labels[-1].lower() in _COMMON_TLDS:
        return True
    return name == name.lower() and len(labels[-1]) >= 2 and not labels[-1].isdigit()


def _is_ipv6(value: str) -> bool:
    try:
        return ipaddress.ip_address(value.removeprefix("IPv6:")).version == 6
    except ValueError:
        return False


def redact(text: str, *, keep: tuple[str, ...] = ()) -> str:
    """``text`` redacted by a fresh :class:`Redactor` (one-off use)."""
    return Redactor(keep=keep).redact(text)
