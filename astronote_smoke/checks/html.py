"""Checks on web pages as served: HTML content type, title, not-found page, theme, forms and scripts."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..http import Reply
from .expect import fail, status

NOT_FOUND_TITLE = "404: This page could not be found."


@dataclass
class Page:
    """What the suite reads from a page: the first <html> element's classes, title, inputs and scripts."""

    html_classes: list[str] | None = None
    title: str = ""
    input_types: list[str] = field(default_factory=list)
    script_sources: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False

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

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data


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


def not_the_not_found_page(reply: Reply) -> None:
    """Next.js serves its not-found page with 404; served with 200 it is still that page."""
    page = parse(reply)
    if reply.status == 404 or page.title == NOT_FOUND_TITLE:
        raise fail(reply, "the requested page", f"the not-found page (status {reply.status}, title {page.title!r})")


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
