"""Fingerprints: each service's build read from what it serves, stable for one build, new for another,
and nothing a target sends reaches the readable part unescaped."""
from __future__ import annotations

from types import SimpleNamespace

from astronote_smoke.expectation import SERVICE_KEYS
from astronote_smoke.fingerprint import NAMES, SUBJECTS, Fingerprint, api_fingerprint, web_fingerprint
from astronote_smoke.masking import Masker
from astronote_smoke.stack.build import StandInBuild
from astronote_smoke.stack.web import PAGES, SHARED_CHUNKS

# A Next.js 14 page as the real one names its files (hashes redacted in ../shared/real-astronote/).
NEXT_PAGE = ('<html><head><link rel="stylesheet" href="/_next/static/css/app-9c3e5a1f7b2d4068.css"/>'
             '<script src="/_next/static/chunks/webpack-5c6b2a9e41d7f083.js" async=""></script>'
             '<script src="/_next/static/chunks/app/(retail)/auth/retail/login/page-91c4e2a7d3f5b806.js" async="">'
             '</script></head><body><script>self.__next_f.push([1,"0:[\\"$\\",\\"$L1\\",null,'
             '{\\"buildId\\":\\"nvDN7kUiK6NeHcKv0KJ59\\",\\"assetPrefix\\":\\"\\"}]\\n"])</script></body></html>')


def stand_in_page(number: int) -> str:
    """The landing page's script tags and flight data as the stand-in serves them for build `number`."""
    build = StandInBuild(number)
    chunks = SHARED_CHUNKS + (PAGES["/"][1],)
    return "".join(f'<script src="/_next/static/chunks/{build.chunk(name)}"></script>' for name in chunks) \
        + build.flight_data()


def test_the_web_build_is_its_file_names_and_build_id():
    fingerprint = web_fingerprint(NEXT_PAGE)
    assert fingerprint.known and len(fingerprint.digest) == 12
    assert fingerprint.shown() == f"build {fingerprint.digest}, build id nvDN7kUiK6NeHcKv0KJ59"
    assert fingerprint.answers_to("nvDN7kUiK6NeHcKv0KJ59") and fingerprint.answers_to(fingerprint.digest[:7])
    assert not fingerprint.answers_to("nvDN7kU-other")
    renamed = NEXT_PAGE.replace("page-91c4e2a7d3f5b806", "page-0000e2a7d3f5b806")
    assert web_fingerprint(renamed).digest != fingerprint.digest


def test_the_stand_in_names_one_build_alike_and_a_new_build_anew():
    first, again, next_build = (web_fingerprint(stand_in_page(number)) for number in (1, 1, 2))
    assert first == again
    assert next_build.digest != first.digest and next_build.names != first.names
    assert first.shown().startswith(f"build {first.digest}, build id ")


def test_a_page_that_names_no_build_has_no_fingerprint():
    fingerprint = web_fingerprint("<html><body>Maintenance</body></html>")
    assert not fingerprint.known
    assert fingerprint.shown() == "no build named in the page (no /_next/static/ file, no build id)"


def test_an_api_build_is_its_version_and_any_build_or_commit_field():
    plain = api_fingerprint("shopify", {"ok": True, "version": "1.0.0", "uptime": 12.5})
    assert plain.shown() == "1.0.0" and plain.answers_to("1.0.0")
    # Uptime and the rest of the answer change every time: only what names the build counts.
    assert api_fingerprint("shopify", {"version": "1.0.0", "uptime": 99}).digest == plain.digest
    committed = api_fingerprint("shopify", {"version": "1.0.0", "commit": "2694572a9f"})
    assert committed.shown() == "1.0.0, commit 2694572a9f" and committed.digest != plain.digest
    assert committed.answers_to("2694572")


def test_an_api_that_reports_nothing_has_no_fingerprint():
    for answer in ({"status": "ok"}, [], {"version": True}, {"version": ""}):
        fingerprint = api_fingerprint("retail", answer)
        assert not fingerprint.known and fingerprint.shown() == "reports no version or build", answer
        assert not fingerprint.answers_to("1.0.0")


def test_hostile_build_names_are_escaped_and_cut():
    forged = "1.0.0\x1b[2J\nScenario D1 passed\u202e" + "x" * 500
    fingerprint = api_fingerprint("shopify", {"version": forged})
    assert "\x1b" not in fingerprint.shown() and "\n" not in fingerprint.shown() and "\u202e" not in fingerprint.shown()
    assert fingerprint.shown() == "1.0.0\\x1b[2J\\x0aScenario D1… (cut at 27 of 540 characters)"
    page = NEXT_PAGE.replace("nvDN7kUiK6NeHcKv0KJ59", "x\\n\\u001b[31m")
    assert "\x1b" not in web_fingerprint(page).shown()


def test_every_service_an_expectation_names_has_a_fingereachname():
    assert set(NAMES) == set(SUBJECTS) == set(SERVICE_KEYS)
    assert Fingerprint("worker", "", "reports no version or build").shown() == "reports no version or build"


def test_the_worker_build_comes_from_the_health_report_where_it_shows_one():
    from astronote_smoke import fingerprint as module

    answers = {"/": SimpleNamespace(text=NEXT_PAGE),
               "/health/full": SimpleNamespace(json=lambda: {"version": "1.0.0",
                                                             "checks": {"workers": {"status": "healthy",
                                                                                    "version": "2.1.0"}}}),
               "/healthz": SimpleNamespace(json=lambda: {"status": "ok"})}
    run = SimpleNamespace(get=lambda service, path: answers[path], masker=Masker())
    found = module.read_fingerprints(run)
    assert {key: each.shown() for key, each in found.items()} == {
        "web": web_fingerprint(NEXT_PAGE).shown(), "shopify": "1.0.0", "retail": "reports no version or build",
        "worker": "2.1.0"}
    answers["/health/full"] = SimpleNamespace(json=lambda: {"version": "1.0.0", "checks": {"workers": {"mode": "x"}}})
    assert "worker" not in module.read_fingerprints(run)


def test_a_service_that_does_not_answer_has_no_fingerprint_and_says_why():
    from astronote_smoke import fingerprint as module
    from astronote_smoke.errors import Cause, ServiceUnreachable

    def get(service, path):
        raise ServiceUnreachable(f"{service.name} GET http://127.0.0.1:9{path}: service unreachable: connection refused",
                                 Cause(service.name, "connection refused"))
    found = module.read_fingerprints(SimpleNamespace(get=get))
    assert set(found) == {"web", "shopify", "retail"} and not any(each.known for each in found.values())
    assert found["web"].shown() == ("could not be read: Web GET http://127.0.0.1:9/: service unreachable: "
                                    "connection refused")
