"""The web app's image endpoint, as Next.js's `/_next/image` answers: a source under the app's
own `/logo/` folder at one of the configured widths comes back as a PNG of that width; anything
else is refused with Next.js's own 400 wording."""

import struct
import zlib

from werkzeug.wrappers import Response

SOURCES = ("/logo/",)
WIDTHS = (16, 32, 48, 64, 96, 128, 256, 384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840)
LOGO_COLOUR = (99, 102, 241)


def image_endpoint(request):
    source, width, quality = request.args.get("url", ""), request.args.get("w", ""), request.args.get("q", "")
    if not source.startswith(SOURCES) or ".." in source:
        return _refused('"url" parameter is not allowed')
    if not width.isdigit() or int(width) not in WIDTHS:
        return _refused('"w" parameter (width) of ' + (width or "none") + " is not allowed")
    if not quality.isdigit() or not 1 <= int(quality) <= 100:
        return _refused('"q" parameter (quality) must be a number between 1 and 100')
    headers = {"Cache-Control": "public, max-age=60, must-revalidate", "Vary": "Accept"}
    return Response(square_png(int(width)), 200, headers, mimetype="image/png")


def square_png(size):
    """A PNG of one colour, `size` pixels square: the smallest real image a browser decodes."""
    row = b"\x00" + bytes(LOGO_COLOUR) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(row * size))
            + _chunk(b"IEND", b""))


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _refused(reason):
    return Response(reason, 400, mimetype="text/plain")
