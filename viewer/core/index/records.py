"""The index's records as JSON, read back with every value checked against its declared type.

The index used to keep divergences and its corpus-wide state as pickles, and unpickling runs whatever a
crafted file asks (a pickle placed in the cache ran a command). JSON cannot: `dump` writes a dataclass as
an object of its fields, and `load(text, T)` rebuilds a `T` from the type hints of the record classes,
raising ValueError on anything that is not exactly what those hints describe (a missing or unknown field,
a string where a number belongs), which the index treats as damage and rebuilds. Serialised generically
from `dataclasses.fields`, so a field added to a record (a `Divergence` in viewer.core.model, say) needs
no change here; a field with a default may be missing from older rows.
Hand-written rather than a library (cattrs, pydantic): forty lines for the few shapes the records use
(dataclasses, enums, `X | None`, `tuple[T, ...]`, fixed tuples, lists, `dict[K, V]`, str/int/float/bool).
Imports: the standard library only.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from collections.abc import Callable
from typing import Any

__all__ = ["dump", "load"]

Decoder = Callable[[Any], Any]


def dump(value: object) -> str:
    """`value` (records, tuples, lists, dicts, plain values) as compact JSON text."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def load(text: str | bytes, hint: Any) -> Any:
    """The value of type `hint` that `dump` wrote as `text`; ValueError when `text` is anything else."""
    if not isinstance(text, str | bytes):
        raise ValueError(f"expected JSON text, found {type(text).__name__}")
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    return _decoder(hint)(data)


def _plain(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        # a dict of plain values is its own form: the word counts of a corpus (`state` "terms", some
        # 200,000 at 10,000 articles) took half a second to copy value by value
        if all(type(v) in _PLAIN for v in value.values()):
            return value
        return {k: _plain(v) for k, v in value.items()}
    return value


_PLAIN = frozenset([str, int, float, bool, type(None)])


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A function checking and converting JSON data into `hint` (built once per type)."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_decoder(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_decoder(a) for a in args if a is not type(None)]
        nullable = type(None) in args

        def union(data: Any) -> Any:
            if data is None and nullable:
                return None
            for option in options:
                try:
                    return option(data)
                except ValueError:
                    continue
            raise ValueError(f"{data!r:.40} is not a {hint}")

        return union
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda data: tuple(item(v) for v in _array(data))
    if origin is tuple:
        items = [_decoder(a) for a in args]

        def fixed(data: Any) -> tuple:
            values = _array(data)
            if len(values) != len(items):
                raise ValueError(f"expected {len(items)} values, found {len(values)}")
            return tuple(f(v) for f, v in zip(items, values, strict=True))

        return fixed
    if origin is list:
        item = _decoder(args[0])
        return lambda data: [item(v) for v in _array(data)]
    if origin is dict:
        key, val = _decoder(args[0]), _decoder(args[1])
        # keys and values of exactly the hinted scalar types are what their decoders would return
        exact = (args[0], args[1]) if {args[0], args[1]} <= {str, int, float, bool} else None

        def mapping(data: Any) -> dict:
            if not isinstance(data, dict):
                raise ValueError(f"expected an object, found {type(data).__name__}")
            if exact is not None and all(type(k) is exact[0] for k in data) and all(
                    type(v) is exact[1] for v in data.values()):
                return dict(data)
            return {key(k): val(v) for k, v in data.items()}

        return mapping
    if hint is Any or hint is object:
        return lambda data: data
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        def member(data: Any) -> Any:
            try:
                return hint(data)
            except (ValueError, TypeError):
                raise ValueError(f"{data!r:.40} is not a {hint.__name__}") from None

        return member
    if hint is float:
        return _scalar(float, (int, float))
    if hint in (str, int, bool):
        return _scalar(hint, (hint,))
    raise TypeError(f"no JSON form for {hint!r}")  # a programming error, not damage


def _scalar(kind: type, accepted: tuple[type, ...]) -> Decoder:
    def check(data: Any) -> Any:
        if (isinstance(data, bool) and kind is not bool) or not isinstance(data, accepted):
            raise ValueError(f"expected {kind.__name__}, found {type(data).__name__}")
        return kind(data)

    return check


def _array(data: Any) -> list:
    if not isinstance(data, list):
        raise ValueError(f"expected a list, found {type(data).__name__}")
    return data


def _record_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    decoders = {f.name: _decoder(hints[f.name]) for f in fields}
    required = {f.name for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}

    def record(data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"expected a {cls.__name__} object, found {type(data).__name__}")
        unknown = data.keys() - decoders.keys()
        missing = required - data.keys()
        if unknown or missing:
            raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}, missing {sorted(missing)}")
        return cls(**{name: decoders[name](value) for name, value in data.items()})

    return record
