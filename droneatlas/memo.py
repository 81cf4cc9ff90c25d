"""Answers remembered per object, by identity, while the object lives.

A catalog (and its frames) is shared read-only by every session and never changes once
built, so what is derived from it on every run (the rings of a set of sites, every site's
marker, the data's target types) can be computed once per object and key. Entries go with
their object; each object keeps a bounded number of keys.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

MAX_KEYS_PER_OBJECT = 64

_ANSWERS: dict[int, tuple[weakref.ref, dict[Hashable, object]]] = {}
_LOCK = threading.Lock()  # sessions run in threads of one process


def remembered(owner: object, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``key`` is asked of ``owner``, the same answer after.

    The answer is shared: callers must not change it.
    """
    with _LOCK:
        answers = _answers_of(owner)
        if key in answers:
            return answers[key]  # type: ignore[return-value]
    value = compute()  # outside the lock: two sessions may both compute, neither waits
    with _LOCK:
        if len(answers) >= MAX_KEYS_PER_OBJECT:
            answers.clear()
        answers[key] = value
    return value


def _answers_of(owner: object) -> dict[Hashable, object]:
    entry = _ANSWERS.get(id(owner))
    if entry is not None and entry[0]() is owner:
        return entry[1]
    for stale in [k for k, (ref, _) in _ANSWERS.items() if ref() is None]:
        del _ANSWERS[stale]  # objects that are gone (their ids may be reused)
    answers: dict[Hashable, object] = {}
    _ANSWERS[id(owner)] = (weakref.ref(owner, _forget), answers)
    return answers


def _forget(gone: weakref.ref) -> None:
    """An object is gone: its answers go now, not when another object is next asked of (a
    million-strike upload's answers outlived its session). No lock: the collector may call
    this in a thread that holds it."""
    for key, (ref, _) in list(_ANSWERS.items()):
        if ref is gone:
            _ANSWERS.pop(key, None)
