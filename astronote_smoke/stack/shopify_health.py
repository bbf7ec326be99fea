"""The Shopify API's /health/full answer as the real one gives it: the checks
of every dependency (db, redis, workers, scheduler, cache, queue, mitto,
shopify) with their own fields, process metrics, uptime and the package
version, and the faults that change what the checks say."""

import os
import resource
import time

PACKAGE_VERSION = "1.0.0"
# The version a build that takes over mid-run reports (fault shopify-switches-build).
NEXT_VERSION = "1.0.1"
# What the API's queue probe reads when the job it added was already taken by a worker.
RACE_ERROR = "Job {job} could not be removed because it is locked by another worker"
REDIS_CLOSED = "Connection is closed."
DATABASE_UNREACHABLE = ("\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. "
                        "Message: `Can't reach database server at localhost:5432`")
QUEUES = ("sms-send", "campaign-send", "automation-trigger", "delivery-status-update",
          "all-campaigns-status-update", "reconciliation")


def full_health(ctx, database_answers, worker_alive, probe_job, version=PACKAGE_VERSION):
    """The body of /health/full. ``database_answers`` and ``worker_alive`` say what
    the stack sees; ``probe_job`` numbers the queue probe's job; ``version`` is the build's."""
    started = time.monotonic()
    db = {"status": "healthy", "responseTime": "3ms"}
    if not database_answers or ctx.has("postgres-down"):
        db = {"status": "unhealthy", "error": DATABASE_UNREACHABLE}
    redis = {"status": "healthy", "responseTime": "0ms", "latency": "0ms"}
    queue = {"status": "healthy", "responseTime": "1ms"}
    if ctx.has("health-not-ok"):
        redis = {"status": "unhealthy", "responseTime": "0ms"}
    if ctx.has("redis-not-reconnected"):
        redis = {"status": "unhealthy", "responseTime": "0ms"}
        queue = {"status": "unhealthy", "error": REDIS_CLOSED}
    elif ctx.has("queue-probe-race"):
        queue = {"status": "unhealthy", "error": RACE_ERROR.format(job=probe_job)}
    checks = {
        "db": db,
        "redis": redis,
        "workers": _workers(ctx, worker_alive),
        "scheduler": {"runScheduler": "true", "scheduledCampaignsEnabled": "true (default)"},
        "cache": {"status": "healthy", "type": "redis"},
        "queue": queue,
        "mitto": {"status": "healthy", "responseTime": "4ms"},
        "shopify": {"hasApiKey": True, "hasApiSecret": True, "hasHost": True, "scopesCount": 1,
                    "embedded": True, "apiVersion": "2024-04"},
    }
    if queue["status"] == "healthy":
        counts = dict.fromkeys(("waiting", "active", "delayed", "failed", "paused"), 0)
        checks["queueCounts"] = {name: dict(counts) for name in QUEUES}
    # Every check with a status counts for ok, the workers' own included.
    ok = all(check.get("status", "healthy") == "healthy" for name, check in checks.items() if name != "workers")
    uptime = time.time() - ctx.started_at
    return {
        "ok": ok, "checks": checks, "metrics": _metrics(uptime), "uptime": uptime,
        "version": version, "responseTime": f"{int((time.monotonic() - started) * 1000)}ms",
    }


def _workers(ctx, worker_alive):
    if ctx.has("separate-worker"):
        # The API cannot see a worker in another process: it reports healthy regardless.
        return {"status": "healthy", "mode": "separate", "note": "Workers run in separate process or are disabled"}
    return {"status": "healthy" if worker_alive else "unhealthy", "mode": "embedded", "started": worker_alive,
            "lock": {"held": worker_alive, "owner": f"pid-{os.getpid()}" if worker_alive else None}}


def _metrics(uptime):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss = usage.ru_maxrss * 1024
    return {
        "memory": {"rss": rss, "heapTotal": rss, "heapUsed": rss, "external": 0, "arrayBuffers": 0},
        "cpu": {"user": int(usage.ru_utime * 1e6), "system": int(usage.ru_stime * 1e6)},
        "uptime": uptime, "nodeVersion": "v20.20.2", "platform": "linux",
        "app": {"counters": {}, "gauges": {}, "metrics": {}, "timestamp": _iso(time.time())},
    }


def _iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(epoch))
