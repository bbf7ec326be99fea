"""The build the stand-in's web app serves, named the way a Next.js production build names itself:
content-hashed chunk file names (`app/layout-6a1d9e2c4b7f3a05.js`) and a build id in the page's
flight data. Both follow from the stack's build number (SMOKE_STACK_BUILD), so two fetches of one
build name the same files and a restart with another number serves a new build.

The release faults pick another build for the web app: `web-build-stuck` keeps the one before
the stack's (the deploy did not take effect), `web-rolled-back=N` serves build N (the host rolled
the deploy back to an older build).
"""

import base64
import hashlib
import re

DEFAULT_BUILD = 1
# A chunk's logical name ends in the 16 hex digits of its content hash, as webpack writes them.
_HASHED = re.compile(r"^(?P<stem>.+)-[0-9a-f]{16}(?P<suffix>\.js)$")


class StandInBuild:
    def __init__(self, number):
        self.number = number

    @classmethod
    def of(cls, ctx):
        """The build the web app of this stack serves, faults included."""
        if ctx.has("web-rolled-back"):
            return cls(int(ctx.faults["web-rolled-back"]))
        if ctx.has("web-build-stuck"):
            return cls(ctx.build - 1)
        return cls(ctx.build)

    def _hash(self, text, length):
        return hashlib.sha256(f"astronote build {self.number}: {text}".encode("utf-8")).digest()[:length]

    @property
    def build_id(self):
        """21 URL-safe characters, as Next.js's generated build ids are."""
        return base64.urlsafe_b64encode(self._hash("build id", 16)).decode("ascii")[:21]

    def chunk(self, name):
        """The served file name of a chunk: its logical name with this build's content hash."""
        match = _HASHED.match(name)
        if not match:
            return name
        return f"{match['stem']}-{self._hash(match['stem'], 8).hex()}{match['suffix']}"

    def flight_data(self):
        """The scripts with the page's first flight data, where a Next.js 14 page names its build id."""
        return ('<script>(self.__next_f=self.__next_f||[]).push([0])</script>'
                '<script>self.__next_f.push([1,"0:[\\"$\\",\\"$L1\\",null,{\\"buildId\\":\\"'
                f'{self.build_id}'
                '\\",\\"assetPrefix\\":\\"\\",\\"initialCanonicalUrl\\":\\"/\\"}]\\n"])</script>')
