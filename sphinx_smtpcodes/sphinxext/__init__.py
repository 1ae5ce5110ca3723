"""The Sphinx layer: the ``smtp`` domain, its directives and roles, event
handlers, transforms and configuration. It turns content into docutils nodes
through :mod:`sphinx_smtpcodes.render.nodes`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).resolve().parent.parent / "static"


def _add_static_path(app: Sphinx, config: Config) -> None:
    # Through html_static_path the stylesheet is copied before pages are
    # written, so every build links it the same way. Added when the
    # configuration is read, before Sphinx compares it with the last build's,
    # so that a rebuild does not see a changed option.
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]


def directive_classes() -> dict[str, type]:
    """Every directive of the domain: ``smtp-<name>`` -> its class."""
    from .bounce import SMTPBounceDirective
    from .directives import SMTPCodeDirective, SMTPCompareDirective
    from .reference import SMTPReferenceDirective, SMTPTableDirective
    from .reply import SMTPReplyDirective
    from .session import SMTPSessionDirective

    return {
        "code": SMTPCodeDirective,
        "compare": SMTPCompareDirective,
        "table": SMTPTableDirective,
        "reference": SMTPReferenceDirective,
        "session": SMTPSessionDirective,
        "reply": SMTPReplyDirective,
        "bounce": SMTPBounceDirective,
    }


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``smtp`` domain, directives, roles and configuration."""
    from ..registry.i18n import CATALOG, LOCALE_DIR
    from ..render import mention
    from .config import CONFIG_VALUES, check_config, report_registry
    from .domain import CodeRole, SMTPDomain
    from .html import CopyableTranscripts, FoldedOriginals, ScrollingTables, add_header_scopes
    from .incremental import UntargetedBlocks, remember_reading, settle_targets
    from .index import CodeIndex, remove_stale_index
    from .links import ExternalLinkPolicy, MentionResolver, preview_neighbours
    from .reply import redact_source
    from .session import (
        ExpandTranscripts,
        setup_masking,
    )
    from .transforms import (
        GeneratedTextNotTranslatable,
        LatexBlockTargets,
        LatexTypography,
        ListedElsewhere,
        MentionTooltips,
        PlainManMentions,
        PlainTranscripts,
        UnspanSharedCells,
    )

    for name, default, rebuild, types in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types)
    directives = directive_classes()
    SMTPDomain.directives = directives
    SMTPDomain.indices = [CodeIndex]
    app.add_domain(SMTPDomain)
    for name, directive in directives.items():
        app.add_directive(f"smtp-{name}", directive)
    app.add_role("smtp", CodeRole())
    app.add_node(
        mention.linked_mention,
        html=(mention.visit_linked_mention, mention.depart_linked_mention),
    )
    mention.leave_out_of_contents()
    app.add_post_transform(ExpandTranscripts)
    app.add_transform(GeneratedTextNotTranslatable)
    app.add_post_transform(UntargetedBlocks)
    app.add_post_transform(MentionTooltips)
    app.add_post_transform(ListedElsewhere)
    app.add_post_transform(ScrollingTables)
    app.add_post_transform(CopyableTranscripts)
    app.add_post_transform(FoldedOriginals)
    app.add_post_transform(LatexBlockTargets)
    app.add_post_transform(LatexTypography)
    app.add_post_transform(MentionResolver)
    app.add_post_transform(PlainTranscripts)
    app.add_post_transform(PlainManMentions)
    app.add_post_transform(ExternalLinkPolicy)
    app.add_post_transform(UnspanSharedCells)
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.add_css_file("smtpcodes.css")
    app.add_js_file("smtpcodes.js", loading_method="defer")
    app.connect("config-inited", check_config)
    app.connect("config-inited", preview_neighbours)
    app.connect("builder-inited", report_registry)
    app.connect("html-page-context", add_header_scopes)
    app.connect("env-before-read-docs", remember_reading)
    app.connect("env-updated", settle_targets)
    app.connect("build-finished", remove_stale_index)
    app.connect("config-inited", _add_static_path)
    setup_masking(app, extra=(redact_source,))
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
