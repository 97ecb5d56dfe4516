"""Django's Redis cache backend, reusing one redis client per connection pool.

Django's own makes a new ``redis.Redis`` for every cache call, and each one builds its table of ~170
response callbacks: a third of a millisecond a call, five calls on every page the page cache does not
answer (measured with ``scripts/benchmark.py profile``). A client is thread-safe over its pool, and
Django keeps one cache object per thread anyway.
"""

from django.core.cache.backends import redis


class ReusingClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingClient

    def validate_key(self, key):
        # Django's check warns of keys memcached would refuse (spaces, control characters, over 250
        # bytes); Redis takes any key. Four keys a page-cache hit: 4% of its time in the profile.
        pass
