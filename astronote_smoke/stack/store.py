"""The stack's shared state: one SQLite file that the parent creates and seeds,
and that every stack process opens (per-thread connections, short write
transactions, worker heartbeats)."""

import contextlib
import sqlite3
import threading
import time

SCHEMA = """
CREATE TABLE shops (
    domain TEXT PRIMARY KEY,
    session_token TEXT NOT NULL,
    credits INTEGER NOT NULL,
    contacts INTEGER NOT NULL
);
CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    shop TEXT NOT NULL REFERENCES shops(domain),
    name TEXT NOT NULL,
    message TEXT NOT NULL,
    audience TEXT NOT NULL,
    schedule_type TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- no foreign key: like BullMQ jobs, finished jobs outlive a deleted campaign
    campaign_id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at REAL NOT NULL,
    logged INTEGER NOT NULL DEFAULT 1  -- 0: sent, but its message log was not written
);
CREATE INDEX jobs_by_status ON jobs(status);
CREATE TABLE enqueue_answers (
    shop TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (shop, idempotency_key)
);
CREATE TABLE short_links (
    token TEXT PRIMARY KEY,
    destination TEXT NOT NULL,
    clicks INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE retail_users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE retail_lists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    gender TEXT,
    members INTEGER NOT NULL
);
CREATE TABLE retail_refresh_tokens (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE retail_campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sent INTEGER NOT NULL,
    delivered INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    conversions INTEGER NOT NULL
);
CREATE TABLE retail_sms_queue (
    status TEXT PRIMARY KEY,
    jobs INTEGER NOT NULL
);
CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY,
    at REAL NOT NULL
);
"""


def create(path, seed):
    """Create the database at ``path`` with the seeded test data of ``seed``
    (the suite's variable names: SHOPIFY_SHOP_DOMAIN, RETAIL_EMAIL...)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        # WAL lets the APIs read while the worker writes; the mode is stored in the file.
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        with transaction(db):
            _seed(db, seed)
    finally:
        db.close()


def _seed(db, seed):
    # A test shop whose audience holds three test recipients (safe mode).
    db.execute(
        "INSERT INTO shops VALUES (?, ?, 1250, 3)",
        (seed["SHOPIFY_SHOP_DOMAIN"], seed["SHOPIFY_SESSION_TOKEN"]),
    )
    db.execute(
        "INSERT INTO short_links (token, destination) VALUES (?, ?)",
        (seed["SHORT_LINK_TOKEN"], seed["SHORT_LINK_DESTINATION"]),
    )
    # Kept in clear: it is the seeded test credential, and echo-secrets must be able to leak it.
    db.execute(
        "INSERT INTO retail_users VALUES (1, ?, ?, 'Smoke Test')",
        (seed["RETAIL_EMAIL"], seed["RETAIL_PASSWORD"]),
    )
    # The retail API's system lists, whose ids are names.
    db.executemany(
        "INSERT INTO retail_lists VALUES (?, ?, ?, ?, ?)",
        [("all", "All Contacts", "All subscribed contacts (18+)", None, 3),
         ("gender_male", "All Male Contacts", "All subscribed male contacts (18+)", "male", 1),
         ("gender_female", "All Female Contacts", "All subscribed female contacts (18+)", "female", 2)],
    )
    db.executemany(
        "INSERT INTO retail_campaigns (name, sent, delivered, failed, conversions) VALUES (?, ?, ?, ?, ?)",
        [
            ("Spring sale", 1180, 1151, 9, 64),
            ("Loyalty points reminder", 2310, 2262, 21, 103),
            ("New store opening", 1300, 1242, 17, 45),
        ],
    )
    db.executemany(
        "INSERT INTO retail_sms_queue VALUES (?, ?)",
        [("waiting", 0), ("active", 0), ("completed", 4790), ("failed", 47), ("delayed", 0)],
    )


@contextlib.contextmanager
def transaction(db):
    """A write transaction that takes the write lock up front, so two
    processes never both read, then both write."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class Connections:
    """One connection per thread to the stack database (the servers are threaded)."""

    def __init__(self, path):
        self.path = path
        self._local = threading.local()

    def __call__(self):
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = connect(self.path)
        return db


def connect(path):
    """A connection in autocommit mode (writes use ``transaction``) that
    waits up to 5 s for another process's write lock."""
    db = sqlite3.connect(path, timeout=5, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def beat(db, name):
    """Record that ``name`` is alive now."""
    db.execute("INSERT OR REPLACE INTO heartbeats VALUES (?, ?)", (name, time.time()))


def heartbeat_age(db, name):
    """Seconds since ``name`` last beat, or None if it never did."""
    row = db.execute("SELECT at FROM heartbeats WHERE name = ?", (name,)).fetchone()
    return None if row is None else time.time() - row["at"]
