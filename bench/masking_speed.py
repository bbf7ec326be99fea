"""Masking speed: how long `Masker.mask` takes over texts of the sizes the suite masks, with as many
secrets as a run holds (three configured, a JWT and a refresh cookie learned). Not a CI test:

    .venv/bin/python bench/masking_speed.py

Prints milliseconds per call and megabytes a second for each text, clean and holding secrets.
"""
import base64
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from astronote_smoke.masking import Masker  # noqa: E402

SIZES = (200, 4_096, 100_000, 1_000_000)


def masker() -> tuple[Masker, list[str]]:
    values = [secrets.token_urlsafe(32), secrets.token_urlsafe(40), secrets.token_urlsafe(12),
              "eyJ" + secrets.token_urlsafe(120), secrets.token_hex(32)]
    return Masker(values), values


def text(size: int, values: list[str] | None) -> str:
    words = "the quick brown fox jumps over a lazy campaign 1234567890 abcdefABCDEF+/= {\"ok\": true}\n"
    body = (words * (size // len(words) + 1))[:size]
    if values:
        planted = " ".join(f"{value} {value.encode().hex()} {base64.b64encode(b'u:' + value.encode()).decode()}"
                           for value in values)
        body = body[: size // 2] + planted + body[size // 2:]
    return body


def main() -> int:
    hider, values = masker()
    for size in SIZES:
        for label, planted in (("clean", None), ("with secrets", values)):
            sample = text(size, planted)
            calls = max(1, 2_000_000 // size)
            started = time.perf_counter()
            for _ in range(calls):
                hider.mask(sample)
            seconds = (time.perf_counter() - started) / calls
            print(f"{size:>9,} chars {label:<12} {seconds * 1000:9.3f} ms/call {len(sample) / seconds / 1e6:7.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
