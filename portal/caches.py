"""The cache each process keeps for itself when there is no Redis (CACHE_URL unset)."""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class BoundedLocMemCache(LocMemCache):
    """Django's local-memory cache, bounded by the bytes it holds as well as by its entries.

    Bounded by entries alone, a crawler walking the API's deep pages (answers of up to half a
    MB) grew a worker to 326 MB. Here the least recently used entries go once the values take
    more than MAX_BYTES, and a value larger than that is not kept at all.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        if len(value) > self._max_bytes:
            self._delete(key)
            return
        super()._set(key, value, timeout)
        held = sum(map(len, self._cache.values()))
        while held > self._max_bytes:
            # Entries move to the front when used, so the last is the least recently used.
            oldest, pickled = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            held -= len(pickled)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # LocMemCache.add says True after _set, even when the value was too large to keep.
        return super().add(key, value, timeout, version) and self.has_key(key, version)
