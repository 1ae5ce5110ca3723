"""The hostile-input suite: whatever a writer, a registry file, a language
file, a transcript or a command line holds, the extension answers with a
located, typed warning (or a clear message) and carries on.

- ``project.py``: writing and building throw-away Sphinx projects;
- ``strategies.py``: the Hypothesis strategies and settings;
- ``test_pure.py``: codes, replies, registry files, overlays, transcripts and
  language files, straight through the pure layer;
- ``test_builds.py``: generated pages for every directive, built in HTML,
  LaTeX and text, in parallel and incrementally;
- ``test_cli.py``: the command line, its arguments and standard input;
- ``test_found.py``: each failure an attack found, kept as a regression test.

See ``docs/security.rst`` for what this suite promises.
"""
