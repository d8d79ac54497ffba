"""Frozen dataclasses that are made dataclasses when first used.

Making a dataclass compiles its __init__, __repr__, __eq__, __hash__,
__setattr__ and __delattr__ from source: about a millisecond a class, which
at start-up adds up to a large part of `check`. Yet a `check` from a warm
content cache makes almost none of the model's objects: it unpickles them,
which calls none of those methods. So `@record` only marks a class; the real
`dataclass(frozen=True, ...)` runs on the class the first time anything needs
it: constructing, comparing, hashing, printing or assigning to an instance,
or asking for its fields (`dataclasses.fields`, `replace`, `asdict`,
`is_dataclass`). From then on the class is exactly that dataclass.
"""

from __future__ import annotations

import dataclasses
import threading

_FIELDS = "__dataclass_fields__"
# What dataclass(frozen=True) adds to a class that does not define them.
_METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_LOCK = threading.RLock()  # `serve` renders in threads
_RECORDS: list[type] = []  # every record, in the order of definition


def record(cls=None, /, **options):
    """`@record` or `@record(kw_only=True)`: `@dataclass(frozen=True, ...)`,
    made when first needed. Options are those of `dataclass` but `frozen`,
    `slots` and `order`."""
    if cls is None:
        return lambda cls: record(cls, **options)
    for name in _METHODS:
        if name in cls.__dict__:
            raise TypeError(f"a record defines no {name} of its own: {cls.__name__}")
        setattr(cls, name, _stub(cls, name))
    setattr(cls, _FIELDS, _Pending(cls, options))
    _RECORDS.append(cls)
    return cls


def materialise(cls) -> None:
    """Make `cls` (and any record it derives from) the dataclass it stands for."""
    with _LOCK:
        pending = cls.__dict__.get(_FIELDS)
        if not isinstance(pending, _Pending):
            return
        for base in cls.__mro__[1:]:
            materialise(base)
        for name in (*_METHODS, _FIELDS):
            delattr(cls, name)  # the class exactly as written, for dataclass to inspect
        dataclasses.dataclass(cls, frozen=True, **pending.options)


def materialise_all() -> None:
    """Make every record defined so far: for code that is about to use them
    all, once, before it forks workers that would each make their own."""
    for cls in list(_RECORDS):
        materialise(cls)


class _Pending:
    """Stands for `__dataclass_fields__` until the class is made."""

    def __init__(self, cls, options: dict):
        self.cls = cls
        self.options = options

    def __get__(self, instance, owner=None):
        materialise(self.cls)
        return self.cls.__dict__[_FIELDS]


def _stub(cls, name: str):
    def method(self, *args, **kwargs):
        materialise(cls)
        return getattr(cls, name)(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method
