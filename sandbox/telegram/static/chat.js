// The web chat of the Telegram sandbox: pick a test user, talk to the bot, press its buttons.
// Everything goes through the sandbox's control API (/sandbox/...); live changes come from its
// long-polled event feed, so the page shows the bot's replies as soon as the bot sends them.
"use strict";

(() => {
  const CITIES = [
    ["Київ", 50.4501, 30.5234], ["Львів", 49.8397, 24.0297], ["Харків", 49.9935, 36.2304],
    ["Одеса", 46.4825, 30.7233], ["Дніпро", 48.4647, 35.0462], ["Вінниця", 49.2331, 28.4682],
    ["Полтава", 49.5883, 34.5514], ["Житомир", 50.2547, 28.6587],
  ];
  const ACTION_TEXT = {
    typing: "друкує…", find_location: "шукає місце…", upload_document: "надсилає файл…",
    upload_photo: "надсилає фото…",
  };
  const POLL_SECONDS = 25;

  const $ = (id) => document.getElementById(id);
  const state = {
    bots: [], botId: null, users: [], userId: null, chat: null,
    cursor: 0, pollAbort: null, inline: null, locationCallback: null, actionTimer: null,
  };

  // Control API ----------------------------------------------------------------------------------

  async function api(method, path, body, signal) {
    const url = new URL(path, window.location.origin);
    // Every chat-related call names the bot; calls that do not take the parameter ignore it.
    if (state.botId !== null && !url.searchParams.has("bot")) url.searchParams.set("bot", state.botId);
    const response = await fetch(url, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      signal,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof data.detail === "string" ? data.detail : "запит відхилено";
      throw new Error(detail);
    }
    return data;
  }

  async function act(path, body) {
    try {
      return await api("POST", `/sandbox/users/${state.userId}/${path}`, body || {});
    } catch (error) {
      toast(`Не вдалося: ${error.message}`);
      return null;
    }
  }

  // Toasts and alerts (callback answers) -----------------------------------------------------------

  function toast(text) {
    const element = $("toast");
    element.textContent = text;
    element.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { element.hidden = true; }, 3500);
  }

  function alertBox(text) {
    $("alert-text").textContent = text;
    $("alert-dialog").showModal();
  }

  // Bots and users -----------------------------------------------------------------------------------

  const bot = () => state.bots.find((b) => b.id === state.botId) || null;

  async function loadBots() {
    state.bots = await api("GET", "/sandbox/bots");
    const picker = $("bot-picker");
    picker.replaceChildren(...state.bots.map((b) => new Option(`@${b.username}`, b.id)));
    $("bot-picker-field").hidden = state.bots.length < 2;
    if (!state.bots.some((b) => b.id === state.botId)) state.botId = state.bots.length ? state.bots[0].id : null;
    if (state.botId !== null) picker.value = String(state.botId);
    const current = bot();
    $("bot-name").textContent = current ? current.first_name : "Бот не підключено";
    $("bot-status").textContent = current ? `@${current.username}` : "Запустіть бота: він з'явиться тут сам";
  }

  async function loadUsers() {
    state.users = await api("GET", "/sandbox/users");
    const list = $("user-list");
    list.replaceChildren(...state.users.map((user) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "user" + (user.id === state.userId ? " user--active" : "");
      button.dataset.testid = "user-item";
      button.dataset.userId = user.id;
      const name = document.createElement("span");
      name.className = "user__name";
      name.textContent = [user.first_name, user.last_name].filter(Boolean).join(" ");
      const meta = document.createElement("span");
      meta.className = "user__meta";
      meta.textContent = user.phone_number || "без номера";
      button.append(name, meta);
      button.addEventListener("click", () => selectUser(user.id));
      item.append(button);
      return item;
    }));
    if (!state.users.length) {
      const empty = document.createElement("li");
      empty.className = "hint";
      empty.textContent = "Ще немає користувачів.";
      list.append(empty);
    }
  }

  const currentUser = () => state.users.find((u) => u.id === state.userId) || null;

  async function selectUser(userId) {
    state.userId = userId;
    const params = new URLSearchParams(window.location.search);
    params.set("user", userId);
    if (state.botId !== null) params.set("bot", state.botId);
    history.replaceState(null, "", `?${params}`);
    closeInline();
    await loadUsers();
    await openChat();
  }

  // The chat ------------------------------------------------------------------------------------------

  async function openChat() {
    if (state.pollAbort) state.pollAbort.abort();
    const hasChat = state.userId !== null && state.botId !== null;
    $("empty-state").hidden = hasChat;
    $("message-list").hidden = !hasChat;
    $("composer").hidden = !hasChat;
    $("block-toggle").hidden = !hasChat;
    if (!hasChat) {
      $("empty-state").textContent = state.botId === null
        ? "Бот ще не підключився до пісочниці. Запустіть бота — сторінка оновиться сама."
        : "Оберіть або створіть тестового користувача ліворуч.";
      pollEvents();
      return;
    }
    state.cursor = (await api("GET", "/sandbox/events")).last_seq;
    const messages = await api("GET", `/sandbox/chats/${state.userId}/messages`);
    $("message-list").replaceChildren();
    messages.forEach(showMessage);
    await refreshChatState();
    scrollToEnd();
    pollEvents();
  }

  async function refreshChatState() {
    state.chat = await api("GET", `/sandbox/chats/${state.userId}`);
    const chat = state.chat;
    const empty = !$("message-list").children.length;
    $("block-toggle").textContent = chat.blocked ? "Розблокувати бота" : "Заблокувати бота";
    $("block-toggle").setAttribute("aria-pressed", String(chat.blocked));
    $("composer-row").hidden = chat.blocked || empty;
    $("start-button").hidden = chat.blocked || !empty;
    $("unblock-button").hidden = !chat.blocked;
    const hasMenu = chat.commands.length > 0 && chat.menu_button.type !== "web_app";
    $("menu-button").hidden = !hasMenu;
    if (!hasMenu) $("command-menu").hidden = true;
    renderCommands(chat.commands);
    renderReplyKeyboard(chat.reply_keyboard, chat.reply_keyboard_collapsed);
  }

  function messageHandlers() {
    return { onCommand: (command) => sendText(command), onLink: (url) => openLink(url) };
  }

  function describeMessage(message) {
    if (message.location) return `📍 Геопозиція: ${message.location.latitude}, ${message.location.longitude}`;
    if (message.contact) {
      const c = message.contact;
      return `👤 ${[c.first_name, c.last_name].filter(Boolean).join(" ")}, ${c.phone_number}`;
    }
    return "Повідомлення, яке пісочниця не показує";
  }

  function showMessage(message) {
    const list = $("message-list");
    const bubble = document.createElement("li");
    bubble.className = `bubble bubble--${message.direction}`;
    bubble.dataset.testid = "message-bubble";
    bubble.dataset.messageId = message.message_id;
    bubble.dataset.direction = message.direction;

    if (message.via_bot) {
      const via = document.createElement("div");
      via.className = "bubble__via";
      via.textContent = `через @${message.via_bot.username}`;
      bubble.append(via);
    }
    if (Array.isArray(message.photo) && message.photo.length) {
      const largest = message.photo[message.photo.length - 1];
      const image = document.createElement("img");
      image.className = "bubble__photo";
      image.dataset.testid = "message-photo";
      image.alt = "Фото";
      image.width = largest.width;
      image.height = largest.height;
      image.src = `/sandbox/files/${encodeURIComponent(largest.file_id)}`;
      bubble.append(image);
    }
    if (message.document) {
      const file = document.createElement("a");
      file.className = "bubble__document";
      file.dataset.testid = "message-document";
      file.textContent = `📄 ${message.document.file_name || "Файл"}`;
      file.href = `/sandbox/files/${encodeURIComponent(message.document.file_id)}`;
      file.target = "_blank";
      file.rel = "noopener";
      bubble.append(file);
    }
    const body = document.createElement("div");
    body.className = "bubble__text";
    body.dataset.testid = "message-text";
    if (typeof message.text === "string") {
      TelegramRender.renderText(body, message.text, message.entities, messageHandlers());
    } else if (typeof message.caption === "string") {
      TelegramRender.renderText(body, message.caption, message.caption_entities, messageHandlers());
    } else if (message.photo || message.document) {
      body.hidden = true;
    } else {
      body.textContent = describeMessage(message);
    }
    bubble.append(body);

    const meta = document.createElement("div");
    meta.className = "bubble__meta";
    const time = new Date((message.edit_date || message.date) * 1000);
    meta.textContent = (message.edit_date ? "змінено " : "")
      + time.toLocaleTimeString("uk-UA", { hour: "2-digit", minute: "2-digit" });
    bubble.append(meta);

    const keyboard = message.reply_markup && message.reply_markup.inline_keyboard;
    if (keyboard && keyboard.length) bubble.append(renderInlineKeyboard(message, keyboard));

    const existing = list.querySelector(`[data-message-id="${message.message_id}"]`);
    if (existing) existing.replaceWith(bubble);
    else list.append(bubble);
    return bubble;
  }

  function renderInlineKeyboard(message, rows) {
    const keyboard = document.createElement("div");
    keyboard.className = "inline-keyboard";
    for (const row of rows) {
      const line = document.createElement("div");
      line.className = "inline-keyboard__row";
      for (const button of row) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "inline-button";
        element.dataset.testid = "inline-button";
        element.textContent = button.text + (button.url ? " ↗" : "");
        element.addEventListener("click", () => pressInline(message, button));
        line.append(element);
      }
      keyboard.append(line);
    }
    return keyboard;
  }

  async function pressInline(message, button) {
    if (button.callback_data !== undefined) {
      const pressed = await act("callback", { message_id: message.message_id, data: button.callback_data });
      if (pressed && pressed.callback_query_id) showCallbackAnswer(pressed.callback_query_id);
    } else if (button.url) {
      openLink(button.url) || window.open(TelegramRender.safeUrl(button.url) || "about:blank", "_blank", "noopener");
    } else if (button.switch_inline_query_current_chat !== undefined) {
      const input = $("text-input");
      input.value = `@${bot().username} ${button.switch_inline_query_current_chat}`;
      input.focus();
      onInput();
    } else {
      toast("Ця кнопка в пісочниці не працює");
    }
  }

  async function showCallbackAnswer(queryId) {
    const answer = await api("GET", `/sandbox/callbacks/${queryId}?timeout=15`).catch(() => null);
    if (!answer || !answer.answered) {
      toast("Бот не відповів на натискання");
      return;
    }
    if (answer.url) openLink(answer.url);
    if (answer.text && answer.show_alert) alertBox(answer.text);
    else if (answer.text) toast(answer.text);
  }

  // A t.me link to the bot opens it with the start payload, here in the page, as Telegram does.
  function openLink(url) {
    const current = bot();
    let parsed;
    try { parsed = new URL(url, "https://t.me/"); } catch { return false; }
    const host = parsed.hostname.toLowerCase();
    if (!current || !["t.me", "telegram.me", "www.t.me"].includes(host)) return false;
    if (parsed.pathname.replace(/\//g, "").toLowerCase() !== current.username.toLowerCase()) return false;
    act("deep_link", { url: parsed.href });
    return true;
  }

  function renderReplyKeyboard(keyboard, collapsed) {
    const container = $("reply-keyboard");
    $("keyboard-toggle").hidden = !keyboard;
    container.hidden = !keyboard || collapsed;
    container.replaceChildren();
    if (!keyboard) return;
    container.classList.toggle("reply-keyboard--compact", Boolean(keyboard.resize_keyboard));
    if (keyboard.input_field_placeholder) $("text-input").placeholder = keyboard.input_field_placeholder;
    for (const row of keyboard.keyboard) {
      const line = document.createElement("div");
      line.className = "reply-keyboard__row";
      for (const button of row) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "reply-button";
        element.dataset.testid = "reply-button";
        element.textContent = button.text;
        element.addEventListener("click", () => pressReply(button));
        line.append(element);
      }
      container.append(line);
    }
  }

  async function pressReply(button) {
    if (button.request_location) {
      pickLocation((latitude, longitude) => act("reply_button", { text: button.text, latitude, longitude }));
      return;
    }
    if (button.request_contact && !(currentUser() || {}).phone_number) {
      toast("У цього тестового користувача немає номера телефону");
      return;
    }
    await act("reply_button", { text: button.text });
  }

  function renderCommands(commands) {
    const menu = $("command-menu");
    menu.replaceChildren(...commands.map((command) => {
      const item = document.createElement("button");
      item.type = "button";
      item.className = "command-item";
      item.dataset.testid = "command-item";
      const name = document.createElement("b");
      name.textContent = `/${command.command}`;
      const description = document.createElement("span");
      description.textContent = command.description;
      item.append(name, description);
      item.addEventListener("click", () => {
        menu.hidden = true;
        sendText(`/${command.command}`);
      });
      return item;
    }));
  }

  function scrollToEnd() {
    const list = $("message-list");
    list.scrollTop = list.scrollHeight;
  }

  function isScrolledToEnd() {
    const list = $("message-list");
    return list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  }

  function isInView(element) {
    if (!element) return false;
    const list = $("message-list").getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return box.bottom > list.top && box.top < list.bottom;
  }

  // An edited message (the next page of results, often longer) stays in view as in Telegram's clients: a chat
  // read at its end stays at its end, a message the person is looking at is shown whole, and someone reading
  // older history is not pulled away from it.
  function showEditedMessage(message) {
    const wasAtEnd = isScrolledToEnd();
    const wasInView = isInView($("message-list").querySelector(`[data-message-id="${message.message_id}"]`));
    const bubble = showMessage(message);
    if (wasAtEnd) scrollToEnd();
    else if (wasInView) bubble.scrollIntoView({ block: "nearest" });
  }

  function showAction(action) {
    const current = bot();
    $("bot-status").textContent = ACTION_TEXT[action] || "щось робить…";
    clearTimeout(state.actionTimer);
    state.actionTimer = setTimeout(() => { $("bot-status").textContent = current ? `@${current.username}` : ""; }, 5000);
  }

  // Live changes -------------------------------------------------------------------------------------

  async function pollEvents() {
    const abort = new AbortController();
    state.pollAbort = abort;
    while (!abort.signal.aborted) {
      const userFilter = state.userId !== null ? `&user_id=${state.userId}` : "";
      let batch;
      try {
        batch = await api("GET", `/sandbox/events?after=${state.cursor}&timeout=${POLL_SECONDS}${userFilter}`,
          null, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (abort.signal.aborted) return;
      state.cursor = batch.last_seq;
      for (const event of batch.events) await applyEvent(event);
    }
  }

  async function applyEvent(event) {
    const ownChat = state.userId !== null && event.user_id === state.userId && event.bot_id === state.botId;
    switch (event.kind) {
      case "message":
        if (!ownChat) return;
        showMessage(event.message);
        if (event.message.direction === "bot") {
          clearTimeout(state.actionTimer);
          $("bot-status").textContent = `@${bot().username}`;
        }
        if ($("composer-row").hidden && state.chat && !state.chat.blocked) await refreshChatState();
        scrollToEnd();
        return;
      case "message_edited":
        if (ownChat) showEditedMessage(event.message);
        return;
      case "message_deleted":
        if (ownChat) $("message-list").querySelector(`[data-message-id="${event.message_id}"]`)?.remove();
        return;
      case "keyboard":
        if (ownChat) renderReplyKeyboard(event.reply_keyboard, event.collapsed);
        return;
      case "chat_action":
        if (ownChat) showAction(event.action);
        return;
      case "chat_blocked":
      case "chat_unblocked":
      case "commands_changed":
      case "menu_button":
        if (state.userId !== null && state.botId !== null) await refreshChatState();
        return;
      case "user_created":
        await loadUsers();
        return;
      case "bot_registered":
        await loadBots();
        if (state.userId !== null) await openChat();
        return;
      case "reset":
        state.userId = null;
        await loadUsers();
        await openChat();
        return;
      default:
    }
  }

  // Sending ----------------------------------------------------------------------------------------

  async function sendText(text) {
    if (!text.trim()) return;
    const sent = await act("messages", { text });
    if (sent) $("text-input").value = "";
  }

  function pickLocation(callback) {
    state.locationCallback = callback;
    $("location-form").reset();
    $("location-picker").showModal();
  }

  function setUpLocationPicker() {
    const list = $("city-list");
    for (const [name, latitude, longitude] of CITIES) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "city";
      button.dataset.testid = "location-city";
      button.textContent = name;
      button.addEventListener("click", () => {
        $("location-picker").close();
        state.locationCallback(latitude, longitude);
      });
      list.append(button);
    }
    $("location-cancel").addEventListener("click", () => $("location-picker").close());
    $("location-form").addEventListener("submit", (event) => {
      const form = new FormData(event.target);
      state.locationCallback(Number(form.get("latitude")), Number(form.get("longitude")));
    });
  }

  // Inline mode: "@bot query" in the input box asks the bot and lists its results ---------------------

  function inlineQueryOf(text) {
    const current = bot();
    if (!current) return null;
    const prefix = `@${current.username}`;
    if (text.toLowerCase() !== prefix.toLowerCase() && !text.toLowerCase().startsWith(`${prefix.toLowerCase()} `)) {
      return null;
    }
    return text.slice(prefix.length + 1);
  }

  function closeInline() {
    state.inline = null;
    $("inline-results").hidden = true;
    $("inline-result-list").replaceChildren();
  }

  function onInput() {
    const query = inlineQueryOf($("text-input").value);
    clearTimeout(onInput.timer);
    if (query === null) {
      closeInline();
      return;
    }
    onInput.timer = setTimeout(() => askInline(query, ""), 300);
  }

  async function askInline(query, offset) {
    const asked = await act("inline_query", { query, offset });
    if (!asked) return;
    if (!offset) state.inline = { query, results: [] };
    $("inline-results").hidden = false;
    $("inline-status").textContent = "Шукаємо…";
    const answer = await api("GET", `/sandbox/inline_queries/${asked.inline_query_id}?timeout=10`).catch(() => null);
    if (!state.inline || state.inline.query !== query) return;  // the user typed something else meanwhile
    if (!answer || !answer.answered) {
      $("inline-status").textContent = "Бот не відповів";
      return;
    }
    if (!offset) $("inline-result-list").replaceChildren();
    showInlineAnswer(asked.inline_query_id, answer);
  }

  function showInlineAnswer(queryId, answer) {
    const list = $("inline-result-list");
    for (const result of answer.results) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "inline-result";
      button.dataset.testid = "inline-result";
      button.dataset.resultId = result.id;
      const title = document.createElement("b");
      title.textContent = result.title || result.type;
      const description = document.createElement("span");
      description.textContent = result.description || "";
      button.append(title, description);
      button.addEventListener("click", async () => {
        const picked = await act("inline_result", { inline_query_id: queryId, result_id: result.id });
        if (picked) {
          $("text-input").value = "";
          closeInline();
        }
      });
      item.append(button);
      list.append(item);
    }
    const switchButton = $("inline-switch");
    switchButton.hidden = !answer.button;
    if (answer.button) {
      switchButton.textContent = answer.button.text;
      switchButton.onclick = () => {
        const payload = answer.button.start_parameter;
        if (payload) act("deep_link", { url: `https://t.me/${bot().username}?start=${payload}` });
        $("text-input").value = "";
        closeInline();
      };
    }
    const more = $("inline-more");
    more.hidden = !answer.next_offset;
    more.onclick = () => askInline(state.inline.query, answer.next_offset);
    $("inline-status").textContent = list.children.length ? "" : "Нічого не знайдено";
  }

  // Wiring -------------------------------------------------------------------------------------------

  function wire() {
    $("new-user-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const form = new FormData(event.target);
      const body = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v).trim() || null]));
      try {
        const user = await api("POST", "/sandbox/users", body);
        event.target.reset();
        await selectUser(user.id);
      } catch (error) {
        toast(`Не вдалося створити користувача: ${error.message}`);
      }
    });
    $("bot-picker").addEventListener("change", async (event) => {
      state.botId = Number(event.target.value);
      await loadBots();
      if (state.userId !== null) await selectUser(state.userId);
    });
    $("send-button").addEventListener("click", () => {
      const text = $("text-input").value;
      if (inlineQueryOf(text) === null) sendText(text);
    });
    $("text-input").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && inlineQueryOf(event.target.value) === null) sendText(event.target.value);
    });
    $("text-input").addEventListener("input", onInput);
    $("start-button").addEventListener("click", () => sendText("/start"));
    $("unblock-button").addEventListener("click", () => act("unblock"));
    $("block-toggle").addEventListener("click", () => act(state.chat && state.chat.blocked ? "unblock" : "block"));
    $("menu-button").addEventListener("click", () => { $("command-menu").hidden = !$("command-menu").hidden; });
    $("keyboard-toggle").addEventListener("click", () => { $("reply-keyboard").hidden = !$("reply-keyboard").hidden; });
    $("share-contact").addEventListener("click", () => {
      if (!(currentUser() || {}).phone_number) toast("У цього тестового користувача немає номера телефону");
      else act("contact", {});
    });
    $("share-location").addEventListener("click", () => pickLocation(
      (latitude, longitude) => act("location", { latitude, longitude }),
    ));
    setUpLocationPicker();
  }

  async function start() {
    wire();
    const params = new URLSearchParams(window.location.search);
    if (params.has("bot")) state.botId = Number(params.get("bot"));
    await loadBots();
    await loadUsers();
    const wanted = Number(params.get("user"));
    if (state.users.some((u) => u.id === wanted)) await selectUser(wanted);
    else await openChat();
  }

  start();
})();
