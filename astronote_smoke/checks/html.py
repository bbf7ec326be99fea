"""Checks on web pages as served: HTML content type, title, not-found page, theme, forms and scripts.

No title tells the not-found page apart (the real app gives every page the site title): a page
is the not-found page when it answers 404, or when it shows what the web app shows for a path
that surely does not exist (its headings and visible text, scripts and styles left aside)."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..http import Reply
from .expect import fail, status

INVISIBLE = {"script", "style", "noscript", "template", "title", "head"}
HEADINGS = {"h1", "h2", "h3"}
SHOWN_CHARS = 80  # how much of what a page shows a message quotes


@dataclass
class Page:
    """What the suite reads from a page: the first <html> element's classes, title, inputs,
    scripts, and what it shows (headings and visible text)."""

    html_classes: list[str] | None = None
    title: str = ""
    input_types: list[str] = field(default_factory=list)
    script_sources: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def shows(self) -> tuple[tuple[str, ...], str]:
        return tuple(self.headings), self.text

    def described(self) -> str:
        shown = " / ".join(self.headings) or self.text
        return repr(shown[:SHOWN_CHARS]) if shown else "nothing visible"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False
        self._hidden = 0
        self._heading: list[str] | None = None
        self._words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html" and self.page.html_classes is None:
            self.page.html_classes = attributes.get("class", "").split()
        elif tag == "title":
            self._in_title = True
        elif tag == "input":
            self.page.input_types.append(attributes.get("type", "text").lower())
        elif tag == "script" and attributes.get("src"):
            self.page.script_sources.append(attributes["src"])
        if tag in INVISIBLE:
            self._hidden += 1
        elif tag in HEADINGS:
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in INVISIBLE:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in HEADINGS and self._heading is not None:
            heading = " ".join("".join(self._heading).split())
            if heading:
                self.page.headings.append(heading)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        if self._hidden:
            return
        self._words.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = " ".join(" ".join(self._words).split())


def parse(reply: Reply) -> Page:
    parser = _PageParser()
    parser.feed(reply.text)
    parser.close()
    parser.page.title = " ".join(parser.page.title.split())
    return parser.page


def served_as_html(reply: Reply) -> Page:
    """200 with an HTML body; a redirect fails like any other wrong status."""
    status(reply, 200)
    if reply.content_type != "text/html":
        raise fail(reply, "an HTML page (text/html)", reply.content_type or "no Content-Type")
    return parse(reply)


def is_not_found_page(reply: Reply, not_found: Reply) -> bool:
    """Whether `reply` is the web app's not-found page, `not_found` being what the web app
    answered for a path that surely does not exist."""
    if reply.status == 404:
        return True
    return not_found.content_type == "text/html" and parse(reply).shows == parse(not_found).shows


def not_the_not_found_page(reply: Reply, not_found: Reply, wanted: str = "the requested page") -> None:
    if is_not_found_page(reply, not_found):
        raise fail(reply, wanted, f"the not-found page (status {reply.status}, showing {parse(reply).described()})")


def title_names(reply: Reply, word: str) -> None:
    title = parse(reply).title
    if word not in title:
        raise fail(reply, f"a <title> containing {word!r}", repr(title) if title else "no <title>")


def dark_theme(reply: Reply) -> None:
    classes = parse(reply).html_classes
    if classes is None:
        raise fail(reply, "an <html> element with the class `dark`", "no <html> element")
    if "dark" not in classes:
        raise fail(reply, "the <html> element's class to hold `dark`", repr(" ".join(classes)))
