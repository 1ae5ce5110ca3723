"""Not one masked secret reaches a file of the build: the canary test.

A canary password, with its base64 forms (AUTH LOGIN, AUTH PLAIN, XOAUTH2)
and its decoded form, is put into a transcript of every format the reader
accepts, in reStructuredText and MyST pages, and the project is built with
every builder, with and without ``-d``. Then every file under the output and
doctree folders (and inside the ePub archive) is searched, case-insensitively
(the search index lowercases words): zero hits.
"""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest

USER = "canaryuser"
SECRET = "Kx7pQz9Wv3Canary"
USER_B64 = base64.b64encode(USER.encode()).decode()
SECRET_B64 = base64.b64encode(SECRET.encode()).decode()
PLAIN_B64 = base64.b64encode(f"\0{USER}\0{SECRET}".encode()).decode()
XOAUTH2_B64 = base64.b64encode(f"user={USER}\x01auth=Bearer {SECRET}\x01\x01".encode()).decode()
ERROR_B64 = base64.b64encode(b'{"status":"401","schemes":"bearer"}\n').decode()

#: Every form of the secret that must not be found.
FORMS = [SECRET, SECRET_B64, USER_B64, PLAIN_B64, XOAUTH2_B64[:40], XOAUTH2_B64[40:]]

#: The session, as (side, text): every kind of credential a client sends.
SESSION = [
    ("S", "220 mx.example.org ESMTP"),
    ("C", "EHLO client.example.net"),
    ("S", "250-mx.example.org"),
    ("S", "250 AUTH LOGIN PLAIN XOAUTH2"),
    ("C", f"AUTH PLAIN {PLAIN_B64}"),
    ("S", "535 5.7.8 Authentication credentials invalid"),
    ("C", "AUTH LOGIN"),
    ("S", "334 VXNlcm5hbWU6"),
    ("C", USER_B64),
    ("S", "334 UGFzc3dvcmQ6"),
    ("C", SECRET_B64),
    ("S", "535 5.7.8 Authentication credentials invalid"),
    ("C", f"AUTH XOAUTH2 {XOAUTH2_B64[:40]}"),
    ("+", XOAUTH2_B64[40:]),  # wrapped, as the RFCs and Google's page print it
    ("S", f"334 {ERROR_B64}"),
    ("C", "*"),
    ("S", "501 5.7.0 Authentication cancelled"),
    ("C", f"AUTH XOAUTH2 user={USER} auth=Bearer {SECRET}"),
    ("S", "235 2.7.0 Accepted"),
    ("C", "QUIT"),
    ("S", "221 2.0.0 Bye"),
]

#: Per format: the server's and the client's marker, and a note line of its own.
MARKERS = {
    "rfc": ("S: ", "C: ", "   ... TLS negotiation proceeds ..."),
    "rfc3030": ("R: ", "S: ", "R: <wait for connection on TCP port 25>"),
    "arrows": ("<<< ", ">>> ", ""),
    "sendmail": ("<<< ", ">>> ", "... while talking to mx.example.org.:"),
    "postfix": (" Out: ", " In:  ", ""),
    "exim": ("  SMTP>> ", "  SMTP<< ", "  cmd buf flush 27 bytes"),
    "exim-bh": ("", "", '>>> using ACL "acl_check_auth"'),
    "smtplib": ("reply: b'", "send: '", "reply: retcode (250); Msg: b'ok'"),
    "swaks": ("<-  ", " -> ", "=== Connected to mx.example.org."),
    "javamail": ("", "", "DEBUG SMTP: connected to host"),
    "plain": ("", "", "Trying 192.0.2.1..."),
}


def transcript(name: str) -> str:
    server, client, note = MARKERS[name]
    lines = [note] if note else []
    for side, text in SESSION:
        if side == "+":
            lines.append("   " + text)
        elif name == "smtplib":
            lines.append(f"{server if side == 'S' else client}{text}\\r\\n'")
        else:
            lines.append((server if side == "S" else client) + text)
    return "\n".join(lines)


def rst_page() -> str:
    parts = ["Canary\n======\n\n.. toctree::\n\n   myst\n"]
    for name in MARKERS:
        body = "\n".join("   " + line if line else "" for line in transcript(name).split("\n"))
        option = "   :show-credentials: no\n" if name == "rfc" else ""
        parts.append(f".. smtp-session::\n   :caption: {name}\n{option}\n{body}\n")
    # a client-only excerpt, and the answer to a 334 the reader rejects
    parts.append(f".. smtp-session::\n\n   C: AUTH LOGIN\n   C: {USER_B64}\n   C: {SECRET_B64}\n")
    parts.append(
        f".. smtp-session::\n\n   C: AUTH LOGIN\n   S: 334VXNlcm5hbWU6\n   C: {SECRET_B64}\n"
    )
    # docutils reads a directive's and an option's name in any case, and one
    # space before "::": so must the masking of the page's source.
    body = "\n".join("   " + line for line in transcript("rfc").split("\n"))
    parts.append(f".. SMTP-Session::\n   :SHOW-CREDENTIALS: no\n\n{body}\n")
    parts.append(f".. smtp-session ::\n\n{body}\n")
    parts.append(".. include:: included.txt\n")
    return "\n".join(parts)


def myst_page() -> str:
    parts = ["# Canary in MyST\n"]
    for name in ("rfc", "smtplib", "swaks", "plain"):
        parts.append(f"```{{smtp-session}}\n:show-credentials: false\n\n{transcript(name)}\n```\n")
    parts.append(f"```{{smtp-session}}\n---\nformat: rfc\n---\n{transcript('rfc')}\n```\n")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("canary") / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_smtpcodes", "myst_parser"]\n'
        'project = "canary"\n'
        'latex_documents = [("index", "canary.tex", "Canary", "Ops", "manual")]\n'
        "suppress_warnings = ['smtpcodes.session']\n"
    )
    (src / "index.rst").write_text(rst_page())
    (src / "myst.md").write_text(myst_page())
    body = "\n".join("   " + line for line in transcript("swaks").split("\n"))
    (src / "included.txt").write_text(f".. smtp-session::\n\n{body}\n")
    return src


BUILDERS = [
    "html",
    "dirhtml",
    "singlehtml",
    "epub",
    "latex",
    "text",
    "man",
    "texinfo",
    "xml",
    "pseudoxml",
    "json",
    "pickle",
    "gettext",
]


def _hits(folder: Path) -> list[str]:
    forms = [form.lower().encode() for form in FORMS]
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        blobs = [(str(path), path.read_bytes())]
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as archive:
                blobs += [(f"{path}!{n}", archive.read(n)) for n in archive.namelist()]
        for where, data in blobs:
            lowered = data.lower()
            found += [f"{where}: {FORMS[i]}" for i, form in enumerate(forms) if form in lowered]
    return found


@pytest.mark.parametrize("doctree_dir", [True, False], ids=["with-d", "without-d"])
@pytest.mark.parametrize("builder", BUILDERS)
def test_no_secret_reaches_any_file_of_the_build(project, tmp_path, builder, doctree_dir):
    from sphinx.cmd.build import build_main

    out = tmp_path / "out"
    args = ["-b", builder, "-q", "-E", str(project), str(out)]
    if doctree_dir:
        args += ["-d", str(tmp_path / "doctrees")]
    assert build_main(args) == 0
    assert _hits(tmp_path) == []
    if builder == "html":
        shown = (out / "index.html").read_text(encoding="utf-8")
        assert shown.count("****") >= 5 * len(MARKERS)
        copy = (out / "_sources" / "index.rst.txt").read_text(encoding="utf-8")
        assert "****" in copy and "smtp-session" in copy


def test_every_canary_transcript_is_read_in_its_format():
    from sphinx_smtpcodes.readers.transcript import parse_transcript

    for name in MARKERS:
        parsed = parse_transcript(transcript(name))
        assert parsed.format == name, name
        assert len(parsed.replies) == 10, name
        assert parsed.problems == (), (name, parsed.problems)
