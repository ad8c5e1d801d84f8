"""HTML forms read as a browser reads them, so a test can fill one in and submit it over plain HTTP.

A page's hidden fields (the sign-in page's client_id, state, …) are sent back exactly as the page gave
them, rather than rebuilt by the test: if a page forgets one, the test fails as a person's browser would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx


@dataclass
class Form:
    action: str
    method: str
    hidden: dict[str, str] = field(default_factory=dict)
    # Every named control a person can fill (inputs, selects) and, for selects, the values offered.
    controls: dict[str, list[str]] = field(default_factory=dict)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(attributes.get("action", ""), attributes.get("method", "get").lower()))
            return
        if not self.forms:
            return
        form, name = self.forms[-1], attributes.get("name")
        if tag == "input" and name:
            if attributes.get("type", "text").lower() == "hidden":
                form.hidden[name] = attributes.get("value", "")
            else:
                form.controls[name] = []
        elif tag == "select" and name:
            form.controls[name] = []
            self._select = name
        elif tag == "option" and self._select is not None and "disabled" not in attributes:
            form.controls[self._select].append(attributes.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def only_form(page: httpx.Response) -> Form:
    reader = _FormReader()
    reader.feed(page.text)
    assert len(reader.forms) == 1, f"expected one form on {page.url}, found {len(reader.forms)}"
    return reader.forms[0]


async def submit(browser: httpx.AsyncClient, page: httpx.Response, **filled: str) -> httpx.Response:
    """Fill the page's form as a person would (only fields it has, only options it offers) and send it."""
    form = only_form(page)
    for name, value in filled.items():
        assert name in form.controls, f"the form on {page.url} has no field {name!r}: {sorted(form.controls)}"
        offered = form.controls[name]
        assert not offered or value in offered, f"{name}={value!r} is not offered on {page.url}"
    target = urljoin(str(page.url), form.action or str(page.url))
    assert form.method == "post", f"the form on {page.url} is sent with {form.method}"
    return await browser.post(target, data=form.hidden | filled)
