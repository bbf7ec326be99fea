"""A one-purpose HTTP server on loopback that writes raw bytes, for answers no framework would send."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager


@contextmanager
def raw_server(answer):
    """Serves `answer(connection, request_bytes)` for every connection; yields the base URL and the requests seen."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve_one(connection):
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                data = connection.recv(65536)
                if not data:
                    return
                request += data
            seen.append(request)
            try:
                answer(connection, request)
            except OSError:
                pass  # the client gave up first: what the test is about

    def loop():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            threading.Thread(target=serve_one, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    finally:
        stop.set()
        thread.join()
        listener.close()


def trickle(data: bytes, pause_s: float = 1.0):
    """An answer that sends `data` one byte every `pause_s`."""
    def answer(connection, request):
        for byte in data:
            connection.sendall(bytes([byte]))
            time.sleep(pause_s)
    return answer


def whole(data: bytes):
    def answer(connection, request):
        connection.sendall(data)
    return answer


def json_answer(body: bytes, status: str = "200 OK", headers: str = "", before: bytes = b"") -> bytes:
    # Headers go out as UTF-8 bytes: a hostile server is not bound to latin-1.
    return before + (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                     f"Connection: close\r\n{headers}\r\n").encode() + body
