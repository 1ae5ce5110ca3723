"""A real SMTP session on 127.0.0.1, captured as ``smtplib`` debug output.

:func:`capture_session` starts an ``aiosmtpd`` server on an ephemeral port of
127.0.0.1, talks to it with :class:`smtplib.SMTP` at debug level 1 and
returns what smtplib printed together with every reply smtplib itself read.
The server is started and stopped inside the call; the client has timeouts.
Reused by the transcript tests and by Sphinx-level tests of ``smtp-session``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import smtplib
from typing import Any

from aiosmtpd import smtp as aiosmtpd_smtp
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
USER = "alice"
PASSWORD = "wonderland"
SENDER = "sender@example.com"
REFUSED = "nobody@example.org"
ACCEPTED = "bob@example.org"
REFUSAL = f"550 5.1.1 <{REFUSED}>: Recipient address rejected"
MESSAGE = f"From: {SENDER}\r\nTo: {ACCEPTED}\r\nSubject: transcript test\r\n\r\nHello Bob.\r\n"
TIMEOUT = 10.0


class _Handler:
    """Refuse :data:`REFUSED`, accept every other recipient and the message."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.lower() == REFUSED:
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data) -> Any:
    """Accept ``alice``/``wonderland`` with AUTH LOGIN or AUTH PLAIN."""
    ok = (
        mechanism in ("LOGIN", "PLAIN")
        and isinstance(auth_data, aiosmtpd_smtp.LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return aiosmtpd_smtp.AuthResult(success=ok)


def _drop_deprecation(record: logging.LogRecord) -> bool:
    """A logging filter: drop aiosmtpd's notes on its own deprecated attributes."""
    return "is deprecated" not in record.getMessage()


class _Controller(Controller):
    """A controller listening on port 0: learns its port before the readiness check.

    Its server sends the conventional AUTH LOGIN challenges ``Username:`` and
    ``Password:`` (as Postfix and Exchange do) instead of aiosmtpd's default
    NUL-terminated ``User Name``/``Password``.
    """

    def factory(self) -> aiosmtpd_smtp.SMTP:
        server = super().factory()
        server.AuthLoginUsernameChallenge = "Username:"
        server.AuthLoginPasswordChallenge = "Password:"
        return server

    def _trigger_server(self) -> None:
        if self.server is not None and self.server.sockets:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def capture_session(mechanism: str = "LOGIN") -> tuple[str, list[tuple[int, bytes]]]:
    """Run one SMTP session and capture it.

    The session: connect, EHLO, AUTH (``LOGIN`` without an initial response,
    so the server sends two 334 challenges; or ``PLAIN`` with an initial
    response), MAIL, RCPT to a refused and to an accepted recipient, DATA,
    QUIT. Returns the text smtplib printed to stderr at debug level 1 and
    the ``(code, message)`` replies smtplib read, in order (from
    :meth:`smtplib.SMTP.getreply`, which reads every reply of the session).
    """
    controller = _Controller(
        _Handler(),
        hostname=HOST,
        port=0,
        authenticator=_authenticator,
        auth_require_tls=False,
        server_hostname="mx.example.test",
        ready_timeout=TIMEOUT,
    )
    replies: list[tuple[int, bytes]] = []
    stderr = io.StringIO()
    # aiosmtpd logs a deprecation of its own attribute on AUTH; without a
    # logging handler it would land in the captured stderr.
    server_log = logging.getLogger("mail.log")
    server_log.addFilter(_drop_deprecation)
    controller.start()
    try:
        with contextlib.redirect_stderr(stderr):
            smtp = smtplib.SMTP(timeout=TIMEOUT)
            smtp.set_debuglevel(1)
            read_reply = smtp.getreply

            def getreply() -> tuple[int, bytes]:
                reply = read_reply()
                replies.append(reply)
                return reply

            smtp.getreply = getreply  # type: ignore[method-assign]
            try:
                smtp.connect(HOST, controller.port)
                smtp.ehlo("client.example")
                smtp.user, smtp.password = USER, PASSWORD
                if mechanism == "LOGIN":
                    smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)
                else:
                    smtp.auth(mechanism, getattr(smtp, f"auth_{mechanism.lower()}"))
                smtp.mail(SENDER)
                smtp.rcpt(REFUSED)
                smtp.rcpt(ACCEPTED)
                smtp.data(MESSAGE)
                smtp.quit()
            finally:
                smtp.close()
    finally:
        controller.stop()
        server_log.removeFilter(_drop_deprecation)
    return stderr.getvalue(), replies
