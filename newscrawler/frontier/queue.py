"""A leased priority queue in Redis: a popped request is lent to its worker, not deleted.

``scrapy-redis``'s queues delete a request when they pop it, so a worker killed with
requests in hand loses them. Here a pop moves the request into a *leases* sorted set
scored by a deadline; the worker acknowledges it once the response is handled, renews
its leases while it lives, and any worker puts an expired lease back in the queue.
"""

from __future__ import annotations

import random
import time
from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base

from newscrawler.frontier.keys import Keys

SEP = b"\x00"

# KEYS: queue, leases. ARGV: worker, deadline. Pop the best request, lease it.
POP = """
local got = redis.call('ZPOPMIN', KEYS[1])
if #got == 0 then return false end
local member = ARGV[1] .. '\\0' .. got[2] .. '\\0' .. got[1]
redis.call('ZADD', KEYS[2], ARGV[2], member)
return member
"""

# KEYS: seen, queue. ARGV: fingerprint ('' for a request never filtered), score, request.
# The shared seen-set check and the push in one round trip; 1 when queued, 0 when seen.
PUSH_UNSEEN = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: queue, leases. ARGV: now. Put every expired lease back in the queue.
REQUEUE = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, member in ipairs(expired) do
  local a = string.find(member, '\\0', 1, true)
  local b = string.find(member, '\\0', a + 1, true)
  redis.call('ZADD', KEYS[1], string.sub(member, a + 1, b - 1), string.sub(member, b + 1))
  redis.call('ZREM', KEYS[2], member)
end
return #expired
"""

# KEYS: queue, leases. ARGV: members. Give leases back now (a worker shutting down).
RELEASE = """
local n = 0
for _, member in ipairs(ARGV) do
  if redis.call('ZREM', KEYS[2], member) == 1 then
    local a = string.find(member, '\\0', 1, true)
    local b = string.find(member, '\\0', a + 1, true)
    redis.call('ZADD', KEYS[1], string.sub(member, a + 1, b - 1), string.sub(member, b + 1))
    n = n + 1
  end
end
return n
"""


# KEYS: queue, leases. ARGV: deadline, members. Push this worker's deadlines out; a lease
# that expired while its worker stalled is taken back if nobody has popped it since.
# Returns how many were lost to another worker (it will fetch them too).
RENEW = """
local lost = 0
for i = 2, #ARGV do
  local member = ARGV[i]
  if redis.call('ZSCORE', KEYS[2], member) then
    redis.call('ZADD', KEYS[2], ARGV[1], member)
  else
    local a = string.find(member, '\\0', 1, true)
    local b = string.find(member, '\\0', a + 1, true)
    if redis.call('ZREM', KEYS[1], string.sub(member, b + 1)) == 1 then
      redis.call('ZADD', KEYS[2], ARGV[1], member)
    else
      lost = lost + 1
    end
  end
end
return lost
"""


def score(request: Request) -> float:
    """A request's place in the queue: higher priority first and, within one priority,
    a random place. Equal scores would pop in the order of the encoded requests, that is
    by URL, one site after another: every worker would then hold requests of the same
    site, all but a few waiting for that site's politeness budget while other sites idle.

    >>> score(Request("https://a.example/", priority=2)) // 1
    -2.0
    """
    return -request.priority + random.random() * 0.5


def lease_worker(member: bytes) -> str:
    """The worker holding a lease.

    >>> lease_worker(b"host:12" + SEP + b"-1" + SEP + b"data")
    'host:12'
    """
    return member.split(SEP, 1)[0].decode("utf-8", "replace")


class LeasedQueue(Base):  # type: ignore[misc]
    """``scrapy-redis`` queue (``SCHEDULER_QUEUE_CLASS``) whose pops are leases.

    The scheduler gives it ``key`` = the crawl's key prefix; :attr:`worker` and
    :attr:`lease_seconds` are set by the scheduler after construction.
    """

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        prefix, _, crawl_id = key.rpartition("|")
        self.keys = Keys(prefix, crawl_id)
        self.worker = "worker"
        self.lease_seconds = 60.0
        self._pop = server.register_script(POP)
        self._push_unseen = server.register_script(PUSH_UNSEEN)
        self._requeue = server.register_script(REQUEUE)
        self._release = server.register_script(RELEASE)
        self._renew = server.register_script(RENEW)

    def __len__(self) -> int:
        return int(self.server.zcard(self.keys.queue))

    def push(self, request: Request) -> None:
        self.server.zadd(self.keys.queue, {self._encode_request(request): score(request)})

    def push_unseen(self, request: Request, seen: str, fingerprint: str) -> bool:
        """Queue ``request`` unless ``fingerprint`` is in the seen-set ``seen`` (and add
        it there); an empty fingerprint always queues. True when queued."""
        keys = [seen, self.keys.queue]
        args = [fingerprint, score(request), self._encode_request(request)]
        return bool(self._push_unseen(keys=keys, args=args))

    def pop(self, timeout: int = 0) -> tuple[Request, bytes] | None:
        """The best queued request and its lease, or ``None`` when the queue is empty."""
        keys = [self.keys.queue, self.keys.leases]
        member = self._pop(keys=keys, args=[self.worker, time.time() + self.lease_seconds])
        if not member:
            return None
        data = member.split(SEP, 2)[2]
        return self._decode_request(data), member

    def ack(self, members: list[bytes]) -> None:
        """The requests were handled: end their leases."""
        if members:
            self.server.zrem(self.keys.leases, *members)

    def renew(self, members: list[bytes]) -> int:
        """This worker still works on them: push their deadlines out (taking back leases
        that expired meanwhile); how many were lost to another worker."""
        if not members:
            return 0
        deadline = time.time() + self.lease_seconds
        keys = [self.keys.queue, self.keys.leases]
        return int(self._renew(keys=keys, args=[deadline, *members]))

    def release(self, members: list[bytes]) -> int:
        """Hand leases back to the queue now (a worker stopping with work in hand)."""
        if not members:
            return 0
        keys = [self.keys.queue, self.keys.leases]
        return int(self._release(keys=keys, args=members))

    def requeue_expired(self) -> int:
        """Put the leases of dead workers back in the queue; how many there were."""
        return int(self._requeue(keys=[self.keys.queue, self.keys.leases], args=[time.time()]))

    def leased(self) -> int:
        return int(self.server.zcard(self.keys.leases))

    def clear(self) -> None:
        self.server.delete(self.keys.queue, self.keys.leases)
