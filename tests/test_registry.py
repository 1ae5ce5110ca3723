"""The bundled registry: complete, sourced, and correctly derived."""

from __future__ import annotations

import pytest

from sphinx_smtpcodes.registry import ReplyClass, load_registry

#: Every basic reply code an RFC defines (RFC 5321 and its extensions).
RFC_REPLY_CODES = (
    "211 214 220 221 235 250 251 252 253 334 354 421 432 450 451 452 453 454 455 458 459 "
    "500 501 502 503 504 521 530 534 535 538 550 551 552 553 554 555 556"
).split()


@pytest.fixture(scope="module")
def registry():
    return load_registry("en")


def test_bundled_registry_has_no_problems(registry):
    assert registry.problems == ()


@pytest.mark.parametrize("code", RFC_REPLY_CODES)
def test_every_rfc_reply_code_is_complete_and_sourced(registry, code):
    entry = registry.get(code)
    assert entry is not None, code
    for field in ("name", "summary", "description", "when", "fix", "use"):
        assert getattr(entry, field), f"{code} lacks {field}"
    assert entry.commands, f"{code} lacks commands"
    assert any(ref.rfc for ref in entry.references), f"{code} cites no RFC"
    assert entry.standard


def test_related_codes_exist(registry):
    # ``basic`` lists what IANA lists, which includes a code no RFC defines (430 for X.5.1)
    missing = [
        f"{entry.code} -> {code}"
        for entry in registry
        for code in entry.related + entry.enhanced
        if code not in registry
    ]
    assert missing == []


def test_codes_with_several_meanings_say_so(registry):
    for code in ("454", "530"):
        contexts = {m.context for m in registry.get(code).meanings}
        assert len(contexts) >= 2, code


def test_class_comes_from_the_digits_not_the_data(registry):
    assert registry.get("334").reply_class is ReplyClass.POSITIVE_INTERMEDIATE
    assert registry.get("450").reply_class is ReplyClass.TRANSIENT_NEGATIVE


def test_registry_is_parsed_once_per_process():
    assert load_registry("en") is load_registry("en")


def test_compiled_copy_is_up_to_date_and_equal_to_the_yaml():
    from sphinx_smtpcodes.registry.compiled import DATA_DIR, bundled_files, load_compiled
    from sphinx_smtpcodes.registry.loader import read_file
    from tools.catalogs import update_compiled

    assert update_compiled(check=True) == [], "run `make catalogs`: data/compiled.json is stale"
    compiled = load_compiled()
    assert compiled is not None
    for path in bundled_files():
        name = path.relative_to(DATA_DIR).as_posix()
        assert compiled[name] == read_file(path, display=f"<bundled>/{name}"), name


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_merged_copy_holds_what_merging_the_yaml_gives(language):
    """``registry.<language>.json`` is the registry a project without files of its own
    gets; each entry, made when asked for, equals the one merged from the sources."""
    from sphinx_smtpcodes.registry.compiled import MergedEntries
    from sphinx_smtpcodes.registry.registry import merge

    loaded, merged = load_registry(language), merge(language, language)
    assert isinstance(loaded.entries, MergedEntries), "the copy is missing or stale"
    assert list(loaded.entries) == list(merged.entries)
    for ours, theirs in zip(loaded, merged, strict=True):
        assert repr(ours) == repr(theirs)
        assert (ours.source, ours.pattern, ours.variants) == (
            theirs.source,
            theirs.pattern,
            theirs.variants,
        ), ours.code
    assert (loaded.variants, loaded.problems) == (merged.variants, merged.problems)
    # Concrete codes are bound to their pattern alike, and ranges found alike.
    for code in ("5.1.1", "2.7.0", "5.7.615", "4.4.7"):
        assert repr(loaded.get(code)) == repr(merged.get(code)), code


def test_a_stale_merged_copy_is_not_used(tmp_path, monkeypatch):
    """A copy whose digest is not that of the YAML now (an edited checkout) is ignored."""
    from sphinx_smtpcodes.registry import compiled, registry

    stale = tmp_path / "registry.en.json"
    text = compiled.merged_copy("en").read_text(encoding="utf-8")
    stale.write_text(text.replace('"digest":"', '"digest":"0', 1), encoding="utf-8")
    monkeypatch.setattr(compiled, "merged_copy", lambda language: stale)
    assert compiled.load_merged("en") is None
    registry._load.cache_clear()  # a registry loaded before this test is cached
    try:
        fresh = registry._load("en", "en", (), (), ())
    finally:
        registry._load.cache_clear()
    assert not isinstance(fresh.entries, compiled.MergedEntries)
    assert fresh.get("450").name == "Mailbox Unavailable"


def test_a_damaged_merged_copy_is_not_used(tmp_path, monkeypatch):
    """A copy with the right digest but not the shape ``make catalogs`` writes is
    ignored too (the registry is then merged from the sources), never a traceback."""
    import json

    from sphinx_smtpcodes.registry import compiled

    data = json.loads(compiled.merged_copy("en").read_text(encoding="utf-8"))
    damaged = tmp_path / "registry.en.json"
    monkeypatch.setattr(compiled, "merged_copy", lambda language: damaged)
    for broken in ({"digest": data["digest"]}, {**data, "entries": [{"name": "x"}]}, [1]):
        damaged.write_text(json.dumps(broken), encoding="utf-8")
        assert compiled.load_merged("en") is None, broken
