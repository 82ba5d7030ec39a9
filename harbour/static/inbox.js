// The inbox's keyboard shortcuts and its announcements (issue 17). Everything here is an addition:
// without JavaScript every action is a button on the item's page and the list has a Refresh link.
//
// List: j / k next and previous item, Enter open it, h hide, d done, a assign to me (each posted to
// moderation's act with the version shown; the list comes back with the outcome), r reply and e escalate
// (open their forms: an escalation asks for the concern it raises). Item page: h d e a r press that
// action's button or link (data-shortcut). ? help.
// Keys are ignored while typing in a field or with Ctrl, Alt or Meta held. A person switches them off
// in the help dialog; the choice is kept in this browser's localStorage (no server write).
import { initAll } from "./vendor/govuk/govuk-frontend.min.js";

const SETTING = "harbour.inbox.shortcuts";
const ACTIONS = { h: "hide", d: "done", a: "assign" };
const FORMS = { r: "reply", e: "escalate" }; // actions with a page of their own
const DONE_WORDS = { hide: "Hide asked for", done: "Marked as done", assign: "Assigned to you" };
const FAILED_WORDS = { hide: "hide", done: "mark as done", assign: "assign to you" };

const announcer = document.getElementById("inbox-announce") || makeAnnouncer();
const region = document.getElementById("inbox-items");
const help = document.getElementById("shortcuts-help");
let current = -1; // the row j and k have reached on the list
let busy = false;

function makeAnnouncer() {
  const live = document.createElement("div");
  live.id = "inbox-announce";
  live.className = "govuk-visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.querySelector("main").append(live);
  return live;
}

function announce(message) {
  // Emptied first, so the same words twice running are read twice.
  announcer.textContent = "";
  window.setTimeout(() => { announcer.textContent = message; }, 50);
}

function enabled() {
  return window.localStorage.getItem(SETTING) !== "off";
}

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select"));
}

function rows() {
  return Array.from(document.querySelectorAll("[data-inbox-list] tbody tr[data-item]"));
}

function who(row) {
  const name = row.querySelector(".harbour-inbox__name");
  return `the item from ${name ? name.textContent.trim() : "an unknown author"}`;
}

function select(index, { speak = true } = {}) {
  const all = rows();
  if (!all.length) {
    announce("There are no items in this list.");
    return;
  }
  current = Math.max(0, Math.min(index, all.length - 1));
  all.forEach((row, i) => row.classList.toggle("harbour-current-row", i === current));
  const row = all[current];
  row.querySelector("[data-item-link]").focus();
  row.scrollIntoView({ block: "nearest" });
  if (speak) announce(`Item ${current + 1} of ${all.length}: ${who(row)}.`);
}

function token() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

async function refresh() {
  // Read the list again now (the poll waits while focus is in the list, so that nobody loses their place).
  const response = await fetch(region.getAttribute("hx-get"), { headers: { "HX-Request": "true" }, credentials: "same-origin" });
  if (!response.ok) return false;
  region.innerHTML = await response.text();
  initAll({ scope: region });
  showSelectAll();
  lastTotal = total();
  return true;
}

async function act(key) {
  const row = rows()[current];
  if (!row) {
    announce("Choose an item first: press j for the next item.");
    return;
  }
  if (!row.dataset.act) {
    announce("Open the item to act on it.");
    return;
  }
  const kind = ACTIONS[key];
  const id = row.dataset.item;
  const version = row.dataset.version;
  const name = who(row);
  const body = new FormData();
  body.append("csrfmiddlewaretoken", token());
  body.append("kind", kind);
  body.append("version", version);
  body.append("next", region.getAttribute("hx-get"));
  if (kind === "assign") body.append("to", region.dataset.me || "");
  busy = true;
  let said = "";
  try {
    // The action answers with a redirect back to this list, whose page carries the outcome in words
    // (done, or why not: someone else acted first, the platform cannot). That page is the new list too.
    const response = await fetch(row.dataset.act, { method: "POST", body, credentials: "same-origin" });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    said = Array.from(page.querySelectorAll(".govuk-notification-banner__heading, .govuk-error-summary__list"))
      .map((element) => element.textContent.trim()).join(" ");
    const list = page.getElementById("inbox-items");
    if (list) {
      region.innerHTML = list.innerHTML;
      initAll({ scope: region });
      showSelectAll();
      lastTotal = total();
    } else {
      await refresh();
    }
  } finally {
    busy = false;
  }
  // Whether it happened is read from the list itself: the item moved on (a new version) or left it.
  const after = document.querySelector(`[data-inbox-list] tbody tr[data-item="${id}"]`);
  const changed = !after || after.dataset.version !== version;
  if (rows().length) select(after ? current + (changed ? 1 : 0) : current, { speak: false });
  announce(changed
    ? `${DONE_WORDS[kind]}: ${name}.`
    : `Could not ${FAILED_WORDS[kind]} ${name}. ${said || "Open the item to see why."}`);
}

function open(row) {
  window.location.assign(row.querySelector("[data-item-link]").href);
}

function onList(event) {
  const all = rows();
  switch (event.key) {
    case "j": select(current + 1); return true;
    case "k": select(current < 0 ? 0 : current - 1); return true;
    case "Enter":
      if (current >= 0 && all[current] && !event.target.closest("a, button")) { open(all[current]); return true; }
      return false;
    case "r":
    case "e":
      if (current < 0 || !all[current]) { announce("Choose an item first: press j for the next item."); return true; }
      if (all[current].dataset.act) window.location.assign(`${all[current].dataset.act}?kind=${FORMS[event.key]}`);
      else open(all[current]);
      return true;
    default:
      if (ACTIONS[event.key]) { if (!busy) act(event.key); return true; }
      return false;
  }
}

function onItem(event) {
  const button = document.querySelector(`[data-shortcut="${event.key}"]`);
  if (!button) {
    if ("hdear".includes(event.key)) { announce("That action is not available on this item."); return true; }
    return false;
  }
  if (button.matches("textarea, input")) button.focus();
  else if (button.tagName === "A" || button.type !== "submit") { button.focus(); button.click(); }
  else { announce(`${button.textContent.trim()}…`); button.click(); }
  return true;
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  if (help && help.open) return;
  if (event.key === "?") {
    if (help) { help.showModal(); event.preventDefault(); }
    return;
  }
  if (!enabled()) return;
  const handled = region && document.querySelector("[data-inbox-list]") ? onList(event) : onItem(event);
  if (handled) event.preventDefault();
});

// The switch and help: shown only now that the script runs.
const panel = document.querySelector("[data-shortcuts]");
if (panel && help) {
  const toggle = help.querySelector("#shortcuts-on");
  const state = panel.querySelector("[data-shortcuts-state]");
  const show = () => {
    toggle.checked = enabled();
    state.textContent = enabled() ? "On: press ? to list them." : "Off.";
  };
  panel.hidden = false;
  show();
  panel.querySelector("[data-shortcuts-open]").addEventListener("click", () => help.showModal());
  help.querySelector("[data-shortcuts-close]").addEventListener("click", () => help.close());
  toggle.addEventListener("change", () => {
    window.localStorage.setItem(SETTING, toggle.checked ? "on" : "off");
    show();
    announce(toggle.checked ? "Keyboard shortcuts are on." : "Keyboard shortcuts are off.");
  });
}

// New items, said politely: the poll's count went up in the same queue.
function total() {
  const line = region && region.querySelector("[data-inbox-total]");
  return line ? { count: Number(line.dataset.inboxTotal), queue: line.dataset.inboxQueue } : null;
}
let lastTotal = total();
if (region) {
  region.addEventListener("htmx:afterSwap", () => {
    const now = total();
    if (now && lastTotal && now.queue === lastTotal.queue && now.count > lastTotal.count) {
      const more = now.count - lastTotal.count;
      announce(`${more} new item${more === 1 ? "" : "s"} in the inbox.`);
    }
    lastTotal = now;
    current = -1;
  });
  // A ticked box is work in progress: the poll would clear it.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt === region && region.querySelector("input[name=items]:checked")) event.preventDefault();
  });
}

// "Select all on this page" for the bulk bar (the list's own boxes work without it). On a phone the bar
// folds away until an item is ticked (harbour.css), so that the first item is on the first screen.
function showSelectAll() {
  const form = document.getElementById("inbox-bulk");
  if (form && form.querySelector(".harbour-bulk__bar")) {
    form.classList.add("harbour-bulk--folds");
    markChosen();
  }
  const all = document.querySelector("[data-select-all]");
  if (!all) return;
  all.hidden = false;
  document.querySelector("[data-select-label]")?.remove();
}
function markChosen() {
  const form = document.getElementById("inbox-bulk");
  form?.classList.toggle("harbour-bulk--chosen", Boolean(form.querySelector("input[name=items]:checked")));
}
showSelectAll();
region?.addEventListener("htmx:afterSwap", showSelectAll);
document.addEventListener("change", (event) => {
  if (event.target.name === "items") markChosen();
  if (event.target.id !== "select-all") return;
  const boxes = document.querySelectorAll("[data-inbox-list] input[name=items]");
  boxes.forEach((box) => { box.checked = event.target.checked; });
  markChosen();
  announce(event.target.checked ? `${boxes.length} item${boxes.length === 1 ? "" : "s"} selected.` : "No items selected.");
});

// The search and filters fold away at a phone's width, where they once filled the first screen and hid
// every item; they stay open on a wider screen, while a filter is on, and while focus is in them.
const filterPanel = document.querySelector("[data-inbox-filters]");
if (filterPanel) {
  const wide = window.matchMedia("(min-width: 40.0625em)");
  const fold = () => {
    filterPanel.open = wide.matches || filterPanel.hasAttribute("data-filters-on") || filterPanel.contains(document.activeElement);
  };
  fold();
  wide.addEventListener("change", fold);
}
