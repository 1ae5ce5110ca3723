"""Immutable records, made cheaply: ``@frozen`` is ``@dataclass(frozen=True,
slots=True)`` with its methods shared or written once.

A dataclass writes and compiles each method of each class when its module is
imported (in Python 3.11, ``__init__``, ``__setattr__`` and ``__delattr__`` for
a frozen class, each compiled on its own), about a millisecond a class; the
package has dozens, and the ``smtpcodes`` command and every build pay for
them. Here only ``__init__`` is written for a class, as the dataclass writes
it for a frozen one, and only when the first record of the class is made (a
build that makes none of a class pays nothing for it); comparison, hash,
``repr`` and the refusal to change a field are shared by every record, from
the fields each class names once.
``dataclasses.fields``, ``dataclasses.replace`` and ``dataclasses.asdict`` work
on them as on any dataclass.
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
        # No method written by the dataclass itself: __init__ below, the rest shared.
        made = dataclasses.dataclass(init=False, slots=slots, eq=False, repr=False)(cls)
        fields = dataclasses.fields(made)
        made.__init__ = _first_init  # type: ignore[misc]
        made.__setattr__ = _refuse_set  # type: ignore[method-assign,assignment]
        made.__delattr__ = _refuse_delete  # type: ignore[method-assign,assignment]
        if slots:  # copy and pickle set slots through these, as for a frozen dataclass
            made.__getstate__ = _getstate  # type: ignore[attr-defined]
            made.__setstate__ = _setstate  # type: ignore[attr-defined]
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


def _first_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """The first record of a class: write the class's ``__init__``, then make it."""
    # The class this stands in for: the record's own, or a record class above it
    # in the MRO when a subclass's __init__ calls super().__init__().
    cls = next(c for c in type(self).__mro__ if c.__dict__.get("__init__") is _first_init)
    init = _init_of(cls, dataclasses.fields(cls))
    cls.__init__ = init  # type: ignore[misc]
    init(self, *args, **kwargs)


def _init_of(cls: type, fields: tuple[dataclasses.Field, ...]) -> Any:
    """The ``__init__`` the dataclass would write for a frozen ``cls``, compiled once."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_MISSING": dataclasses.MISSING}
    params, body = [], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            names[f"_d_{f.name}"] = f.default
            default = f"=_d_{f.name}"
        elif f.default_factory is not dataclasses.MISSING:
            names[f"_f_{f.name}"] = f.default_factory
            default = "=_MISSING"
        else:
            default = ""
        if not f.init:
            if default:
                value = f"_f_{f.name}()" if f"_f_{f.name}" in names else f"_d_{f.name}"
                body.append(f"    _set(self, {f.name!r}, {value})")
            continue
        params.append(f"{f.name}{default}")
        if f"_f_{f.name}" in names:
            value = f"_f_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            value = f.name
        body.append(f"    _set(self, {f.name!r}, {value})")
    # Keyword-only parameters after defaults would need "*": dataclasses refuse a
    # field without a default after one with, and so does this.
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
    exec(source, names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, f.name, value)


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
