"""Replaying a recorded request against the reference stack: which faults reproduce what each
recording shows, the state a phase of the recordings needs (campaigns, a session, a spent rate
limit), and the recorded placeholders turned into the stack's own values."""
from __future__ import annotations

import datetime
import re
import secrets
import sqlite3
import uuid

import requests

from recorded import Recording

TIMEOUT = 5
NO_ANSWER_WAIT = 1.5  # the real service never answered in 12-50 s; the stack must not answer in this
MESSAGE = "Smoke test message, safe mode."
# The phases of the recordings and the faults each was recorded under: the real product ran with
# a separate worker and without /health/db, and its dependencies were stopped in some phases.
PHASE_FAULTS = {
    "basic": (),
    "flow": ("campaign-stuck-sending",),  # I3's campaign stayed sending: the flow cancels it
    "list": (),
    "misc": (),
    "burst": (),
    "pgdown": ("postgres-down", "no-health-db", "separate-worker"),
    "recovered": ("no-health-db", "separate-worker"),
    "redisdown": ("redis-down", "no-health-db", "separate-worker"),
    "recovered2": ("redis-not-reconnected", "no-health-db", "separate-worker"),
    "webapp": (),
}
# Recordings of a real defect, compared with the fault that reproduces it.
DEFECT_FAULTS = {
    "basic-12-D2-GET-health-full-separate-worker-running.json": ("queue-probe-race", "separate-worker"),
    "basic-13-K2-GET-health-full.json": ("separate-worker",),
    "basic-16-D5-GET-health-db.json": ("no-health-db",),
    "basic-24-E4-preflight-look-alike-web-evil-example.json": ("cors-prefix-match",),
    "basic-31-F4-GET-dashboard-shop-header-only.json": ("shop-domain-is-credential",),
    "basic-32-F4-GET-dashboard-garbage-bearer-plus-shop-header.json": ("shop-domain-is-credential",),
    "basic-45-J2-destination-page-of-the-unknown-link-redirect.json": ("no-error-page",),
}
CAMPAIGNS_BURST = 40  # the calls that spend the shared /campaigns limit before the burst recordings


def faults_of(recording: Recording) -> tuple[str, ...]:
    return DEFECT_FAULTS.get(recording.name, PHASE_FAULTS[recording.phase])


class Replayer:
    """Sends recorded requests to one stack, for one phase of recordings in their order."""

    def __init__(self, stack, phase: str):
        self.stack = stack
        self.run = f"fidelity{secrets.token_hex(4)}"
        self.ids: dict[str, str] = {}
        self.cookie = ""
        self.retail_token = None
        getattr(self, f"_prepare_{phase}", lambda: None)()

    # --- what a phase needs before its first recording

    def _prepare_list(self):
        # Oldest first: the newest is cancelled and the first by name completed, as in the recordings.
        for number, status in enumerate(("completed", "completed", "failed", "draft", "cancelled", "cancelled")):
            self._plant(status, number)

    def _prepare_misc(self):
        self._prepare_list()
        self.ids["<id:1>"] = self._plant("completed", 9)
        self.ids["<id:14>"] = "c" + "0" * 24  # an id no campaign has

    def _prepare_burst(self):
        url = self.stack.urls["SHOPIFY_API_URL"] + "/campaigns/queue/stats"
        for _ in range(CAMPAIGNS_BURST):
            requests.get(url, headers=self._shop_headers(), timeout=TIMEOUT)

    def _prepare_webapp(self):
        self.cookie = self._sign_in().cookies["rt"]

    def _plant(self, status: str, number: int) -> str:
        """A campaign of the test shop in `status`, written straight to the database: no API call spent."""
        campaign_id = "c" + secrets.token_hex(12)
        now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        started = None if status == "draft" else now
        finished = now if status in ("completed", "failed") else None
        with sqlite3.connect(self.stack.db_path, timeout=5) as db:
            db.execute("INSERT INTO campaigns VALUES (?, ?, ?, ?, '{\"type\": \"all\"}', 'immediate', ?, ?, ?, ?, ?)",
                       (campaign_id, self.stack.env["SHOPIFY_SHOP_DOMAIN"], f"smoke-{self.run}-{number}-{status}",
                        MESSAGE, status, now, now, started, finished))
        return campaign_id

    def _sign_in(self) -> requests.Response:
        credentials = {"email": self.stack.env["RETAIL_EMAIL"], "password": self.stack.env["RETAIL_PASSWORD"]}
        response = requests.post(self.stack.urls["RETAIL_API_URL"] + "/api/auth/login", json=credentials,
                                 timeout=TIMEOUT)
        response.raise_for_status()
        return response

    def _shop_headers(self) -> dict:
        return {"X-Shopify-Shop-Domain": self.stack.env["SHOPIFY_SHOP_DOMAIN"],
                "Authorization": f"Bearer {self.stack.env['SHOPIFY_SESSION_TOKEN']}"}

    # --- placeholders

    def substitute(self, text: str) -> str:
        env, urls = self.stack.env, self.stack.urls
        text = (text.replace("http://<web>", urls["WEB_URL"]).replace("http://<shopify-api>", urls["SHOPIFY_API_URL"])
                .replace("http://<retail-api>", urls["RETAIL_API_URL"])
                .replace("<token:known-short-link>", env["SHORT_LINK_TOKEN"])
                .replace("https://example.com/smoke-landing", env["SHORT_LINK_DESTINATION"])
                .replace("smoke-test.myshopify.com", env["SHOPIFY_SHOP_DOMAIN"])
                .replace("smoke@example.com", env["RETAIL_EMAIL"])
                .replace("<run>", self.run).replace("<uuid>", str(uuid.uuid4())).replace("rt=<token>", f"rt={self.cookie}"))
        return re.sub(r"<id:\d+>", lambda match: self.ids.get(match.group(0), match.group(0)), text)

    def _substitute_body(self, body):
        if isinstance(body, dict):
            return {key: self._substitute_body(value) for key, value in body.items()}
        if body == "<secret>":
            return self.stack.env["RETAIL_PASSWORD"]
        return self.substitute(body) if isinstance(body, str) else body

    # --- the request

    def send(self, recording: Recording) -> requests.Response | None:
        """The stack's answer to the recorded request, or None if it did not answer in time."""
        request = recording.request
        service = {"web": "WEB_URL", "shopify": "SHOPIFY_API_URL", "retail": "RETAIL_API_URL"}[request["service"]]
        path = self.substitute(request["path"].split(" then ")[0])
        headers = {name: self.substitute(value) for name, value in request.get("headers", {}).items()
                   if name != "Authorization"}
        token = self._bearer(request["service"], request.get("headers", {}).get("Authorization", "absent"))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        options = {"headers": headers, "allow_redirects": False, "timeout": TIMEOUT}
        if "body" in request:
            options["json"] = self._substitute_body(request["body"])
        if recording.response.get("status") is None:
            options["timeout"] = NO_ANSWER_WAIT
        try:
            answer = requests.request(request["method"], self.stack.urls[service] + path, **options)
        except requests.Timeout:
            return None
        self._learn_ids(recording, answer)
        return answer

    def _bearer(self, service: str, authorization: str) -> str | None:
        if authorization == "absent":
            return None
        if authorization == "present: garbage bearer":
            return "garbage-" + secrets.token_hex(8)
        if service == "retail":
            if self.retail_token is None:
                self.retail_token = self._sign_in().json()["accessToken"]
            return self.retail_token
        return self.stack.env["SHOPIFY_SESSION_TOKEN"]

    def _learn_ids(self, recording: Recording, answer: requests.Response):
        """A created campaign's recorded id stands for the id the stack gave it."""
        recorded = recording.response.get("body")
        if recording.request["method"] != "POST" or not isinstance(recorded, dict) or answer.status_code != 201:
            return
        placeholder = (recorded.get("data") or {}).get("id")
        if isinstance(placeholder, str) and placeholder.startswith("<id:"):
            self.ids[placeholder] = answer.json()["data"]["id"]
