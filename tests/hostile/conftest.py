"""What the hostile suite's many throw-away builds share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="package", autouse=True)
def _compiled_templates() -> Iterator[None]:
    """HTML builds of the hostile suite compile each template once (not other tests' builds).

    Every throw-away project's HTML builder compiles the same theme templates
    and static ``_t`` files again: that took a third of a small HTML build.
    A compiled template is kept under its source text (and name), so a
    template a project changes is compiled anew, and the pages come out the
    same.
    """
    from sphinx.jinja2glue import BuiltinTemplateLoader

    compiled: dict[tuple[Any, ...], Any] = {}
    init = BuiltinTemplateLoader.init

    def cached_init(self: BuiltinTemplateLoader, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        compile_ = self.environment.compile

        def compile_once(source: str, name=None, filename=None, raw=False, defer_init=False):
            key = (source, name, filename, raw, defer_init)
            if key not in compiled:
                compiled[key] = compile_(source, name, filename, raw, defer_init)
            return compiled[key]

        self.environment.compile = compile_once

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BuiltinTemplateLoader, "init", cached_init)
        yield
