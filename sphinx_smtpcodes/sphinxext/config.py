"""Configuration values, the registry of a build, and warnings.

All configuration names start with ``smtpcodes_``. The registry is loaded
through :func:`sphinx_smtpcodes.registry.load_registry`, which parses the
bundled data once per process and re-reads a project file only when it
changes.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..registry import Registry, load_registry

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
    # Whether :smtp:`450` shows the name too: "450 Mailbox Unavailable".
    ("smtpcodes_show_name", False, "env", (bool,)),
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
_BUILD_REGISTRIES: weakref.WeakKeyDictionary[BuildEnvironment, Registry] = (
    weakref.WeakKeyDictionary()
)


def get_registry(env: BuildEnvironment) -> Registry:
    """The registry of this build: loaded once when the build starts."""
    registry = _BUILD_REGISTRIES.get(env)
    if registry is None:
        config = env.config
        registry = load_registry(
            language(config), registry_files(config), _paths(config, "smtpcodes_locale_dirs")
        )
        _BUILD_REGISTRIES[env] = registry
    return registry


def note_dependencies(env: BuildEnvironment) -> None:
    """Record (once per page) that the page depends on the project's registry files."""
    if env.temp_data.get("smtpcodes_dependencies"):
        return
    env.temp_data["smtpcodes_dependencies"] = True
    for path in registry_files(env.config):
        env.note_dependency(path)


def check_config(app: Sphinx, config: Config) -> None:
    """Validate the configuration once, warn about problems, never fail."""
    config._smtpcodes_confdir = str(app.confdir)
    for name in ("smtpcodes_registry_files", "smtpcodes_locale_dirs"):
        value = getattr(config, name)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            warn(f"{name} must be a list of paths, got {value!r}; ignoring it", "config", None)
            setattr(config, name, [])
    if not isinstance(config.smtpcodes_language, str | type(None)):
        warn(
            f"smtpcodes_language must be a language code, got {config.smtpcodes_language!r}",
            "config",
            None,
        )
        config.smtpcodes_language = None


def report_registry(app: Sphinx) -> None:
    """Load the registry at the start of a build and report its problems once."""
    _BUILD_REGISTRIES.pop(app.env, None)  # the files may have changed since the last build
    registry = get_registry(app.env)
    for problem in registry.problems:
        warn(problem.message, problem.subtype, problem.location)
    requested = registry.requested_language
    if registry.language == "en" and requested.split("_")[0].split("-")[0] != "en":
        logger.info(
            "sphinx-smtpcodes: no translation for language %r; explanations are in English",
            registry.requested_language,
        )
