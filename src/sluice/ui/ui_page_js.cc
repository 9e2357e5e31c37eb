// The page's script: it asks /api/warehouse and draws what it answers. Edited here; served as is.
#include "sluice/ui/ui_page.h"

namespace sluice::ui {

const std::string_view kAppJs =
    R"page(// Draws the page from /api/warehouse: summary figures, runs over time (inline SVG), recent runs,
// and every table with its row count, columns and newest rows. Text goes in as text, never HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

const count = (n) => Number(n).toLocaleString("en-US");

function seconds(s) {
  if (s === null || s === undefined) return "";
  if (s < 60) return s.toFixed(1) + " s";
  return Math.floor(s / 60) + " m " + Math.round(s % 60) + " s";
}

const started = (iso) => iso.slice(0, 19).replace("T", " ");
const status = (run) => (run.ended_at ? run.status : "unfinished");

// A round number at or above `v`, for the top of an axis.
function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function drawSummary(data) {
  const runs = data.runs;
  const last = runs[runs.length - 1];
  const rows = data.tables.reduce((a, t) => a + t.rows, 0);
  const stats = [
    ["runs", count(runs.length)],
    ["last run", last ? status(last) : "none"],
    ["tables", count(data.tables.length)],
    ["rows in tables", count(rows)],
  ];
  const box = document.getElementById("summary");
  for (const [label, value] of stats)
    box.append(el("div", { class: "stat" }, el("div", { class: "label" }, label),
                  el("div", { class: "value", "data-stat": label }, value)));
}

function drawChart(runs) {
  const box = document.getElementById("runs-chart");
  if (!runs.length) {
    box.append(el("div", { class: "empty" }, "No runs yet: `sluice sync <connector>` records one."));
    return;
  }
  const W = 1100, H = 260, left = 64, right = 56, top = 14, bottom = 34;
  const w = W - left - right, h = H - top - bottom;
  const rowsMax = niceMax(Math.max(...runs.map((r) => r.rows)));
  const secMax = niceMax(Math.max(...runs.map((r) => r.seconds || 0)));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "runs over time" });
  for (let k = 0; k <= 4; ++k) {
    const y = top + h - (h * k) / 4;
    chart.append(svg("line", { class: "axis", x1: left, x2: left + w, y1: y, y2: y }));
    chart.append(svg("text", { class: "tick", x: left - 8, y: y + 4, "text-anchor": "end" },
                     count((rowsMax * k) / 4)));
    chart.append(svg("text", { class: "tick", x: left + w + 8, y: y + 4 },
                     seconds((secMax * k) / 4)));
  }
  // Runs of one day are told apart by their time, runs of several by day and time.
  const oneDay = runs.every((r) => r.started_at.slice(0, 10) === runs[0].started_at.slice(0, 10));
  const label = (r) => (oneDay ? r.started_at.slice(11, 19) : started(r.started_at).slice(5, 16));
  const slot = w / runs.length;
  const bar = Math.max(2, Math.min(48, slot * 0.6));
  const points = [];
  runs.forEach((r, i) => {
    const x = left + slot * i + slot / 2;
    const bh = (h * r.rows) / rowsMax;
    const rect = svg("rect", { class: "run-bar " + status(r), x: x - bar / 2, y: top + h - bh,
                               width: bar, height: Math.max(bh, 1), rx: 2,
                               "data-run-id": r.run_id, "data-rows": r.rows },
                     svg("title", {}, `${started(r.started_at)}  ${r.connection}  ${status(r)}\n` +
                                      `${count(r.rows)} rows in ${seconds(r.seconds)}`));
    chart.append(rect);
    if (r.seconds !== null) points.push([x, top + h - (h * r.seconds) / secMax]);
    // A label under every run when they fit, else under about ten of them.
    if (runs.length <= 12 || i % Math.ceil(runs.length / 10) === 0)
      chart.append(svg("text", { class: "tick", x: x, y: H - 12, "text-anchor": "middle" },
                       label(r)));
  });
  if (points.length > 1)
    chart.append(svg("polyline", { class: "duration-line", points: points.map((p) => p.join(",")).join(" ") }));
  for (const [x, y] of points) chart.append(svg("circle", { class: "duration-dot", cx: x, cy: y, r: 3.5 }));
  box.append(chart);
}

function drawRuns(runs) {
  const body = document.querySelector("#runs-table tbody");
  for (const r of runs.slice().reverse().slice(0, 20)) {
    const s = status(r);
    body.append(el("tr", { "data-run-id": r.run_id },
      el("td", {}, started(r.started_at)),
      el("td", {}, r.connection),
      el("td", {}, el("span", { class: "badge " + s }, s)),
      el("td", { class: "num" }, seconds(r.seconds)),
      el("td", { class: "num" }, count(r.rows)),
      el("td", { class: "num" }, r.requests === null ? "" : count(r.requests)),
      el("td", { class: "num" }, r.retries === null ? "" : count(r.retries)),
      el("td", { class: "error-text", title: r.error || "" }, r.error || "")));
  }
}

function cellText(v) {
  if (v === null) return el("span", { class: "null" }, "null");
  return v.length > 60 ? v.slice(0, 59) + "\u2026" : v;
}

function drawTables(tables) {
  const box = document.getElementById("tables");
  if (!tables.length) box.append(el("div", { class: "empty" }, "No tables yet."));
  for (const t of tables) {
    const card = el("section", { class: "card table-card", "data-table": t.name });
    card.append(el("div", { class: "card-head" }, el("h2", {}, t.name),
                   el("div", { class: "row-count" }, el("b", {}, count(t.rows)), " rows")));
    const cols = el("div", { class: "columns" });
    for (const c of t.columns)
      cols.append(el("span", { class: "column", "data-column": c.name, "data-type": c.type },
                     c.name, el("span", { class: "type" }, c.type)));
    card.append(cols);
    card.append(el("div", { class: "caption" }, "Newest rows"));
    const head = el("tr", {}, ...t.newest.columns.map((c) => el("th", {}, c)));
    const rows = t.newest.rows.map((row) => el("tr", {}, ...row.map((v) => el("td", {}, cellText(v)))));
    card.append(el("div", { class: "scroll" },
                   el("table", { class: "grid newest" }, el("thead", {}, head), el("tbody", {}, ...rows))));
    box.append(card);
  }
}

async function main() {
  const error = document.getElementById("error");
  try {
    const answer = await fetch("/api/warehouse", { cache: "no-store" });
    const data = await answer.json();
    if (!answer.ok) throw new Error(data.error || answer.statusText);
    document.getElementById("warehouse").textContent = data.warehouse;
    drawSummary(data);
    drawChart(data.runs);
    drawRuns(data.runs);
    drawTables(data.tables);
    document.body.setAttribute("data-ready", "true");
  } catch (e) {
    error.textContent = "Could not read the warehouse: " + e.message;
    error.hidden = false;
    document.body.setAttribute("data-ready", "error");
  }
}

main();
)page";

}  // namespace sluice::ui
