"""Django's Redis cache, with one client object per connection pool instead of one per call.

Django's RedisCacheClient builds a new redis.Redis for every cache operation; building one
(its table of response callbacks) costs about as much as the round trip to Redis itself, and
the pages read the cache two or three times per request. A redis.Redis over a connection
pool is safe to share between threads, and each Django cache backend already keeps its pools
for its life, so the client is kept with them.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
