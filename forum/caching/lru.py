"""A least-recently-used cache bounded by what its values cost, for one process's threads.

Search keeps what it derives from index segments (posting lists, masks,
columns, ranking impacts) in these; segments never change once written, so
nothing needs invalidating, only bounding.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class BoundedLRU:
    def __init__(self, limit: int, cost: Callable[[Any], int] = lambda value: 1):
        self.limit = limit
        self.cost = cost
        self.size = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= self.cost(old)
            self._items[key] = value
            self.size += self.cost(value)
            while self.size > self.limit and len(self._items) > 1:
                self.size -= self.cost(self._items.popitem(last=False)[1])
