"""The web chat page: served from memory with a strict policy, carrying the hooks browser tests click."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from sandbox.telegram.page import STATIC_DIR
from sandbox.telegram.server import create_app
from tests.telegram_sandbox.conftest import make_settings

TEST_IDS = [
    "user-picker",
    "new-user-form",
    "create-user",
    "message-list",
    "message-bubble",
    "inline-button",
    "reply-keyboard",
    "reply-button",
    "text-input",
    "send-button",
    "share-contact",
    "share-location",
    "location-picker",
    "location-city",
    "inline-results",
    "inline-result",
    "inline-more",
    "menu-button",
    "command-item",
    "block-toggle",
    "start-button",
    "toast",
    "alert",
]


@pytest.fixture
async def http() -> httpx.AsyncClient:
    app = create_app(make_settings())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test")


async def test_the_page_and_its_assets_are_served_with_a_strict_policy(http: httpx.AsyncClient) -> None:
    async with http:
        page = await http.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert '<html lang="uk">' in page.text
        sources = page.text
        for name, kind in (("chat.js", "text/javascript"), ("render.js", "text/javascript"), ("chat.css", "text/css")):
            asset = await http.get(f"/static/{name}")
            assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
            sources += asset.text
        assert (await http.get("/static/missing.js")).status_code == 404
    missing = [test_id for test_id in TEST_IDS if f'"{test_id}"' not in sources]
    assert missing == []


NODE = shutil.which("node")
_HARNESS = r"""
const fs = require("fs"), vm = require("vm");
class Element {
  constructor(tag) { this.tag = tag; this.children = []; this.attributes = {}; this.dataset = {}; }
  append(...nodes) { for (const n of nodes) this.children.push(typeof n === "string" ? { text: n } : n); }
  addEventListener() {}
  set href(v) { this.attributes.href = v; }
  set className(v) { this.attributes.class = v; }
  set target(v) {} set rel(v) {} set title(v) {}
}
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const html = (n) => n.text !== undefined ? escape(n.text) : (n.tag
  ? `<${n.tag}${Object.entries(n.attributes).map(([k, v]) => ` ${k}="${escape(v)}"`).join("")}>`
    + n.children.map(html).join("") + `</${n.tag}>`
  : n.children.map(html).join(""));
globalThis.document = { createElement: (tag) => new Element(tag) };
vm.runInThisContext(fs.readFileSync(process.argv[1], "utf8") + "\nglobalThis.TelegramRender = TelegramRender;");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const root = new Element(null);
TelegramRender.renderText(root, input.text, input.entities);
process.stdout.write(html(root));
"""


def render(text: str, entities: list[dict[str, object]]) -> str:
    assert NODE is not None
    completed = subprocess.run(  # noqa: S603 - node runs the page's own script on test input
        [NODE, "-e", _HARNESS, str(Path(STATIC_DIR, "render.js"))],
        input=json.dumps({"text": text, "entities": entities}),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return completed.stdout


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's renderer; install nodejs to run this test")
def test_the_renderer_turns_entities_into_elements_and_everything_else_into_text() -> None:
    text = "🙂 Лікар <b>не тег</b> тут, далі"
    entities = [
        {"type": "bold", "offset": 3, "length": 5},
        {"type": "italic", "offset": 6, "length": 6},  # crosses the end of the bold: split there
        {"type": "text_link", "offset": 23, "length": 3, "url": "javascript:alert(1)"},
        {"type": "text_link", "offset": 28, "length": 4, "url": "https://ehealth.gov.ua/"},
    ]
    assert render(text, entities) == (
        "🙂 <b>Лік<i>ар</i></b><i> &lt;b&gt;</i>не тег&lt;/b&gt; <span>тут</span>, "
        '<a href="https://ehealth.gov.ua/">далі</a>'
    )
