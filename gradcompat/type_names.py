"""A framework's names for a dialect's classes, dialect-free: ``type(x)`` reads
``<class 'torch.Tensor'>``, ``mindspore.nn.layer.conv.Conv2d`` ..., as programs print them and
pickles record them.

A dialect gives a ``ClassNames`` its table (read from the real framework: for each public
namespace, the module that defines each of its classes) and calls ``apply()`` once at import:
every class the dialect exports under the same name in the matching namespace gets the
framework's ``__module__``. Classes the framework lacks keep theirs. Pickling keeps working
with or without ``gradcompat run``: renamed classes pickle by their real location
(``copyreg``), and under ``gradcompat run`` the framework's module paths are importable
aliases (``alias_spec``).
"""
from __future__ import annotations

import copyreg
import importlib
import importlib.abc
import importlib.util
import sys
import types

_ORIGIN: dict[type, tuple[str, str]] = {}  # renamed class -> (its real module, qualname)


class ClassNames:
    """The framework ``framework`` (its top module name, ``torch`` / ``mindspore``): ``table``
    maps a namespace to ``{defining module: "Class names"}``; ``namespaces`` are imported
    eagerly so their classes are named before a program sees them."""

    def __init__(self, framework: str, table: dict[str, dict[str, str]], namespaces: tuple[str, ...]) -> None:
        self.framework, self.table, self.namespaces = framework, table, namespaces
        self.by_module: dict[str, dict[str, type]] = {}  # framework module path -> {name: class}

    def apply(self) -> None:
        """Give every dialect class that the framework also has the framework's ``__module__``
        (idempotent)."""
        for namespace, modules in self.table.items():
            ours = self._namespace(namespace)
            if ours is None:
                continue
            for module, names in modules.items():
                for name in names.split():
                    cls = getattr(ours, name, None)
                    if isinstance(cls, type) and (cls in _ORIGIN or cls.__module__.startswith("gradcompat.")):
                        self._rename(cls, module)

    def _namespace(self, namespace: str) -> types.ModuleType | None:
        name = "gradcompat." + namespace
        module = sys.modules.get(name)
        if module is None and namespace in self.namespaces:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name is None or not name.startswith(exc.name):
                    raise  # a module that exists failed to import: not ours to hide
                return None
        return module

    def _rename(self, cls: type, module: str) -> None:
        if cls not in _ORIGIN:
            _ORIGIN[cls] = (cls.__module__, cls.__qualname__)
            copyreg.pickle(cls, _reduce)
        cls.__module__ = module
        self.by_module.setdefault(module, {})[cls.__qualname__] = cls

    def alias_spec(self, fullname: str):
        """A module spec for a framework module path that renamed classes name (or a package
        above one), or None."""
        self.apply()  # a namespace imported after the dialect may hold more classes now
        if any(m == fullname or m.startswith(fullname + ".") for m in self.by_module):
            return importlib.util.spec_from_loader(fullname, _AliasLoader(self.by_module), is_package=True)
        return None


def _resolve(module: str, qualname: str) -> type:
    obj = importlib.import_module(module)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _new(module: str, qualname: str, *args):
    """Unpickle an instance of a renamed class, found at its real location."""
    cls = _resolve(module, qualname)
    return cls.__new__(cls, *args)


def _call(module: str, qualname: str, args: tuple):
    return _resolve(module, qualname)(*args)


def _reduce(obj):
    """Pickle an instance of a renamed class through its real location (the framework's module
    paths need not be importable, as outside ``gradcompat run``)."""
    cls = type(obj)
    rv = obj.__reduce_ex__(2)
    if isinstance(rv, str):
        return rv
    func, args, *rest = rv
    origin = _ORIGIN.get(cls)
    if origin is None:
        return rv
    if func is copyreg.__newobj__ and args and args[0] is cls:
        return (_new, (*origin, *args[1:]), *rest)
    if func is cls:
        return (_call, (*origin, tuple(args)), *rest)
    return rv


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, by_module: dict[str, dict[str, type]]) -> None:
        self.by_module = by_module

    def create_module(self, spec):
        module = types.ModuleType(spec.name, f"gradcompat: the framework's ``{spec.name}`` (where its classes are named)")
        module.__path__ = []  # a package too: torch.nn.modules holds torch.nn.modules.linear
        for path, classes in self.by_module.items():  # a package re-exports its modules' classes
            if path.startswith(spec.name + "."):
                module.__dict__.update(classes)
        module.__dict__.update(self.by_module.get(spec.name, {}))
        return module

    def exec_module(self, module) -> None:
        pass
