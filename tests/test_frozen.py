"""``@frozen`` records behave as frozen dataclasses do, though their methods are shared
or written when the first record of a class is made."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from sphinx_smtpcodes.registry import load_registry
from sphinx_smtpcodes.registry.entries import Entry, Reference
from sphinx_smtpcodes.registry.frozen import frozen


@frozen
class Point:
    x: int
    label: str = "p"
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
    note: str = dataclasses.field(default="", compare=False)


@frozen
class Labelled(Point):
    colour: str = "red"


class Shifted(Point):
    """A plain subclass whose own ``__init__`` calls the record's."""

    def __init__(self, x: int) -> None:
        super().__init__(x + 1, "shifted")


def test_arguments_defaults_and_factories_as_a_dataclass_takes_them():
    assert Point(1) == Point(x=1, label="p", tags=())
    assert Point(2, "q", ("a",)).tags == ("a",)
    assert Point(1).tags is not None and Point(1, note="n") == Point(1)  # note not compared
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected keyword argument 'y'"):
        Point(1, y=2)
    with pytest.raises(TypeError):
        Point(1, "p", (), "", "too many")


def test_records_refuse_changes():
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.label
    assert point.x == 1


def test_replace_copy_pickle_hash_and_repr():
    point = Point(1, tags=("a",))
    assert dataclasses.replace(point, x=3) == Point(3, tags=("a",))
    assert copy.copy(point) == point and copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point
    assert hash(point) == hash(Point(1, tags=("a",), note="other"))
    assert repr(point) == "Point(x=1, label='p', tags=('a',), note='')"
    assert dataclasses.asdict(point) == {"x": 1, "label": "p", "tags": ("a",), "note": ""}


def test_subclasses_record_or_plain():
    assert Labelled(1, colour="blue") == Labelled(1, "p", (), "", "blue")
    assert Labelled(1) != Point(1)  # another class is another record
    assert Shifted(1).x == 2 and Shifted(1).label == "shifted"
    assert Point(5).x == 5  # the base's own __init__ is right after a subclass's first use


def test_registry_records_are_frozen_dataclasses():
    entry = load_registry("en").get("450")
    assert isinstance(entry, Entry) and dataclasses.is_dataclass(entry)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.name = "Changed"
    assert pickle.loads(pickle.dumps(entry)) == entry
    reference = Reference(rfc=5321, section="4.2.3")
    assert reference.label == "RFC 5321 §4.2.3"
    assert reference.href.endswith("#section-4.2.3")
