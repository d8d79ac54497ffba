"""roadmapgen.records: a record is the frozen dataclass it stands for, made
the first time anything needs it, and not before."""

from __future__ import annotations

import dataclasses
import importlib
import pickle
import pkgutil
import subprocess
import sys
from dataclasses import field

import pytest

import roadmapgen
from roadmapgen.records import _FIELDS, _Pending, record
from support import REPO_ROOT


def _pending(cls) -> bool:
    return isinstance(cls.__dict__.get(_FIELDS), _Pending)


def _classes():
    """A fresh record, a record derived from it, and the same two as eager dataclasses."""

    @record
    class Base:
        """A base."""

        name: str
        tags: tuple[str, ...] = field(default=(), compare=False)

    @record(kw_only=True)
    class Derived(Base):
        size: int
        notes: dict = field(default_factory=dict)

        @property
        def big(self) -> bool:
            return self.size > 10

    @dataclasses.dataclass(frozen=True)
    class EagerBase:
        """A base."""

        name: str
        tags: tuple[str, ...] = field(default=(), compare=False)

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class EagerDerived(EagerBase):
        size: int
        notes: dict = field(default_factory=dict)

    return Base, Derived, EagerBase, EagerDerived


def test_a_record_is_not_made_until_it_is_used():
    Base, Derived, _, _ = _classes()
    assert _pending(Base) and _pending(Derived)
    assert Derived.__name__ == "Derived" and isinstance(Derived.big, property)


def test_a_record_behaves_as_the_frozen_dataclass():
    Base, Derived, EagerBase, EagerDerived = _classes()
    item = Derived("a", ("x",), size=12)
    eager = EagerDerived("a", ("x",), size=12)
    assert not _pending(Derived) and not _pending(Base)  # the base is made first
    assert [f.name for f in dataclasses.fields(item)] == [f.name for f in dataclasses.fields(eager)]
    assert repr(item) == repr(eager).replace("EagerDerived", "Derived")
    assert item == Derived("a", (), size=12) and hash(Base("a", ("x",))) == hash(Base("a"))
    assert item != Derived("b", size=12) and item.notes == {} and item.big
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.size = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        del item.name
    with pytest.raises(TypeError):
        Derived("a", 12)  # size is keyword-only
    assert dataclasses.replace(item, size=1).size == 1
    assert dataclasses.asdict(Base("b")) == dataclasses.asdict(EagerBase("b"))


@pytest.mark.parametrize("first_use", [
    lambda cls, obj: obj == obj,
    lambda cls, obj: hash(obj),
    lambda cls, obj: repr(obj),
    lambda cls, obj: dataclasses.fields(cls),
    lambda cls, obj: dataclasses.is_dataclass(obj),
    lambda cls, obj: dataclasses.replace(obj),
])
def test_any_first_use_makes_the_class(first_use):
    Base, _, _, _ = _classes()
    obj = Base.__new__(Base)  # as pickle makes one: no __init__
    obj.__dict__.update(name="a", tags=())
    assert _pending(Base)
    first_use(Base, obj)
    assert not _pending(Base)
    assert obj == Base("a") and repr(obj).endswith("Base(name='a', tags=())")


def test_assigning_to_an_unmade_record_fails_as_frozen():
    Base, _, _, _ = _classes()
    obj = Base.__new__(Base)
    obj.__dict__.update(name="a", tags=())
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.name = "b"


def test_a_record_may_not_define_what_dataclass_makes():
    with pytest.raises(TypeError, match="__eq__"):
        @record
        class Odd:
            name: str

            def __eq__(self, other):
                return True


def test_every_record_in_roadmapgen_can_be_made():
    """Definition errors (a field without a default after one with) show only
    when a class is made: make them all here."""
    for module in pkgutil.walk_packages(roadmapgen.__path__, "roadmapgen."):
        if module.name.endswith("__main__"):
            continue
        for value in list(vars(importlib.import_module(module.name)).values()):
            if isinstance(value, type) and _pending(value):
                assert dataclasses.is_dataclass(value), value
                assert dataclasses.fields(value)


def test_the_model_unpickled_before_its_classes_are_made():
    """What a warm `check` does: objects come out of the content cache
    without making their classes, which still compare, hash and stay frozen."""
    from roadmapgen.diagnostics import Position
    from roadmapgen.model import Item, Ref

    item = Item(id="a", title="A", kind="item", visibility="public", path="content/p.md",
                pos=Position("content/p.md", 3, 5), id_pos=Position("content/p.md", 3, 9), horizon="year",
                serves=(Ref("target", Position("content/p.md", 4, 1)),))
    script = (
        "import pickle, sys, dataclasses\n"
        "from roadmapgen.model import Item\n"
        "from roadmapgen.records import _FIELDS, _Pending\n"
        "item = pickle.loads(sys.stdin.buffer.read())\n"
        "assert isinstance(Item.__dict__[_FIELDS], _Pending), 'unpickling made the class'\n"
        "assert item.serves[0].id == 'target' and item.is_open\n"
        "try:\n"
        "    item.title = 'B'\n"
        "except dataclasses.FrozenInstanceError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('not frozen')\n"
        "assert item == dataclasses.replace(item) and item != dataclasses.replace(item, title='B')\n"
        "print(repr(item))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(item), capture_output=True,
                          cwd=REPO_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == repr(item)


def test_the_parser_makes_the_whole_model_before_any_fork():
    """A cold parse forks workers after importing roadmapgen.documents: the
    classes are made then, once, not in every worker."""
    script = (
        "import roadmapgen.model as model, roadmapgen.diagnostics as diagnostics\n"
        "from roadmapgen.records import _FIELDS, _Pending\n"
        "def pending():\n"
        "    return [name for m in (model, diagnostics) for name, value in vars(m).items()\n"
        "            if isinstance(value, type) and isinstance(value.__dict__.get(_FIELDS), _Pending)]\n"
        "assert pending(), 'nothing was pending'\n"
        "import roadmapgen.documents\n"
        "assert not pending(), pending()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=REPO_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
