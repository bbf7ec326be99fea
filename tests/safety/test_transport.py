"""Transport safety: certificates are always checked, and credentials never reach another host."""
import http.server
import shutil
import ssl
import subprocess
import threading

import pytest

from astronote_smoke.config import settings_from
from astronote_smoke.errors import ServiceUnreachable
from astronote_smoke.http import Client
from astronote_smoke.masking import Masker
from astronote_smoke.services import SHOPIFY
from tests.support.suite_run import PROJECT_ROOT


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 200, or a redirect to `redirect_to`, and keeps every request's headers."""

    redirect_to = None
    seen: list

    def do_GET(self):
        self.seen.append(dict(self.headers))
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """`serve(host, redirect_to=None, tls=None)` -> (base URL, list of the requests' headers)."""
    servers = []

    def start(host, redirect_to=None, tls=None):
        handler = type("Handler", (Recorder,), {"redirect_to": redirect_to, "seen": []})
        server = http.server.ThreadingHTTPServer((host, 0), handler)
        if tls:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        scheme = "https" if tls else "http"
        return f"{scheme}://{host}:{server.server_address[1]}", handler.seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def self_signed(tmp_path):
    """A certificate for 127.0.0.1 that no system trusts, and the server-side TLS context using it."""
    assert shutil.which("openssl"), "this test makes its certificate with openssl: apt-get install openssl"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return cert, context


def bearer():
    return {"Authorization": "Bearer tok-not-for-other-hosts"}


def test_an_untrusted_certificate_fails_and_a_configured_ca_bundle_is_trusted(serve, self_signed):
    cert, tls = self_signed
    url, seen = serve("127.0.0.1", tls=tls)
    with pytest.raises(ServiceUnreachable, match=r"TLS handshake failed \(certificate not trusted\)"):
        Client({"shopify": url}, 5, Masker()).request(SHOPIFY, "GET", "/health")
    settings = settings_from({"REQUESTS_CA_BUNDLE": str(cert)})
    client = Client({"shopify": url}, 5, Masker(), verify=settings.tls_verify)
    assert client.request(SHOPIFY, "GET", "/health").status == 200


def test_verification_is_on_unless_a_ca_bundle_is_configured():
    assert settings_from({}).tls_verify is True
    assert Client({}, 5, Masker()).session.verify is True
    sources = [PROJECT_ROOT / "environment.py", *PROJECT_ROOT.glob("steps/*.py"),
               *(path for path in PROJECT_ROOT.glob("astronote_smoke/**/*.py") if "stack" not in path.parts)]
    for path in sources:
        text = path.read_text()
        assert "verify=False" not in text.replace(" ", "") and "CERT_NONE" not in text, path


def test_a_redirect_to_another_host_is_not_followed_and_gets_no_credentials(serve):
    other, seen_elsewhere = serve("127.0.0.2")
    url, seen = serve("127.0.0.1", redirect_to=other)
    reply = Client({"shopify": url}, 5, Masker()).request(SHOPIFY, "GET", "/dashboard", headers=bearer())
    assert reply.status == 302 and reply.headers["Location"] == f"{other}/dashboard"
    assert seen[0]["Authorization"] == bearer()["Authorization"]
    assert seen_elsewhere == []


def test_proxies_named_by_the_environment_are_not_used(serve, monkeypatch):
    proxy, seen_by_proxy = serve("127.0.0.2")
    url, seen = serve("127.0.0.1")
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert Client({"shopify": url}, 5, Masker()).request(SHOPIFY, "GET", "/health", headers=bearer()).status == 200
    assert len(seen) == 1 and seen_by_proxy == []


@pytest.mark.parametrize("path", ["@evil.example/dashboard", "//evil.example/dashboard", "dashboard"])
def test_a_request_path_cannot_move_the_request_to_another_host(path):
    client = Client({"shopify": "https://shop.example"}, 5, Masker())
    with pytest.raises(ValueError, match="must start with a single /"):
        client.request(SHOPIFY, "GET", path, headers=bearer())


def test_the_env_file_is_ignored_by_git_and_the_example_holds_no_secret():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=PROJECT_ROOT)
    assert ignored.returncode == 0, ".env is not ignored by git"
    tracked = subprocess.run(["git", "ls-files", ".env"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert tracked.stdout.strip() == ""
    example = (PROJECT_ROOT / ".env.example").read_text()
    for variable in ("SHOPIFY_SESSION_TOKEN", "RETAIL_ACCESS_TOKEN", "RETAIL_PASSWORD"):
        lines = [line for line in example.splitlines() if line.lstrip("# ").startswith(f"{variable}=")]
        assert lines, f"{variable} is not documented in .env.example"
        assert all(line.split("=", 1)[1].strip() == "" for line in lines), f".env.example gives {variable} a value"
