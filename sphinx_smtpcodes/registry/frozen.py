"""Immutable records, made cheaply: ``@frozen`` is ``@dataclass(frozen=True,
slots=True)`` whose comparison, hash and ``repr`` are shared by every record.

A dataclass writes and compiles each method of each class when its module is
imported, about a millisecond a class; the package has dozens, and the
``smtpcodes`` command and every build pay for them. The shared methods do
what the generated ones do, from the fields each class names once.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["frozen"]


def frozen(cls: type[T] | None = None, /, *, slots: bool = True) -> Any:
    """Make ``cls`` an immutable record (a dataclass: ``fields`` and ``replace`` work)."""

    def wrap(cls: type[T]) -> type[T]:
        made = dataclasses.dataclass(frozen=True, slots=slots, eq=False, repr=False)(cls)
        fields = dataclasses.fields(made)
        compared = [f.name for f in fields if f.compare]
        # attrgetter of one name gives the value, not a 1-tuple: compare tuples alike
        key = attrgetter(*compared) if len(compared) > 1 else _one(compared)
        made.__record_key__ = staticmethod(key)  # type: ignore[attr-defined]
        made.__record_repr__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
        made.__eq__ = _eq  # type: ignore[method-assign]
        made.__hash__ = _hash  # type: ignore[method-assign]
        made.__repr__ = _repr  # type: ignore[method-assign]
        return made

    return wrap if cls is None else wrap(cls)


def _one(names: list[str]) -> Any:
    if not names:
        return lambda record: ()
    get = attrgetter(names[0])
    return lambda record: (get(record),)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _repr(self: Any) -> str:
    parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({parts})"
