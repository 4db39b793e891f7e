// Tidings dashboard: plain JavaScript and SVG, everything from this server.
// Views are chosen by the URL hash (#/events?source=RUS, #/event/ID, #/article/ID?mention=M),
// so every view can be bookmarked and the browser's back button works.
"use strict";

const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
const FILTER_KEYS = [
  "source", "target", "country", "type", "since", "until", "historical", "min_sources",
  "actor", "place",
];
const FILTER_VIEWS = new Set(["events", "series", "network", "map"]);
const PAGE = 50;
const SVG_NS = "http://www.w3.org/2000/svg";

let countryNames = {};
let worldSvg = null;

// --- small DOM helpers -----------------------------------------------------------------

// Builds elements from data with textContent only, so article text can never become markup.
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function $(selector) {
  return document.querySelector(selector);
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// --- the API ---------------------------------------------------------------------------

async function api(path, params, options) {
  const query = params ? "?" + new URLSearchParams(params).toString() : "";
  const response = await fetch(path + query, options);
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

function showError(error) {
  const box = $("#error");
  if (!error) {
    box.hidden = true;
    return;
  }
  box.textContent = error.message || String(error);
  box.hidden = false;
}

// --- routing and filters ---------------------------------------------------------------

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, "") || "events";
  const [path, query] = hash.split("?");
  const parts = path.split("/");
  return {
    view: parts[0] || "events",
    arg: parts.slice(1).map(decodeURIComponent).join("/"),
    params: new URLSearchParams(query || ""),
  };
}

function go(view, params, arg) {
  const query = params && [...params].length ? "?" + params.toString() : "";
  const path = arg ? `${view}/${encodeURIComponent(arg)}` : view;
  location.hash = `#/${path}${query}`;
}

function filtersFrom(params) {
  const out = {};
  for (const key of FILTER_KEYS) {
    const value = (params.get(key) || "").trim();
    if (value) out[key] = ["source", "target", "country"].includes(key) ? value.toUpperCase() : value;
  }
  return out;
}

function formFilters() {
  const params = new URLSearchParams();
  for (const field of $("#filters").elements) {
    if (!field.name) continue;
    const value = field.value.trim();
    if (value) params.set(field.name, ["source", "target", "country"].includes(field.name) ? value.toUpperCase() : value);
  }
  return params;
}

function fillForm(params) {
  for (const field of $("#filters").elements) {
    if (field.name) field.value = params.get(field.name) || "";
  }
}

function describeFilters(filters) {
  const bits = [];
  if (filters.source || filters.target) bits.push(`${filters.source || "any"} → ${filters.target || "any"}`);
  if (filters.country) bits.push(`involving ${filters.country}`);
  if (filters.type) bits.push(filters.type);
  if (filters.actor) bits.push(`actor “${filters.actor}”`);
  if (filters.place) bits.push(`in ${filters.place}`);
  if (filters.since || filters.until) bits.push(`${filters.since || "…"} to ${filters.until || "…"}`);
  if (filters.historical === "false") bits.push("no background mentions");
  if (filters.historical === "true") bits.push("background mentions only");
  if (filters.min_sources) bits.push(`≥ ${filters.min_sources} outlets`);
  return bits.length ? bits.join(", ") : "all events";
}

async function route() {
  const { view, arg, params } = parseHash();
  showError(null);
  document.querySelectorAll(".view").forEach((node) => (node.hidden = true));
  document.querySelectorAll("nav a[data-view]").forEach((a) =>
    a.classList.toggle("active", a.dataset.view === view || (view === "event" && a.dataset.view === "events")));
  $("#filters").hidden = !FILTER_VIEWS.has(view);
  fillForm(params);
  const section = $(`#view-${view}`);
  if (!section) {
    go("events");
    return;
  }
  section.hidden = false;
  const filters = filtersFrom(params);
  try {
    if (view === "events") await showEvents(filters, Number(params.get("offset") || 0));
    else if (view === "event") await showEvent(arg);
    else if (view === "article") await showArticle(arg, params.get("mention"));
    else if (view === "series") await showSeries(filters);
    else if (view === "network") await showNetwork(filters);
    else if (view === "map") await showMap(filters);
  } catch (error) {
    showError(error);
  }
  document.body.dataset.ready = view;
}

// --- formatting ------------------------------------------------------------------------

function side(countries, sectors) {
  if (!countries || !countries.length) return "";
  return countries.map((c, i) => [c || "?", sectors && sectors[i] ? sectors[i] : ""].join(" ").trim()).join(", ");
}

function actorLabel(actor) {
  const who = [actor.country, actor.sector].filter(Boolean).join(" ") || "unresolved";
  return actor.name ? `${who} (${actor.name})` : who;
}

function tone(goldstein, events) {
  // Mean Goldstein score, -10 (conflict) .. +10 (cooperation), as a colour.
  const mean = events ? goldstein / events : 0;
  const t = Math.max(-1, Math.min(1, mean / 7));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const grey = [150, 150, 150];
  const end = t < 0 ? [200, 50, 45] : [40, 150, 80];
  const f = Math.abs(t);
  return `rgb(${mix(grey[0], end[0], f)},${mix(grey[1], end[1], f)},${mix(grey[2], end[2], f)})`;
}

function quadClass(q) {
  return ["", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"][q] || "";
}

// --- events table ----------------------------------------------------------------------

async function showEvents(filters, offset) {
  const page = await api("/api/events", { ...filters, limit: PAGE, offset });
  $("#events-count").textContent = `${page.total.toLocaleString()} event${page.total === 1 ? "" : "s"}: ${describeFilters(filters)}`;
  const body = clear($("#events-table tbody"));
  for (const ev of page.events) {
    const open = () => go("event", null, ev.id);
    body.append(h("tr", { class: `row q${ev.quad_class}`, "data-id": ev.id, tabindex: 0, onclick: open,
      onkeydown: (e) => e.key === "Enter" && open() },
      h("td", { class: "nowrap" }, ev.date, ev.historical ? h("span", { class: "tag", title: "background mention: ended well before publication", text: "hist." }) : null),
      h("td", {}, h("span", { class: `type q${ev.quad_class}`, text: ev.type }), ev.mode ? h("div", { class: "muted", text: ev.mode }) : null),
      h("td", { text: side(ev.source_countries, ev.source_sectors) }),
      h("td", { text: side(ev.target_countries, ev.target_sectors) }),
      h("td", { class: "sentence-cell" }, h("b", { text: ev.trigger_text || "" }), " ", h("span", { class: "muted", text: ev.sentence_text || "" })),
      h("td", { text: ev.place_name || "" }),
      h("td", { class: "num", text: ev.num_mentions }),
      h("td", { class: "num", text: ev.num_sources }),
    ));
  }
  if (!page.events.length) body.append(h("tr", {}, h("td", { colspan: 8, class: "muted", text: "No events match these filters." })));
  const last = Math.min(offset + page.events.length, page.total);
  $("#page-info").textContent = page.total ? `${offset + 1}–${last} of ${page.total}` : "";
  $("#prev").disabled = offset <= 0;
  $("#next").disabled = last >= page.total;
  $("#prev").onclick = () => pageTo(Math.max(0, offset - PAGE));
  $("#next").onclick = () => pageTo(offset + PAGE);
  for (const format of ["csv", "parquet", "jsonl"]) {
    $(`#export-${format}`).href = "/api/export?" + new URLSearchParams({ ...filters, format }).toString();
  }
}

function pageTo(offset) {
  const { params } = parseHash();
  params.set("offset", offset);
  go("events", params);
}

// --- one event -------------------------------------------------------------------------

async function showEvent(id) {
  const section = clear($("#view-event"));
  const detail = await api(`/api/events/${encodeURIComponent(id)}`);
  const ev = detail.event;
  const facts = [
    ["Date", ev.date_earliest === ev.date_latest ? ev.date : `${ev.date} (${ev.date_earliest} to ${ev.date_latest})`],
    ["Source", side(ev.source_countries, ev.source_sectors)],
    ["Target", side(ev.target_countries, ev.target_sectors)],
    ["CAMEO", `${ev.cameo} · Goldstein ${ev.goldstein} · ${quadClass(ev.quad_class)}`],
    ["Place", ev.place_name ? `${ev.place_name} (${ev.place_country || "?"})` : "not located"],
    ["Reports", `${ev.num_mentions} report(s) in ${ev.num_articles} article(s) from ${ev.num_sources} outlet(s); first seen ${ev.first_seen || "?"}`],
    ["Confidence", ev.confidence.toFixed(3)],
    ["Historical", ev.historical ? "yes: a background mention of an earlier event" : "no"],
  ];
  section.append(
    h("p", {}, h("a", { href: "#/events", onclick: (e) => { e.preventDefault(); history.back(); }, text: "← back" })),
    h("h2", {}, h("span", { class: `type q${ev.quad_class}`, text: ev.type }), ev.mode ? ` ${ev.mode}` : "", h("span", { class: "muted", text: ` ${ev.id}` })),
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])),
    h("h3", { text: "Reports" }),
  );
  const list = h("div", { class: "mentions" });
  for (const m of detail.mentions) {
    const r = m.record;
    list.append(h("div", { class: "mention", "data-mention": r.id },
      h("div", { class: "mention-head" },
        h("a", { class: "article-link", href: `#/article/${encodeURIComponent(r.doc_id)}?mention=${r.id}`, text: m.article_title || r.doc_id }),
        h("span", { class: "muted", text: ` ${[m.outlet, m.published].filter(Boolean).join(", ")}` })),
      h("blockquote", { class: "sentence-view" }, highlightSentence(r)),
      h("div", { class: "muted small", text: `trigger “${r.trigger.text}” · ${r.source.map(actorLabel).join(", ") || "no source"} → ${r.target.map(actorLabel).join(", ") || "no target"} · date ${r.date.value} (${r.date.basis}${r.date.expression ? `: “${r.date.expression.text}”` : ""}) · rule ${r.rule}` }),
    ));
  }
  section.append(list);
}

// The sentence of one report, its trigger, actors, date and place marked.
function highlightSentence(r) {
  const spans = recordSpans(r, true);
  return h("span", { class: "sentence selected" }, renderSpans(r.sentence.text, r.sentence.start, spans));
}

// --- highlighted text ------------------------------------------------------------------

function recordSpans(r, withinSentence) {
  const spans = [];
  const add = (span, cls, title) => {
    if (!span || span.start === undefined || span.end <= span.start) return;
    if (withinSentence && (span.start < r.sentence.start || span.end > r.sentence.end)) return;
    spans.push({ start: span.start, end: span.end, cls, title, mention: r.id });
  };
  add(r.trigger, `trigger q${r.quad_class}`, `${r.type}${r.mode ? " " + r.mode : ""} (CAMEO ${r.cameo})`);
  r.source.forEach((a) => add(a, "src", `source: ${actorLabel(a)}`));
  r.target.forEach((a) => add(a, "tgt", `target: ${actorLabel(a)}`));
  add(r.date.expression, "date", `date: ${r.date.earliest} to ${r.date.latest}`);
  if (r.location) add(r.location, "place", `place: ${r.location.name || r.location.text} (${r.location.country || "?"})`);
  return spans;
}

// Cuts text at every span boundary; each piece carries the classes of the spans over it,
// so overlapping marks (an actor inside a highlighted sentence) combine.
function renderSpans(text, base, spans) {
  const cuts = new Set([0, text.length]);
  const local = spans.map((sp) => ({ ...sp, a: Math.max(0, sp.start - base), b: Math.min(text.length, sp.end - base) }))
    .filter((sp) => sp.b > sp.a);
  local.forEach((sp) => { cuts.add(sp.a); cuts.add(sp.b); });
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const over = local.filter((sp) => sp.a <= a && sp.b >= b);
    const piece = text.slice(a, b);
    if (!over.length) {
      out.push(document.createTextNode(piece));
      continue;
    }
    const classes = new Set();
    const titles = [];
    const mentions = new Set();
    over.forEach((sp) => {
      sp.cls.split(" ").forEach((c) => classes.add(c));
      if (sp.title) titles.push(sp.title);
      if (sp.mention) mentions.add(sp.mention);
    });
    out.push(h("span", { class: [...classes].join(" "), title: titles.join("\n") || null, "data-mentions": [...mentions].join(" ") }, piece));
  }
  return out;
}

// An article's text with every report's marks, and the reports listed beside it.
function articleView(container, text, records, selected) {
  clear(container);
  const textBox = h("div", { class: "article-text" });
  const side = h("ol", { class: "event-list" });
  const layout = h("div", { class: "article-layout" }, textBox,
    h("aside", {}, h("h3", { text: `${records.length} event${records.length === 1 ? "" : "s"}` }), legend(), side));
  container.append(layout);

  const draw = (current) => {
    const spans = [];
    for (const r of records) {
      spans.push({ start: r.sentence.start, end: r.sentence.end, cls: r.id === current ? "sentence selected" : "sentence", mention: r.id });
      spans.push(...recordSpans(r, false));
    }
    clear(textBox).append(...renderSpans(text, 0, spans));
    side.querySelectorAll("li").forEach((li) => li.classList.toggle("selected", li.dataset.mention === current));
  };
  const select = (id, scroll) => {
    draw(id);
    if (scroll) {
      const mark = textBox.querySelector(".sentence.selected");
      if (mark) mark.scrollIntoView({ block: "nearest" });
    }
  };

  for (const r of records) {
    const flags = [r.historical ? "historical" : "", r.negated ? "negated" : "", r.hypothetical ? "hypothetical" : ""].filter(Boolean).join(", ");
    side.append(h("li", { class: "event-card", "data-mention": r.id, tabindex: 0,
      onclick: () => select(r.id, true), onkeydown: (e) => e.key === "Enter" && select(r.id, true) },
      h("div", {}, h("span", { class: `type etype q${r.quad_class}`, text: r.type }), r.mode ? h("span", { class: "muted", text: ` ${r.mode}` }) : null,
        h("span", { class: "muted", text: ` ${r.cameo}` })),
      h("div", { class: "dyad", text: `${r.source.map(actorLabel).join(", ") || "?"} → ${r.target.map(actorLabel).join(", ") || "?"}` }),
      h("div", { class: "muted small", text: `“${r.trigger.text}” · ${r.date.value}${r.date.precision !== "day" ? ` (${r.date.earliest} to ${r.date.latest})` : ""}${flags ? " · " + flags : ""}` }),
      r.event_id ? h("a", { class: "small", href: `#/event/${r.event_id}`, text: "event →", onclick: (e) => e.stopPropagation() }) : null,
    ));
  }
  textBox.addEventListener("click", (e) => {
    const target = e.target.closest("[data-mentions]");
    if (target && target.dataset.mentions) select(target.dataset.mentions.split(" ")[0], false);
  });
  select(selected || null, Boolean(selected));
}

function legend() {
  return h("div", { class: "legend small" },
    h("span", { class: "trigger q3", text: "trigger" }), " ",
    h("span", { class: "src", text: "source" }), " ",
    h("span", { class: "tgt", text: "target" }), " ",
    h("span", { class: "date", text: "date" }), " ",
    h("span", { class: "place", text: "place" }), " ",
    h("span", { class: "sentence selected", text: "sentence" }));
}

async function showArticle(id, mention) {
  const section = clear($("#view-article"));
  const article = await api(`/api/articles/${encodeURIComponent(id)}`);
  const records = article.mentions.map((m) => ({ ...m.record, event_id: m.event_id }));
  section.append(
    h("p", {}, h("a", { href: "#/events", onclick: (e) => { e.preventDefault(); history.back(); }, text: "← back" })),
    h("h2", { text: article.title || article.id }),
    h("p", { class: "muted" }, [article.outlet, article.published, article.id].filter(Boolean).join(" · "),
      article.url ? [" · ", h("span", { class: "url", text: article.url })] : null,
      article.canonical_id && article.canonical_id !== article.id ? ` · copy of ${article.canonical_id}` : null),
  );
  const body = h("div");
  section.append(body);
  articleView(body, article.text, records, mention);
}

// --- code a text -----------------------------------------------------------------------

async function codeText(event) {
  event.preventDefault();
  const text = $("#code-text").value;
  const status = $("#code-status");
  const result = clear($("#code-result"));
  showError(null);
  if (!text.trim()) {
    showError(new Error("Paste an article's text first."));
    return;
  }
  const body = { text };
  if ($("#code-date").value) body.published = $("#code-date").value;
  if ($("#code-title").value.trim()) body.title = $("#code-title").value.trim();
  $("#code-run").disabled = true;
  status.textContent = "Coding…";
  try {
    const answer = await api("/api/code", null, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    status.textContent = `${answer.events.length} event${answer.events.length === 1 ? "" : "s"} in ${answer.seconds.toFixed(2)} s`;
    articleView(result, text, answer.events, null);
    document.body.dataset.coded = String(answer.events.length);
  } catch (error) {
    status.textContent = "";
    showError(error);
  } finally {
    $("#code-run").disabled = false;
  }
}

// --- time series -----------------------------------------------------------------------

async function showSeries(filters) {
  const by = $("#s-by").value;
  const metric = $("#s-metric").value;
  const series = await api("/api/series", { ...filters, by });
  const what = metric === "events" ? "events" : "Goldstein sum";
  $("#series-title").textContent = `${what} per ${by}: ${describeFilters(filters)}`;
  const box = clear($("#series-chart"));
  if (!series.points.length) {
    box.append(h("p", { class: "muted", text: "No events match these filters." }));
    return;
  }
  box.append(barChart(series.points, metric, by));
}

function niceTicks(lo, hi, count) {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((x) => x >= step0);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

function barChart(points, metric, by) {
  const W = 960, H = 320, L = 50, R = 10, T = 10, B = 40;
  const values = points.map((p) => (metric === "events" ? p.events : p.goldstein));
  const hi = Math.max(0, ...values), lo = Math.min(0, ...values);
  const y = (v) => T + (H - T - B) * (hi === lo ? 0.5 : (hi - v) / (hi - lo));
  const band = (W - L - R) / points.length;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "bar-chart", role: "img" });
  for (const t of niceTicks(lo, hi, 5)) {
    svg.append(s("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? "axis" : "grid" }),
      s("text", { x: L - 6, y: y(t) + 4, class: "tick", "text-anchor": "end" }, String(t)));
  }
  points.forEach((p, i) => {
    const v = values[i];
    const x = L + i * band;
    const colour = metric === "events" ? "#3b6ea5" : v < 0 ? "#c8322d" : "#28965a";
    svg.append(s("rect", { x: x + band * 0.1, width: Math.max(band * 0.8, 0.5), y: Math.min(y(v), y(0)),
      height: Math.max(Math.abs(y(v) - y(0)), v ? 1 : 0), fill: colour, class: "bar" },
    s("title", {}, `${p.period}: ${p.events} events, Goldstein ${p.goldstein}\n` +
      `verbal/material cooperation ${p.verbal_cooperation}/${p.material_cooperation}, verbal/material conflict ${p.verbal_conflict}/${p.material_conflict}`)));
  });
  const every = Math.max(1, Math.ceil(points.length / 10));
  points.forEach((p, i) => {
    if (i % every) return;
    const label = by === "year" ? p.period.slice(0, 4) : by === "month" ? p.period.slice(0, 7) : p.period;
    svg.append(s("text", { x: L + (i + 0.5) * band, y: H - B + 16, class: "tick", "text-anchor": "middle" }, label));
  });
  return svg;
}

// --- actor network ---------------------------------------------------------------------

async function showNetwork(filters) {
  const limit = $("#n-limit").value;
  const data = await api("/api/actors", { ...filters, limit });
  const box = clear($("#network-chart"));
  const table = clear($("#dyad-table"));
  if (!data.dyads.length) {
    box.append(h("p", { class: "muted", text: "No dyads (events with a source and a target country) match these filters." }));
    return;
  }
  box.append(network(data.dyads, data.countries));
  table.append(h("thead", {}, h("tr", {}, ["Source", "Target", "Events", "Mean Goldstein"].map((t) => h("th", { text: t })))));
  const body = h("tbody");
  for (const d of data.dyads) {
    const params = new URLSearchParams({ source: d.source, target: d.target });
    body.append(h("tr", {},
      h("td", { title: data.countries[d.source] || "", text: d.source }),
      h("td", { title: data.countries[d.target] || "", text: d.target }),
      h("td", { class: "num" }, h("a", { href: `#/events?${params}`, text: d.events })),
      h("td", { class: "num", text: (d.goldstein / d.events).toFixed(1) })));
  }
  table.append(body);
}

function network(dyads, names) {
  const W = 640, H = 640, cx = W / 2, cy = H / 2, radius = 250;
  const totals = {};
  for (const d of dyads) {
    totals[d.source] = (totals[d.source] || 0) + d.events;
    totals[d.target] = (totals[d.target] || 0) + d.events;
  }
  const nodes = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
  const pos = {};
  nodes.forEach((code, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    pos[code] = [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
  });
  const maxTotal = Math.max(...Object.values(totals));
  const nodeR = (code) => 8 + 14 * Math.sqrt(totals[code] / maxTotal);
  const maxEvents = Math.max(...dyads.map((d) => d.events));
  const pairs = new Set(dyads.map((d) => `${d.source}>${d.target}`));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "network", role: "img" });
  const edges = s("g", { class: "edges" });
  for (const d of dyads) {
    const [x1, y1] = pos[d.source], [x2, y2] = pos[d.target];
    const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1;
    // Both directions present: bend each to its own side so they do not overlap.
    const bend = pairs.has(`${d.target}>${d.source}`) ? 0.15 * len : 0.05 * len;
    const mx = (x1 + x2) / 2 - (dy / len) * bend, my = (y1 + y2) / 2 + (dx / len) * bend;
    const r2 = nodeR(d.target) + 3;
    const ex = mx - x2, ey = my - y2, el = Math.hypot(ex, ey) || 1;
    const tx = x2 + (ex / el) * r2, ty = y2 + (ey / el) * r2;
    const colour = tone(d.goldstein, d.events);
    const width = 1 + 5 * Math.sqrt(d.events / maxEvents);
    const title = `${d.source} → ${d.target}: ${d.events} events, mean Goldstein ${(d.goldstein / d.events).toFixed(1)}`;
    edges.append(s("path", { d: `M${x1},${y1} Q${mx},${my} ${tx},${ty}`, stroke: colour, "stroke-width": width, fill: "none", class: "edge" }, s("title", {}, title)));
    const ax = (tx - mx) / (Math.hypot(tx - mx, ty - my) || 1), ay = (ty - my) / (Math.hypot(tx - mx, ty - my) || 1);
    const size = 5 + width;
    edges.append(s("path", { d: `M${tx},${ty} L${tx - ax * size - ay * size * 0.5},${ty - ay * size + ax * size * 0.5} L${tx - ax * size + ay * size * 0.5},${ty - ay * size - ax * size * 0.5}Z`, fill: colour }, s("title", {}, title)));
  }
  svg.append(edges);
  for (const code of nodes) {
    const [x, y] = pos[code];
    const params = new URLSearchParams({ country: code });
    const link = s("a", { href: `#/events?${params}` },
      s("circle", { cx: x, cy: y, r: nodeR(code), class: "node" }),
      s("text", { x, y: y + 4, "text-anchor": "middle", class: "node-label" }, code),
      s("title", {}, `${names[code] || code}: ${totals[code]} events in these dyads`));
    svg.append(link);
  }
  return svg;
}

// --- map -------------------------------------------------------------------------------

async function showMap(filters) {
  const [data, svgText] = await Promise.all([api("/api/places", { ...filters, limit: 2000 }), worldMap()]);
  const box = clear($("#map"));
  const svg = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  const map = document.importNode(svg, true);
  const shaded = {};
  const points = s("g", { class: "points" });
  const maxEvents = Math.max(1, ...data.places.map((p) => p.events));
  for (const p of [...data.places].sort((a, b) => b.events - a.events)) {
    if (p.country) shaded[p.country] = (shaded[p.country] || 0) + p.events;
    const params = new URLSearchParams({ ...filters, place: p.name || p.country || "" });
    points.append(s("a", { href: `#/events?${params}` },
      s("circle", { cx: (p.lon + 180).toFixed(2), cy: (90 - p.lat).toFixed(2), r: (1 + 4 * Math.sqrt(p.events / maxEvents)).toFixed(2),
        fill: tone(p.goldstein, p.events), class: "point" },
      s("title", {}, `${p.name || "?"} (${p.country || "?"}): ${p.events} event${p.events === 1 ? "" : "s"}, mean Goldstein ${(p.goldstein / p.events).toFixed(1)}`))));
  }
  map.querySelectorAll(".countries path").forEach((path) => {
    if (shaded[path.getAttribute("data-cc")]) path.classList.add("has-events");
  });
  map.append(points);
  box.append(map);
  const total = data.places.reduce((n, p) => n + p.events, 0);
  $("#map-count").textContent = `${total} located event${total === 1 ? "" : "s"} in ${data.places.length} place${data.places.length === 1 ? "" : "s"}: ${describeFilters(filters)}`;
}

async function worldMap() {
  if (!worldSvg) {
    const response = await fetch("/static/world.svg");
    worldSvg = await response.text();
  }
  return worldSvg;
}

// --- start -----------------------------------------------------------------------------

async function loadSummary() {
  const typeSelect = $("#f-type");
  for (const type of PLOVER_TYPES) typeSelect.append(h("option", { value: type, text: type }));
  try {
    const summary = await api("/api/summary");
    const t = summary.totals;
    const years = summary.first_date ? ` · ${summary.first_date.slice(0, 4)}–${summary.last_date.slice(0, 4)}` : "";
    const snap = summary.snapshot ? ` · snapshot ${summary.snapshot}` : "";
    $("#store-summary").textContent = `${summary.store}: ${t.events.toLocaleString()} events · ${t.mentions.toLocaleString()} reports · ${t.articles.toLocaleString()} articles${years}${snap}`;
    const list = $("#country-list");
    for (const c of summary.countries) {
      countryNames[c.code] = c.name;
      list.append(h("option", { value: c.code, text: `${c.name} (${c.events})` }));
    }
    const counts = Object.fromEntries(summary.types.map((x) => [x.type, x.events]));
    for (const option of typeSelect.options) {
      if (option.value) option.textContent = `${option.value} (${counts[option.value] || 0})`;
    }
  } catch (error) {
    $("#store-summary").textContent = "no store available";
    showError(error);
  }
}

function start() {
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    const { view } = parseHash();
    go(FILTER_VIEWS.has(view) ? view : "events", formFilters());
  });
  $("#reset").addEventListener("click", () => go(parseHash().view));
  $("#code-form").addEventListener("submit", codeText);
  $("#s-by").addEventListener("change", route);
  $("#s-metric").addEventListener("change", route);
  $("#n-limit").addEventListener("change", route);
  window.addEventListener("hashchange", route);
  loadSummary();
  route();
}

document.addEventListener("DOMContentLoaded", start);
