"""The Redis cache backend (config/redis_cache.py) against a real Redis: what Django's does, with one client."""

import os

import pytest

from config.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (.ci/run sets it)")


@pytest.fixture
def cache():
    backend = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "lc-test-backend"})
    yield backend
    # Not clear(): the suite's own cache may share the database.
    backend.delete_many(["answer", "a", "b", "a key memcached would refuse"])


def test_one_client_serves_every_call(cache):
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)


def test_it_stores_reads_and_forgets_like_djangos(cache):
    cache.set("answer", {"累计": 42}, 60)
    cache.set_many({"a": 1, "b": 2}, 60)
    assert cache.get("answer") == {"累计": 42}
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert cache.add("a", 3) is False and cache.incr("b") == 3
    cache.delete("answer")
    assert cache.get("answer") is None


def test_any_key_is_taken_without_memcached_warnings(cache, recwarn):
    cache.set("a key memcached would refuse", "值", 60)
    assert cache.get("a key memcached would refuse") == "值"
    assert not [warning for warning in recwarn if "memcached" in str(warning.message)]
