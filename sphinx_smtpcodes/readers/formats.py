"""The transcript formats the readers know, by name: a module of its own, so that
the command line can offer them without loading the reader."""

#: The formats :func:`parse_transcript` reads, with what each looks like.
FORMATS: dict[str, str] = {
    "rfc": "'S: 250 OK' / 'C: EHLO host'",
    "rfc3030": "'R: 250 OK' (server) / 'S: EHLO host' (client)",
    "arrows": "'<<< 250 OK' / '>>> EHLO host'",
    "sendmail": "a Sendmail 'Transcript of session follows' ('<<<' / '>>>')",
    "postfix": "'Out: 250 OK' / 'In: EHLO host'",
    "exim": "Exim debug output, 'SMTP>> 250 OK' / 'SMTP<< EHLO host'",
    "exim-bh": "what 'exim -bh' prints: plain replies, '>>>' trace",
    "smtplib": "Python smtplib debug output, \"send: 'EHLO host'\" / \"reply: b'250 OK'\"",
    "swaks": "swaks output, '<-  250 OK' / ' -> EHLO host'",
    "javamail": "JavaMail debug output: 'DEBUG SMTP:' notes, plain lines",
    "plain": "a telnet or openssl s_client paste: '250 OK' / 'EHLO host'",
}
