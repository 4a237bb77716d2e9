// The demo receipt page: picks a demo order from the server and shows the
// receipt around the widget. The widget itself is embedded exactly as an
// integrator would: the <resq-feedback> element and resq-feedback.js.
// URL: ?order=<id>&lang=<fi|sv|en>   (or choose a state in the controls)

const $ = (id) => document.getElementById(id);
const widget = $("feedback");
const report = $("problem-report");
const params = new URLSearchParams(location.search);
const LANGS = ["fi", "sv", "en"];
const TEXT = {
  fi: { receipt: "Kuitti", venue: "Myyjä", date: "Ostettu", pickup: "Nouto", order: "Tilaus", products: "Tuotteet" },
  sv: { receipt: "Kvitto", venue: "Ställe", date: "Köpt", pickup: "Hämtning", order: "Beställning", products: "Produkter" },
  en: { receipt: "Receipt", venue: "Venue", date: "Purchased", pickup: "Pickup", order: "Order", products: "Products" },
};

let demo = null;

function pickLang() {
  const asked = params.get("lang");
  if (LANGS.includes(asked)) return asked;
  const browser = (navigator.language || "").slice(0, 2).toLowerCase();
  return LANGS.includes(browser) ? browser : "fi";
}

function setLang(lang) {
  document.documentElement.lang = lang;
  $("lang").value = lang;
  for (const el of document.querySelectorAll("[data-text]")) el.textContent = TEXT[lang][el.dataset.text];
  widget.setAttribute("lang", lang);
  report.setAttribute("lang", lang);
}

function updateUrl(orderId, lang) {
  const url = new URL(location.href);
  url.searchParams.set("order", orderId);
  url.searchParams.set("lang", lang);
  history.replaceState(null, "", url);
}

function formatDate(iso, lang, timeZone, withTime) {
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "long" };
  try {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(lang, options).format(new Date(iso));
  }
}

async function showReceipt(orderId, lang) {
  $("order-id").textContent = orderId;
  const response = await fetch(`/api/v1/orders/${encodeURIComponent(orderId)}`, {
    headers: { Authorization: `Bearer ${demo.tokens.customer}` },
  });
  if (!response.ok) throw new Error(`order ${orderId}: HTTP ${response.status}`);
  const order = await response.json();
  $("state").value = order.feedback.state;
  const zone = order.venue.time_zone;
  $("venue").textContent = order.venue.name;
  $("date").textContent = formatDate(order.purchased_at, lang, zone, false);
  $("pickup").textContent =
    `${formatDate(order.pickup_window.start, lang, zone, true)} – ` +
    formatDate(order.pickup_window.end, lang, zone, true).split(" ").pop();
  $("products").replaceChildren(
    ...order.products.map((p) => {
      const li = document.createElement("li");
      li.textContent = `${p.quantity} × ${p.name}`;
      return li;
    }),
  );
}

/** The order's feedback state as the server has it now. */
async function currentState(orderId) {
  const response = await fetch(`/api/v1/orders/${encodeURIComponent(orderId)}`, {
    headers: { Authorization: `Bearer ${demo.tokens.customer}` },
  });
  return response.ok ? (await response.json()).feedback.state : null;
}

/** The first demo order in `state` (demo orders move on once rated). */
async function firstIn(state) {
  for (const orderId of demo.orders[state] || []) {
    if ((await currentState(orderId)) === state) return orderId;
  }
  return (demo.orders[state] || [])[0];
}

async function show(orderId) {
  const lang = $("lang").value;
  updateUrl(orderId, lang);
  widget.setAttribute("token", demo.tokens.customer);
  widget.setAttribute("order-id", orderId);
  report.setAttribute("token", demo.tokens.customer);
  report.setAttribute("order-id", orderId);
  $("status").textContent = "";
  try {
    await showReceipt(orderId, lang);
  } catch (e) {
    $("status").textContent = String(e.message || e);
  }
}

async function start() {
  setLang(pickLang());
  try {
    const response = await fetch("/api/v1/demo");
    if (!response.ok) throw new Error(`GET /api/v1/demo: HTTP ${response.status}`);
    demo = await response.json();
  } catch (e) {
    $("status").textContent = `The demo server is not reachable (${e.message || e}). Start it with: make demo`;
    return;
  }
  const asked = params.get("order");
  await show(asked || (await firstIn("open")) || (await firstIn("not_open")));

  $("lang").addEventListener("change", () => {
    setLang($("lang").value);
    const orderId = widget.getAttribute("order-id");
    if (orderId) show(orderId);
  });
  $("state").addEventListener("change", async () => {
    const orderId = await firstIn($("state").value);
    if (orderId) show(orderId);
    else $("status").textContent = `No demo order is ${$("state").value}.`;
  });
}

for (const [element, names] of [
  [widget, ["resq-feedback:submitted", "resq-feedback:error"]],
  [report, ["resq-problem-report:submitted", "resq-problem-report:error"]],
]) {
  for (const name of names) {
    element.addEventListener(name, (e) => {
      $("events").textContent = `${name} ${JSON.stringify(e.detail)}`;
    });
  }
}

start();
