// Aswan 2040 KPI dashboard: renders pillars -> KPI cards from /v1/dashboard/data for the chosen
// centre and pillar, colours the centres' schematic by status, and applies KPIUpdated events
// from the SSE stream (/v1/stream) without reloading. Charts: dashboard-charts.js (ECharts).
"use strict";
(function () {
  var D = window.AswanDashboard, T = D.TEXT;
  var ORDER = ["off_track", "at_risk", "on_track", "achieved"];  // worst first
  var state = null, held = null, reloading = null, charts = {};
  var form = document.getElementById("filters");
  var centreSelect = document.getElementById("f-centre");
  var pillarSelect = document.getElementById("f-pillar");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = D.digits(text);
    return node;
  }
  function latest(periods) {
    var keys = Object.keys(periods || {}).sort(function (a, b) { return D.periodKey(a) - D.periodKey(b); });
    return keys.length ? { period: keys[keys.length - 1], v: periods[keys[keys.length - 1]] } : null;
  }
  function scopeName(code) {
    if (code === "governorate") return T.governorate;
    var found = state.scopes.filter(function (s) { return s.code === code; })[0];
    return found ? D.name(found) : code;
  }
  function filters() { return { centre: centreSelect.value, pillar: pillarSelect.value }; }

  function facts(kpi, last) {
    var dl = el("dl", { class: "facts" });
    function add(term, value) { dl.appendChild(el("dt", {}, term)); dl.appendChild(el("dd", {}, value)); }
    add(T.period, last ? D.periodLabel(last.period) : "—");
    add(T.target, last && last.v.target !== null ? D.fmt(last.v.target) : T.noTarget);
    if (kpi.baseline_period) add(T.baseline, D.fmt(kpi.baseline_value) + " (" + D.periodLabel(kpi.baseline_period) + ")");
    if (last && last.v.progress !== null) {
      dl.appendChild(el("dt", {}, T.progress));
      var dd = el("dd");
      var bar = el("progress", { max: "1", value: String(Math.max(0, Math.min(1, last.v.progress))),
                                 "aria-label": T.progress });
      dd.appendChild(bar);
      dd.appendChild(el("span", {}, " " + D.fmt(Math.round(last.v.progress * 100)) + (D.LANG === "ar" ? "٪" : "%")));
      dl.appendChild(dd);
    }
    return dl;
  }

  function scopesTable(kpi) {
    var details = el("details");
    details.appendChild(el("summary", {}, T.table));
    var table = el("table"), head = el("tr");
    [T.scope, T.period, T.actual, T.target, ""].forEach(function (h) { head.appendChild(el("th", { scope: "col" }, h)); });
    table.appendChild(head);
    state.scopes.forEach(function (scope) {
      var last = latest(kpi.values[scope.code]);
      if (!last) return;
      var tr = el("tr", { "data-scope": scope.code, "data-status": last.v.status, class: "value-row" });
      tr.appendChild(el("th", { scope: "row" }, scopeName(scope.code)));
      tr.appendChild(el("td", {}, D.periodLabel(last.period)));
      tr.appendChild(el("td", { class: "value", "data-value": String(last.v.value) }, D.fmt(last.v.value)));
      tr.appendChild(el("td", { class: "target" }, D.fmt(last.v.target)));
      tr.appendChild(el("td", {}, D.statusLabel(last.v)));
      table.appendChild(tr);
    });
    details.appendChild(table);
    return details;
  }

  function kpiCard(kpi, scope) {
    var last = latest(kpi.values[scope]);
    var status = last ? last.v.status : "no_data";
    var card = el("article", { class: "kpi", id: "kpi-" + kpi.code, "data-kpi": kpi.code,
                               "data-status": status, "aria-labelledby": "h-" + kpi.code });
    card.appendChild(el("h3", { id: "h-" + kpi.code }, D.name(kpi)));
    var headline = el("p", { class: "headline" });
    headline.appendChild(el("span", { class: "value", "data-value": last ? String(last.v.value) : "" },
                            last ? D.fmt(last.v.value) : "—"));
    headline.appendChild(el("span", { class: "unit" }, D.unit(kpi.unit)));
    headline.appendChild(el("span", { class: "status " + status }, D.statusLabel(last && last.v)));
    card.appendChild(headline);
    card.appendChild(facts(kpi, last));
    if (D.hasChart(kpi, scope)) {
      var chart = el("div", { class: "chart", "data-kpi": kpi.code, role: "img",
                              "aria-label": T.chart });
      card.appendChild(chart);
    } else {
      card.appendChild(el("p", { class: "empty" }, T.noValues));
    }
    card.appendChild(scopesTable(kpi));
    return card;
  }

  function drawChart(kpi, scope) {
    var node = document.querySelector('.chart[data-kpi="' + kpi.code + '"]');
    if (charts[kpi.code]) { charts[kpi.code].dispose(); delete charts[kpi.code]; }
    if (!node || !window.echarts) return;
    var chart = window.echarts.init(node, null, { renderer: "svg" });
    chart.setOption(D.chartOption(kpi, scope));
    charts[kpi.code] = chart;
  }

  function visiblePillars() {
    var f = filters();
    return state.pillars.filter(function (p) { return !f.pillar || p.code === f.pillar; });
  }

  function render() {
    var root = document.getElementById("pillars"), scope = filters().centre;
    Object.keys(charts).forEach(function (code) { charts[code].dispose(); });
    charts = {};
    root.textContent = "";
    visiblePillars().forEach(function (pillar) {
      var section = el("section", { class: "pillar", "data-pillar": pillar.code,
                                    "aria-labelledby": "p-" + pillar.code });
      var h2 = el("h2", { id: "p-" + pillar.code }, D.name(pillar));
      if (pillar.code.indexOf("starter.") === 0) h2.appendChild(el("span", { class: "tag" }, T.starter));
      section.appendChild(h2);
      var cards = el("div", { class: "cards" });
      pillar.kpis.forEach(function (kpi) { cards.appendChild(kpiCard(kpi, scope)); });
      section.appendChild(cards);
      root.appendChild(section);
      pillar.kpis.forEach(function (kpi) { drawChart(kpi, scope); });
    });
    root.setAttribute("aria-busy", "false");
    schematic();
  }

  // Each centre takes the worst status judged among the visible KPIs (no_data if none is).
  function schematic() {
    var selected = filters().centre;
    document.querySelectorAll("#schematic .centre").forEach(function (g) {
      var code = g.getAttribute("data-centre"), counts = {};
      visiblePillars().forEach(function (p) {
        p.kpis.forEach(function (kpi) {
          var last = latest(kpi.values[code]);
          if (last) counts[last.v.status] = (counts[last.v.status] || 0) + 1;
        });
      });
      var worst = ORDER.filter(function (s) { return counts[s]; })[0] || "no_data";
      g.setAttribute("data-status", worst);
      g.setAttribute("aria-pressed", code === selected ? "true" : "false");
      var label = (worst !== "no_data" ? T[worst] : counts.no_data ? T.unjudged : T.empty) +
        (counts[worst] ? " (" + D.fmt(counts[worst]) + " " + D.kpis(counts[worst]) + ")" : "");
      g.querySelector(".state").textContent = D.digits(label);
      g.setAttribute("aria-label", D.digits(scopeName(code) + ": " + label));
    });
  }

  function legend() {
    var ul = document.getElementById("legend");
    ORDER.concat(["no_data"]).forEach(function (s) { ul.appendChild(el("li", { class: s }, T[s])); });
  }

  function syncUrl() {
    var f = filters(), params = new URLSearchParams({ lang: D.LANG });
    if (f.centre !== "governorate") params.set("centre", f.centre);
    if (f.pillar) params.set("pillar", f.pillar);
    history.replaceState(null, "", "?" + params.toString());
    params.set("lang", D.LANG === "ar" ? "en" : "ar");
    document.getElementById("lang-switch").setAttribute("href", "?" + params.toString());
  }

  function onFilter() { syncUrl(); if (state) render(); }

  function chooseCentre(g) {
    var code = g.getAttribute("data-centre");
    centreSelect.value = centreSelect.value === code ? "governorate" : code;
    onFilter();
  }

  function apply(event) {
    var scope = event.centre || "governorate";
    state.pillars.forEach(function (pillar) {
      pillar.kpis.forEach(function (kpi) {
        if (kpi.code !== event.kpi_code) return;
        var periods = kpi.values[scope] = kpi.values[scope] || {};
        periods[event.period] = { value: event.value, numerator: event.numerator,
                                  denominator: event.denominator, target: event.target,
                                  progress: event.progress, status: event.status };
        var old = document.getElementById("kpi-" + kpi.code);
        if (!old) return;
        var current = filters().centre;
        old.replaceWith(kpiCard(kpi, current));
        drawChart(kpi, current);
      });
    });
    schematic();
  }

  function connect() {
    var source = new EventSource("/v1/stream");
    var live = document.getElementById("live");
    source.addEventListener("open", function () { live.textContent = T.live; live.dataset.connected = "1"; });
    source.addEventListener("error", function () { live.textContent = T.reconnecting; live.dataset.connected = ""; });
    source.addEventListener("kpi.updated", function (msg) {
      var event = JSON.parse(msg.data);
      if (held) held.push(event); else apply(event);
    });
    // a pillar, objective or KPI created, changed or retired: the framework is read again
    source.addEventListener("framework.changed", function () {
      clearTimeout(reloading);
      reloading = setTimeout(load, 300);  // a workshop decision changes several items at once
    });
  }

  // Updates that arrive while the framework is read again are held and applied to the new data
  // after it (in order: a value the read already had is set again, a later one follows).
  function load() {
    held = [];
    return fetch("/v1/dashboard/data").then(function (r) { return r.json(); }).then(function (data) {
      state = data;
      document.getElementById("framework-title").textContent = D.digits(data.title);
      render();
    }).finally(function () {
      var events = held; held = null;
      events.forEach(apply);
    });
  }

  document.getElementById("apply").classList.add("hidden");  // filters apply as they change
  centreSelect.addEventListener("change", onFilter);
  pillarSelect.addEventListener("change", onFilter);
  form.addEventListener("submit", function (e) { e.preventDefault(); onFilter(); });
  document.querySelectorAll("#schematic .centre").forEach(function (g) {
    g.addEventListener("click", function () { chooseCentre(g); });
    g.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); chooseCentre(g); }
    });
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (code) { charts[code].resize(); });
  });
  legend();
  syncUrl();
  load().then(connect);
})();
