"""Configuration values, the registry of a build, and warnings.

All configuration names start with ``smtpcodes_``. The registry is loaded
through :func:`sphinx_smtpcodes.registry.load_registry`, which parses the
bundled data once per process and re-reads a project file only when it
changes.
"""

from __future__ import annotations

import dataclasses
import re
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .. import content
from ..lazy import lazy_module
from ..registry.i18n import BUNDLED_LOCALES

records = lazy_module("sphinx_smtpcodes.registry.entries")
registries = lazy_module("sphinx_smtpcodes.registry.registry")


if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger("sphinx_smtpcodes")

#: (name, default, rebuild, types, description) of every configuration value.
CONFIG_VALUES: tuple[tuple[str, Any, str, tuple[type, ...]], ...] = (
    # Language of the explanations; None follows Sphinx's ``language``.
    ("smtpcodes_language", None, "env", (str, type(None))),
    # The project's registry files (paths relative to conf.py).
    ("smtpcodes_registry_files", [], "env", (list, tuple)),
    # Folders with more languages: <dir>/<lang>/*.yaml and LC_MESSAGES catalogs.
    ("smtpcodes_locale_dirs", [], "env", (list, tuple)),
    # Whom "When to use which" in smtp-compare speaks to: "sender" (the reader who
    # got the reply: what to do about it) or "operator" (which code to send).
    ("smtpcodes_audience", "sender", "env", (str,)),
    # Whether :smtp:`450` shows the name too: "450 Mailbox Unavailable".
    ("smtpcodes_show_name", False, "env", (bool,)),
    # Where a mention links when no block of the project documents its code:
    # "source" (the RFC section or IANA entry), "intersphinx" (another
    # project's block first), a URL template ("https://…/{code}.html"), or None.
    ("smtpcodes_mention_links", "source", "env", (str, type(None))),
    # Which outside pages generated blocks link to: "all", "standards", "none".
    ("smtpcodes_external_links", "all", "env", (str,)),
    # Which vendors' notes blocks show: True (all), False (none), or a list of names.
    ("smtpcodes_vendor_notes", True, "env", (bool, list, tuple)),
)


def warn(message: str, subtype: str, location: Any) -> None:
    """A writer-facing warning of type ``smtpcodes`` that ``suppress_warnings`` can silence."""
    logger.warning(message, type="smtpcodes", subtype=subtype, location=location)


def env_confdir(config: Config) -> str:
    """The folder of ``conf.py`` (paths in the configuration are relative to it)."""
    return str(getattr(config, "_smtpcodes_confdir", "") or ".")


def _paths(config: Config, name: str) -> list[str]:
    return [str(Path(env_confdir(config), p)) for p in getattr(config, name) or []]


def registry_files(config: Config) -> list[str]:
    """The project's registry files, as absolute paths."""
    return _paths(config, "smtpcodes_registry_files")


def language(config: Config) -> str:
    """The language asked for: ``smtpcodes_language`` or else ``language``."""
    return config.smtpcodes_language or config.language or "en"


#: The registry of each build, so that a mention costs a dictionary look-up.
_BUILD_REGISTRIES: weakref.WeakKeyDictionary[BuildEnvironment, registries.Registry] = (
    weakref.WeakKeyDictionary()
)


#: Values derived from the registry, made once per build (see :func:`build_cache`).
_BUILD_CACHES: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, dict]] = (
    weakref.WeakKeyDictionary()
)


def build_cache(env: BuildEnvironment, name: str) -> dict:
    """A dictionary that lives as long as this build's registry: for values derived
    from it that many mentions ask for (tooltips, fallback links)."""
    caches = _BUILD_CACHES.get(env)
    if caches is None:
        caches = _BUILD_CACHES[env] = {}
    return caches.setdefault(name, {})


def get_registry(env: BuildEnvironment) -> registries.Registry:
    """The registry of this build: loaded once when the build starts."""
    registry = _BUILD_REGISTRIES.get(env)
    if registry is None:
        config = env.config
        registry = registries.load_registry(
            language(config), registry_files(config), _paths(config, "smtpcodes_locale_dirs")
        )
        registry = with_vendors(registry, config.smtpcodes_vendor_notes)
        _BUILD_REGISTRIES[env] = registry
    return registry


def vendor_matches(vendor: str, names: Iterable[str]) -> bool:
    """Whether one of ``names`` occurs in ``vendor`` (case ignored): ``"google"`` keeps
    "Google Gmail / Google Workspace"."""
    folded = vendor.casefold()
    return any(name.casefold() in folded for name in names if name.strip())


def with_vendors(
    registry: registries.Registry, vendors: bool | Sequence[str]
) -> registries.Registry:
    """The registry with only the vendor meanings ``smtpcodes_vendor_notes`` asks for.

    The bundled registry is shared by every build of the process, so a
    filtered copy is made (once per build) rather than changing it.
    """
    if vendors is True:
        return registry
    names = () if vendors is False else tuple(vendors)

    def keep(variants: tuple[records.Variant, ...]) -> tuple[records.Variant, ...]:
        return tuple(v for v in variants if vendor_matches(v.vendor, names))

    entries = {
        key: dataclasses.replace(entry, variants=keep(entry.variants)) if entry.variants else entry
        for key, entry in registry.entries.items()
    }
    return dataclasses.replace(
        registry,
        entries=MappingProxyType(entries),
        variants=keep(registry.variants),
        _bound={},
    )


#: The files a page that uses codes depends on, found once per build.
_DEPENDENCIES: weakref.WeakKeyDictionary[BuildEnvironment, tuple[str, ...]] = (
    weakref.WeakKeyDictionary()
)


def dependencies(env: BuildEnvironment) -> tuple[str, ...]:
    """The project's registry files and every file under ``smtpcodes_locale_dirs``.

    Editing an overlay, a ``.po`` or a ``.mo`` there changes what the pages say.
    """
    found = _DEPENDENCIES.get(env)
    if found is None:
        files = list(registry_files(env.config))
        for folder in _paths(env.config, "smtpcodes_locale_dirs"):
            try:
                files += sorted(str(p) for p in Path(folder).rglob("*") if p.is_file())
            except OSError:
                continue  # a missing folder is reported with the registry's problems
        found = _DEPENDENCIES[env] = tuple(files)
    return found


def note_dependencies(env: BuildEnvironment) -> None:
    """Record (once per page) that the page depends on the project's language and
    registry files."""
    if env.temp_data.get("smtpcodes_dependencies"):
        return
    env.temp_data["smtpcodes_dependencies"] = True
    for path in dependencies(env):
        env.note_dependency(path)


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:line`` where ``name`` is set (``None`` when it is set elsewhere, as by ``-D``)."""
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"\s*{re.escape(name)}\s*=")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return f"{path}:{number}"
    return None


def check_config(app: Sphinx, config: Config) -> None:
    """Validate the configuration once, warn about problems, never fail."""
    config._smtpcodes_confdir = str(app.confdir)
    for name in ("smtpcodes_registry_files", "smtpcodes_locale_dirs"):
        value = getattr(config, name)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            warn(f"{name} must be a list of paths, got {value!r}; ignoring it", "config", None)
            setattr(config, name, [])
    _check_links(config)
    show_name = config.smtpcodes_show_name
    if not isinstance(show_name, bool):
        # A string is always true: "no" would show names. Words that say yes or no
        # are taken at their word, with a warning; anything else is False.
        meaning = str(show_name).strip().lower() in ("yes", "true", "on", "1")
        warn(
            f"smtpcodes_show_name must be True or False, got {show_name!r}; taking it as {meaning}",
            "config",
            conf_location(app, "smtpcodes_show_name"),
        )
        config.smtpcodes_show_name = meaning
    if not isinstance(config.smtpcodes_language, str | type(None)):
        warn(
            f"smtpcodes_language must be a language code, got {config.smtpcodes_language!r}",
            "config",
            None,
        )
        config.smtpcodes_language = None


def _check_links(config: Config) -> None:
    from ..content.sources import EXTERNAL_POLICIES
    from .links import MENTION_MODES, template_ok

    mode = config.smtpcodes_mention_links
    if mode is False:
        config.smtpcodes_mention_links = mode = None
    if not (mode is None or mode in MENTION_MODES or (isinstance(mode, str) and template_ok(mode))):
        warn(
            f"smtpcodes_mention_links must be 'source', 'intersphinx', None or a URL template "
            f"with {{code}} or {{id}}, got {mode!r}; using 'source'",
            "config",
            None,
        )
        config.smtpcodes_mention_links = "source"
    if config.smtpcodes_external_links not in EXTERNAL_POLICIES:
        warn(
            "smtpcodes_external_links must be one of "
            f"{', '.join(map(repr, EXTERNAL_POLICIES))}, got "
            f"{config.smtpcodes_external_links!r}; using 'all'",
            "config",
            None,
        )
        config.smtpcodes_external_links = "all"
    if config.smtpcodes_audience not in content.AUDIENCES:
        warn(
            f"smtpcodes_audience must be one of {', '.join(map(repr, content.AUDIENCES))}, got "
            f"{config.smtpcodes_audience!r}; using 'sender'",
            "config",
            None,
        )
        config.smtpcodes_audience = "sender"
    vendors = config.smtpcodes_vendor_notes
    if not isinstance(vendors, bool) and not (
        isinstance(vendors, list | tuple) and all(isinstance(v, str) for v in vendors)
    ):
        warn(
            f"smtpcodes_vendor_notes must be True, False or a list of vendor names, "
            f"got {vendors!r}; showing every vendor's notes",
            "config",
            None,
        )
        config.smtpcodes_vendor_notes = True


def bundled_only(config: Config) -> bool:
    """Whether the build uses the bundled registry as it is: no project files or
    languages, every vendor's notes, a language the package brings (or English).

    Its problems are none (a test keeps it so), so it need not be loaded before
    a page uses it.
    """
    if registry_files(config) or _paths(config, "smtpcodes_locale_dirs"):
        return False
    if config.smtpcodes_vendor_notes is not True:
        return False
    base = language(config).split("_")[0].split("-")[0]
    return base == "en" or (BUNDLED_LOCALES / base).is_dir()


def report_registry(app: Sphinx) -> None:
    """Report the registry's problems once, at the start of a build.

    The bundled registry alone has none: it is loaded when a page first uses
    it, so that a build with no codes costs nothing more.
    """
    _BUILD_REGISTRIES.pop(app.env, None)  # the files may have changed since the last build
    _BUILD_CACHES.pop(app.env, None)
    _DEPENDENCIES.pop(app.env, None)
    if bundled_only(app.config):
        return
    registry = get_registry(app.env)
    for problem in (*registry.problems, *registry.translator.problems):
        # A bare path would be taken for a docname (``missing.yaml.rst``); ``path:``
        # is how Sphinx itself writes a location without a line.
        warn(
            problem.message,
            problem.subtype,
            problem.location if problem.line else f"{problem.path}:",
        )
    vendors = app.config.smtpcodes_vendor_notes
    if not isinstance(vendors, bool):
        known = {v.vendor for v in registry.variants}
        for name in vendors:
            if not any(vendor_matches(v, [name]) for v in known):
                warn(
                    f"smtpcodes_vendor_notes: no vendor of the registry is called {name!r}",
                    "config",
                    None,
                )
    requested = registry.requested_language
    if registry.language == "en" and requested.split("_")[0].split("-")[0] != "en":
        logger.info(
            "sphinx-smtpcodes: no translation for language %r; explanations are in English",
            registry.requested_language,
        )
