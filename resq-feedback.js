// ResQ Club feedback widget loader: the one script tag an integrator adds.
//   <script type="module" src=".../resq-feedback.js"></script>
//   <resq-feedback order-id="…" token="…" api-base="…" lang="fi"></resq-feedback>
// or, from a module:  import { mount } from ".../resq-feedback.js";
//                     const widget = mount(element, { orderId, token, apiBase, lang });
//                     widget.unmount();
// The problem report on the same receipt (same attributes, same bundle):
//   <resq-problem-report order-id="…" token="…" api-base="…" lang="fi"></resq-problem-report>
//   or mountProblemReport(element, { orderId, token, apiBase, lang }).
// A venue's public rating badge (same bundle, no token):
//   <resq-rating venue-id="…" api-base="…" lang="fi"></resq-rating>
//   or mountRating(element, { venueId, apiBase, lang }).
// The WebAssembly is fetched only when the first widget mounts.
// The glue and the .wasm are fetched side by side (the glue takes the
// response promise), not one after the other.
const dir = new URL("wasm/", import.meta.url);
const quiet = (p) => (p.catch(() => {}), p); // its taker reports a failure
let loading;
const load = () => {
  if (loading) return loading;
  const wasm = quiet(fetch(new URL("resq-feedback_bg.wasm", dir)));
  return (loading = import(new URL("resq-feedback.js", dir).href)
    .then(async (m) => (await m["default"]({ module_or_path: wasm }), m))
    .catch((e) => { loading = null; throw e; }));
};

// The order's state is asked for at once, while the wasm downloads; the
// widget's first look at the order takes this answer (src/api: Prefetched).
// Same URL and headers as the widget's own request.
const text = (v) => (typeof v === "string" ? v : ""); // as the wasm reads options
function prefetchOrder({ orderId, apiBase, token }, signal) {
  const url = `${text(apiBase).replace(/\/+$/, "")}/api/v1/orders/${encodeURIComponent(text(orderId))}`;
  const headers = { Accept: "application/json" };
  if (text(token)) headers.Authorization = `Bearer ${token}`;
  // Read in full here: the widget then shows the order in the task that
  // mounts it, with no paint of its loading state in between.
  const response = fetch(url, { headers, signal }).then(async (r) => ({
    status: r.status, retryAfter: r.headers.get("Retry-After"), body: await r.json().catch(() => null),
  }));
  return { url, response: quiet(response) };
}

// Mounts the wasm component `entry` (an export of the bundle) on `element`.
function attach(entry, prefix, element, options) {
  const root = element.shadowRoot || element.attachShadow({ mode: "open" });
  const opts = { ...options };
  const abort = new AbortController();
  if (entry === "mountWidget" && text(opts.orderId)) opts.order = prefetchOrder(opts, abort.signal);
  let widget, gone;
  const ready = load().then(
    (m) => { if (!gone) widget = m[entry](element, root, opts); },
    (e) => element.dispatchEvent(new CustomEvent(`${prefix}:error`, {
      bubbles: true, composed: true, detail: { code: "load_failed", message: String(e) },
    })),
  );
  return {
    ready,
    setLang(lang) { opts.lang = lang; widget?.setLang(lang || undefined); },
    unmount() { gone = true; abort.abort(); widget?.unmount(); widget?.free(); widget = null; },
  };
}

export function mount(element, options = {}) {
  return attach("mountWidget", "resq-feedback", element, options);
}

export function mountProblemReport(element, options = {}) {
  return attach("mountProblemReport", "resq-problem-report", element, options);
}

export function mountRating(element, options = {}) {
  return attach("mountRating", "resq-rating", element, options);
}

const orderAttrs = { "order-id": "orderId", "api-base": "apiBase", token: "token", lang: "lang" };
const venueAttrs = { "venue-id": "venueId", "api-base": "apiBase", lang: "lang" };

// A custom element mounting with `mountFn` from its attributes, once the
// `required` one is set.
const element = (mountFn, attrs = orderAttrs, required = "order-id") => class extends HTMLElement {
  static observedAttributes = Object.keys(attrs);
  connectedCallback() { this.#restart(); }
  disconnectedCallback() { this.w?.unmount(); this.w = null; }
  attributeChangedCallback(name, was, now) {
    if (was === now || !this.isConnected) return;
    if (name === "lang" && this.w) this.w.setLang(now);
    else if (!this.q) { this.q = 1; queueMicrotask(() => this.q && this.#restart()); }
  }
  // Also the upgrade of an element already in the page: its attributes
  // queue a restart, then it connects and mounts; the queued one is moot.
  #restart() {
    this.q = 0;
    this.w?.unmount();
    this.w = null;
    if (!this.isConnected || !this.getAttribute(required)) return;
    const options = {};
    for (const [attr, key] of Object.entries(attrs)) options[key] = this.getAttribute(attr) || undefined;
    this.w = mountFn(this, options);
  }
};

if (!customElements.get("resq-feedback")) customElements.define("resq-feedback", element(mount));
if (!customElements.get("resq-problem-report")) customElements.define("resq-problem-report", element(mountProblemReport));
if (!customElements.get("resq-rating")) customElements.define("resq-rating", element(mountRating, venueAttrs, "venue-id"));
window.ResQFeedback = { mount, mountProblemReport, mountRating };
