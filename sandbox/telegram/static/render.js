// Renders a Telegram message text with its entities into DOM nodes, the way a Telegram client does.
// Nothing from the bot is ever parsed as HTML: text becomes text nodes, and only the formatting the
// entities describe becomes elements, so markup the bot did not send through entities is shown as text.
// Offsets are in UTF-16 code units, exactly like JavaScript string indices.
"use strict";

const TelegramRender = (() => {
  const SAFE_SCHEMES = ["http:", "https:", "tg:", "mailto:"];

  function safeUrl(raw) {
    try {
      const url = new URL(raw, "https://t.me/");
      return SAFE_SCHEMES.includes(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }

  function link(href, text, handlers) {
    const url = safeUrl(href);
    if (!url) return document.createElement("span");
    const a = document.createElement("a");
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.addEventListener("click", (event) => {
      if (handlers.onLink && handlers.onLink(url)) event.preventDefault();
    });
    return a;
  }

  function elementFor(entity, text, handlers) {
    const covered = text.slice(entity.offset, entity.offset + entity.length);
    switch (entity.type) {
      case "bold": return document.createElement("b");
      case "italic": return document.createElement("i");
      case "underline": return document.createElement("u");
      case "strikethrough": return document.createElement("s");
      case "code": return document.createElement("code");
      case "pre": {
        const pre = document.createElement("pre");
        if (entity.language) pre.dataset.language = entity.language;
        return pre;
      }
      case "blockquote":
      case "expandable_blockquote": return document.createElement("blockquote");
      case "spoiler": {
        const span = document.createElement("span");
        span.className = "spoiler";
        span.title = "Натисніть, щоб показати";
        span.addEventListener("click", () => span.classList.add("spoiler--shown"));
        return span;
      }
      case "text_link": return link(entity.url, covered, handlers);
      case "url": return link(/^[a-z]+:/i.test(covered) ? covered : `https://${covered}`, covered, handlers);
      case "email": return link(`mailto:${covered}`, covered, handlers);
      case "bot_command": {
        const a = document.createElement("a");
        a.href = "#";
        a.className = "command";
        a.addEventListener("click", (event) => {
          event.preventDefault();
          if (handlers.onCommand) handlers.onCommand(covered);
        });
        return a;
      }
      default: {
        const span = document.createElement("span");
        span.className = `entity entity--${String(entity.type).replace(/[^a-z_]/g, "")}`;
        return span;
      }
    }
  }

  // Entities nest like tags; one that crosses the end of its parent is split there and continues after.
  function renderText(container, text, entities, handlers = {}) {
    const queue = (entities || [])
      .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0
        && e.offset >= 0 && e.offset + e.length <= text.length)
      .map((e) => ({ ...e }))
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    const stack = [{ end: text.length, node: container }];
    let position = 0;

    const appendText = (upTo) => {
      if (upTo > position) stack[stack.length - 1].node.append(text.slice(position, upTo));
      position = Math.max(position, upTo);
    };

    while (queue.length || stack.length > 1) {
      const top = stack[stack.length - 1];
      const next = queue[0];
      if (stack.length > 1 && (!next || next.offset >= top.end)) {
        appendText(top.end);
        stack.pop();
        continue;
      }
      queue.shift();
      appendText(next.offset);
      let end = next.offset + next.length;
      if (end > top.end) {
        queue.push({ ...next, offset: top.end, length: end - top.end });
        queue.sort((a, b) => a.offset - b.offset || b.length - a.length);
        end = top.end;
      }
      const element = elementFor(next, text, handlers);
      top.node.append(element);
      stack.push({ end, node: element });
    }
    appendText(text.length);
    return container;
  }

  return { renderText, safeUrl };
})();
