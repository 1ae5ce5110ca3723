"""What the hostile suite's many throw-away builds share."""

from __future__ import annotations

from collections.abc import Iterator

import jinja2
import pytest


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the rest of the hostile suite.

    Every throw-away project's HTML builder compiles the same theme templates
    again; compiling them took more than a third of a small HTML build. Jinja
    keys a template by its file name and checks its source, so a template a
    project changes is compiled anew: the pages come out the same.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="package", autouse=True)
def _compiled_templates() -> Iterator[None]:
    """HTML builds of the hostile suite reuse compiled theme templates (not other tests)."""
    from sphinx.jinja2glue import BuiltinTemplateLoader

    cache = MemoryBytecodeCache()
    init = BuiltinTemplateLoader.init

    def cached_init(self: BuiltinTemplateLoader, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        self.environment.bytecode_cache = cache

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BuiltinTemplateLoader, "init", cached_init)
        yield
