"""The caches: Redis when CACHE_URL is set, else one each process keeps for itself."""

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class RedisCacheClient(redis.RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per server instead of making one for
    every cache operation.

    Making one builds its table of about 170 reply handlers: 0.15-0.3 ms, more than the Redis
    round trip itself, and every request costs several (the page cache, the content versions,
    the rate limits). A `redis.Redis` is safe to share between threads: each command takes a
    connection from the pool, which starts afresh in a forked worker.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


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
