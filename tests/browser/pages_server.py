"""A web origin of the tests' own, serving pages written for one test each: a page that settles on
its loading shell, one that keeps working for a while before its form appears, and one that
shows its form only once two pages are waiting on it at the same time."""
from __future__ import annotations

import threading
import time

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

FORM = ('<form><input id="email" type="email"><input id="password" type="password">'
        '<button type="submit">Log In</button></form>')
SHELL = '<!DOCTYPE html><html><head><title>t</title></head><body><div id="app">Loading...</div>{script}</body></html>'
SHOW_FORM = f"document.getElementById('app').innerHTML = {FORM!r};"
PAGES = {
    # The shell and nothing else: no request pending, nothing changing.
    "/settles": "",
    # A sleeping API behind the page: one request pending for longer than the quiet period.
    "/slow-answer": f"fetch('/sleep').then(() => {{ {SHOW_FORM} }});",
    # Progress without requests: the text changes every half second, then the form appears.
    "/progressing": ("let step = 0; const tick = setInterval(() => {"
                     " document.getElementById('app').textContent = 'Loading step ' + (++step);"
                     f" if (step === 6) {{ clearInterval(tick); {SHOW_FORM} }} }}, 500);"),
    # The form comes only when two pages ask for it at the same time.
    "/together": f"fetch('/barrier').then(answer => answer.text()).then(word => {{ if (word === 'together') {{ {SHOW_FORM} }} }});",
}
SLEEP_S = 3.0
BARRIER_S = 15.0


class PagesServer:
    def __init__(self):
        self.barrier = threading.Barrier(2, timeout=BARRIER_S)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PagesServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()

    @Request.application
    def app(self, request):
        if request.path == "/sleep":
            time.sleep(SLEEP_S)
            return Response("awake")
        if request.path == "/barrier":
            try:
                self.barrier.wait()
                return Response("together")
            except threading.BrokenBarrierError:
                return Response("alone")
        if request.path in PAGES:
            script = f"<script>{PAGES[request.path]}</script>" if PAGES[request.path] else ""
            return Response(SHELL.format(script=script), mimetype="text/html")
        return Response("not found", 404)
