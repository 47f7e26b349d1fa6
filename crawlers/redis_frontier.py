"""A Scrapy scheduler whose queue and duplicate filter live in Redis, so N crawler processes (on N
machines) split one crawl: every page is fetched once, by whichever process pops it first.

    LEAKSCOUT_REDIS_URL=redis://… leakscout crawl SPIDER -a … \\
        -s SCHEDULER=crawlers.redis_frontier.RedisFrontier [-s LEAKSCOUT_FRONTIER_CRAWL=NAME]

Start the same command on every machine. Keys, under `leakscout:frontier:<crawl>:` (the crawl
name defaults to the spider's name):

* `queue`: the pending requests (a list, first in first out; request priorities are not kept),
* `seen`: fingerprints of every request ever queued, the shared duplicate filter; start requests
  are filtered too, so N processes fetch the start pages once,
* `workers`: each process's state, "busy <time>" or "idle <time>", refreshed every 10 s,
* `started_at`: when the first process opened the crawl; `partial`: set when any process saw
  errors, stopped early or died holding work (then no listing is marked removed).

A process pops a request and marks itself busy in one step (a Lua script). When its own engine
has nothing left it marks itself idle, and it closes only when the queue is empty and no live
process is busy: a busy one may still queue pages. An idle process checks the queue every half
second and takes work as soon as there is some. A process that stops sending heartbeats for
LEAKSCOUT_FRONTIER_WORKER_TIMEOUT seconds counts as dead; the requests it had popped are lost for
this crawl (the next crawl fetches them) and the crawl counts as partial.

A crawl's keys are kept (expiring after a day) when it ends; the next crawl of the same name that
finds no live process and an empty queue starts afresh. If every process died with requests still
queued, the next start goes on with them.

Requests are stored pickled, as Scrapy's own disk queues store them: the Redis server must be
reachable by the crawlers only.
"""
from __future__ import annotations

import os
import pickle
import socket
import time
import uuid
from collections import deque

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.request import request_from_dict
from twisted.internet import task

from leakscout.core.errors import LeakscoutError
from leakscout.core.timeutil import utc_now
from crawlers.config import app_settings
from crawlers.extensions import incomplete_reasons
from leakscout.core.redact import redact

HEARTBEAT_SECONDS = 10
IDLE_POLL_SECONDS = 0.5
CLAIMED = "leakscout_frontier_claimed"   # meta flag: popped from Redis while idle, handed to the engine
KEYS_KEPT_SECONDS = 24 * 3600

# Joins the crawl: state left by a finished or abandoned crawl (no live worker, nothing queued)
# is dropped first, atomically, so two processes starting together cannot drop each other's work.
_JOIN = """
local live = false
local states = redis.call('HGETALL', KEYS[2])
for i = 2, #states, 2 do
  local beat = tonumber(string.match(states[i], '%S+$'))
  if beat and tonumber(ARGV[2]) - beat < tonumber(ARGV[3]) then live = true end
end
if not live and redis.call('LLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
end
redis.call('HSET', KEYS[2], ARGV[1], 'busy ' .. ARGV[2])
redis.call('SETNX', KEYS[4], ARGV[4])
return redis.call('GET', KEYS[4])
"""

_POP = """
local request = redis.call('LPOP', KEYS[1])
if request then redis.call('HSET', KEYS[2], ARGV[1], 'busy ' .. ARGV[2]) end
return request
"""


def uses_shared_frontier(settings) -> bool:
    return str(settings.get("SCHEDULER")).endswith("redis_frontier.RedisFrontier")


def connect(settings=None):
    """A client for LEAKSCOUT_REDIS_URL (of `settings`, else loaded); LeakscoutError with one line if unset
    or unreachable."""
    import redis

    from leakscout.core.config import load_settings

    url = (settings or load_settings()).redis_url
    if not url:
        raise LeakscoutError("the shared frontier needs LEAKSCOUT_REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        from leakscout.core.setup_hints import missing_hint

        raise LeakscoutError(f"Redis is not reachable at {redact(url)}: {redact(exc)}{missing_hint('redis')}") from exc
    return client


class RedisFrontier:
    def __init__(self, crawler, client, crawl_name: str | None, worker_timeout: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.client = client
        self.crawl_name = crawl_name
        self.worker_timeout = worker_timeout
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.state = "busy"
        self.complete = False
        self._join = client.register_script(_JOIN)
        self._pop = client.register_script(_POP)
        self._heartbeat = task.LoopingCall(self._beat)
        self._idle_poll = task.LoopingCall(self._take_work_while_idle)
        self._claimed: deque = deque()

    @classmethod
    def from_crawler(cls, crawler):
        frontier = cls(crawler, connect(app_settings(crawler.settings)), crawler.settings.get("LEAKSCOUT_FRONTIER_CRAWL") or None,
                       crawler.settings.getfloat("LEAKSCOUT_FRONTIER_WORKER_TIMEOUT", 60))
        crawler.signals.connect(frontier.spider_idle, signal=signals.spider_idle)
        return frontier

    # -- keys ---------------------------------------------------------------------------------
    def _key(self, name: str) -> str:
        return f"leakscout:frontier:{self.crawl_name}:{name}"

    @property
    def _all_keys(self) -> list[str]:
        return [self._key(name) for name in ("queue", "workers", "seen", "started_at", "partial")]

    # -- scheduler interface ----------------------------------------------------------------
    def open(self, spider) -> None:
        self.spider = spider
        self.crawl_name = self.crawl_name or spider.name
        started_at = self._join(keys=self._all_keys, args=[self.worker, time.time(), self.worker_timeout, utc_now()])
        self.stats.set_value("leakscout/frontier/shared", True)
        self.stats.set_value("leakscout/frontier/started_at", started_at.decode())
        self._heartbeat.start(HEARTBEAT_SECONDS, now=False)
        spider.logger.info("shared frontier %s as worker %s (%d request(s) queued)",
                           self.crawl_name, self.worker, len(self))

    def close(self, reason: str) -> None:
        for loop in (self._heartbeat, self._idle_poll):
            if loop.running:
                loop.stop()
        while self._claimed:   # taken but not started: give it back to the other processes
            self.client.rpush(self._key("queue"), self._serialize(self._claimed.popleft()))
        if reason != "finished" or incomplete_reasons("finished", self.stats.get_stats()):
            self.client.set(self._key("partial"), 1)
        self.client.hdel(self._key("workers"), self.worker)
        # The last process to leave a complete crawl is the one that marks removed listings.
        last = self.complete and not self._live_workers(states=("busy", "idle"))
        self.stats.set_value("leakscout/frontier/complete", last)
        self.stats.set_value("leakscout/frontier/partial", bool(self.client.exists(self._key("partial"))))
        for key in self._all_keys:
            self.client.expire(key, KEYS_KEPT_SECONDS)

    def has_pending_requests(self) -> bool:
        return bool(self._claimed) or len(self) > 0

    def __len__(self) -> int:
        return int(self.client.llen(self._key("queue")))

    def enqueue_request(self, request) -> bool:
        if request.meta.pop(CLAIMED, False):
            self._claimed.append(request)
            return True
        if self._filtered(request):
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.client.rpush(self._key("queue"), self._serialize(request))
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        if self._claimed:
            return self._claimed.popleft()
        data = self._pop(keys=[self._key("queue"), self._key("workers")], args=[self.worker, time.time()])
        if data is None:
            return None
        self.state = "busy"
        self.stats.inc_value("scheduler/dequeued/redis")
        return request_from_dict(pickle.loads(data), spider=self.spider)

    # -- closing together -------------------------------------------------------------------
    def spider_idle(self, spider) -> None:
        """This process has nothing left: close only if no process of the crawl has anything left."""
        if incomplete_reasons("finished", self.stats.get_stats()):
            self.client.set(self._key("partial"), 1)
        self.state = "idle"
        self._beat()
        if not self._crawl_done():
            if not self._idle_poll.running:
                self._idle_poll.start(IDLE_POLL_SECONDS, now=False)
            raise DontCloseSpider
        self.complete = True

    def _take_work_while_idle(self) -> None:
        # Scrapy asks an idle engine's scheduler for work only every 5 s; this hands a request
        # to the engine as soon as another process has queued one, which wakes the engine up.
        request = self.next_request()
        if request is None:
            return
        self._idle_poll.stop()
        request.meta[CLAIMED] = True
        self.crawler.engine.crawl(request)

    def _crawl_done(self) -> bool:
        pipe = self.client.pipeline(transaction=True)
        pipe.llen(self._key("queue"))
        pipe.hgetall(self._key("workers"))
        queued, states = pipe.execute()
        if queued:
            return False
        now = time.time()
        for worker, value in states.items():
            state, beat = value.decode().split()
            if now - float(beat) >= self.worker_timeout:
                if state == "busy":   # died holding requests: they are lost for this crawl
                    self.client.set(self._key("partial"), 1)
                self.client.hdel(self._key("workers"), worker)
            elif state == "busy":
                return False
        return True

    def _live_workers(self, states: tuple[str, ...]) -> list[str]:
        now = time.time()
        live = []
        for worker, value in self.client.hgetall(self._key("workers")).items():
            state, beat = value.decode().split()
            if state in states and now - float(beat) < self.worker_timeout:
                live.append(worker.decode())
        return live

    def _beat(self) -> None:
        self.client.hset(self._key("workers"), self.worker, f"{self.state} {time.time()}")

    def _serialize(self, request) -> bytes:
        return pickle.dumps(request.to_dict(spider=self.spider), protocol=4)

    def _filtered(self, request) -> bool:
        # Retries and redirects come back with dont_filter=True and must pass; start requests
        # (also dont_filter) are filtered so that N processes fetch each start page once.
        first_start_request = request.meta.get("is_start_request") and not request.meta.get("retry_times")
        if request.dont_filter and not first_start_request:
            return False
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request).hex()
        return self.client.sadd(self._key("seen"), fingerprint) == 0
