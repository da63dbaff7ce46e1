// Aswan 2040 KPI dashboard: renders pillars -> KPIs from /v1/dashboard/data and applies
// KPIUpdated events from the SSE stream (/v1/stream) without reloading. No libraries, no CDN.
"use strict";
(function () {
  var STATUS_AR = { on_track: "على المسار", at_risk: "معرض للخطر", off_track: "خارج المسار",
                    achieved: "تحقق", no_data: "لا توجد بيانات" };
  var COLOURS = { on_track: "#2e7d32", achieved: "#1565c0", at_risk: "#f9a825",
                  off_track: "#c62828", no_data: "#9e9e9e" };
  var state = null;
  var reloading = null;
  var digits = new Intl.NumberFormat("ar-EG", { maximumFractionDigits: 2 });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function fmt(v) { return v === null || v === undefined ? "—" : digits.format(v); }
  function periodKey(p) { var m = /^(\d{4})(?:-Q(\d))?$/.exec(p); return m ? +m[1] + (m[2] ? m[2] / 4 : 1) : 0; }
  function latest(periods) {
    var keys = Object.keys(periods || {}).sort(function (a, b) { return periodKey(a) - periodKey(b); });
    return keys.length ? [keys[keys.length - 1], periods[keys[keys.length - 1]]] : null;
  }

  function trend(kpi) {
    var ns = "http://www.w3.org/2000/svg", W = 400, H = 110, P = 18;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("class", "trend");
    svg.setAttribute("data-kpi", kpi.code);
    var series = kpi.values.governorate || {};
    var pts = Object.keys(series).map(function (p) { return [periodKey(p), series[p].value]; })
      .filter(function (x) { return x[1] !== null; });
    var targets = (kpi.targets || []).filter(function (t) { return !t.centre; })
      .map(function (t) { return [periodKey(t.period), t.value]; });
    if (kpi.baseline_period) pts.unshift([periodKey(kpi.baseline_period), kpi.baseline_value]);
    var all = pts.concat(targets);
    if (!all.length) return svg;
    var xs = all.map(function (x) { return x[0]; }), ys = all.map(function (x) { return x[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min(0, Math.min.apply(null, ys)), y1 = Math.max.apply(null, ys) || 1;
    function sx(x) { return P + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (W - 2 * P); }
    function sy(y) { return H - P - (y - y0) / (y1 - y0 || 1) * (H - 2 * P); }
    function line(points, cls, colour, dash) {
      points.sort(function (a, b) { return a[0] - b[0]; });
      var path = document.createElementNS(ns, "polyline");
      path.setAttribute("points", points.map(function (p) { return sx(p[0]) + "," + sy(p[1]); }).join(" "));
      path.setAttribute("fill", "none"); path.setAttribute("stroke", colour);
      path.setAttribute("stroke-width", "2"); path.setAttribute("class", cls);
      if (dash) path.setAttribute("stroke-dasharray", "5,4");
      svg.appendChild(path);
    }
    if (targets.length) {
      var start = kpi.baseline_period ? [[periodKey(kpi.baseline_period), kpi.baseline_value]] : [];
      line(start.concat(targets), "target-line", "#c62828", true);
    }
    line(pts, "actual-line", "#1d4e5f", false);
    return svg;
  }

  function kpiCard(kpi) {
    var card = el("div", { class: "kpi", id: "kpi-" + kpi.code, "data-kpi": kpi.code });
    card.appendChild(el("h3", {}, kpi.name_ar + " (" + kpi.unit + ")"));
    var table = el("table");
    var head = el("tr");
    ["النطاق", "الفترة", "القيمة", "المستهدف", "التقدم", "الحالة"].forEach(function (h) { head.appendChild(el("th", {}, h)); });
    table.appendChild(head);
    state.scopes.forEach(function (scope) {
      var last = latest(kpi.values[scope.code]);
      if (!last) return;
      var v = last[1];
      var tr = el("tr", { "data-scope": scope.code, "data-status": v.status, class: "value-row" });
      tr.appendChild(el("td", {}, scope.name_ar));
      tr.appendChild(el("td", {}, last[0]));
      tr.appendChild(el("td", { class: "value", "data-value": String(v.value) }, fmt(v.value)));
      tr.appendChild(el("td", { class: "target" }, fmt(v.target)));
      var bar = el("div", { class: "bar" }), fill = el("span");
      var pct = v.progress === null ? 0 : Math.max(0, Math.min(1, v.progress)) * 100;
      fill.style.width = pct + "%"; fill.style.background = COLOURS[v.status] || "#999";
      bar.appendChild(fill);
      var cell = el("td"); cell.appendChild(bar); tr.appendChild(cell);
      var st = el("td"); st.appendChild(el("span", { class: "status " + v.status }, STATUS_AR[v.status] || v.status));
      tr.appendChild(st);
      table.appendChild(tr);
    });
    card.appendChild(table);
    card.appendChild(trend(kpi));
    return card;
  }

  function render() {
    var root = document.getElementById("pillars");
    root.textContent = "";
    state.pillars.forEach(function (pillar) {
      var section = el("section", { class: "pillar", "data-pillar": pillar.code });
      section.appendChild(el("h2", {}, pillar.name_ar));
      pillar.kpis.forEach(function (kpi) { section.appendChild(kpiCard(kpi)); });
      root.appendChild(section);
    });
  }

  function apply(event) {
    var scope = event.centre || "governorate";
    state.pillars.forEach(function (pillar) {
      pillar.kpis.forEach(function (kpi) {
        if (kpi.code !== event.kpi_code) return;
        var periods = kpi.values[scope] = kpi.values[scope] || {};
        periods[event.period] = { value: event.value, target: event.target,
                                  progress: event.progress, status: event.status };
        var old = document.getElementById("kpi-" + kpi.code);
        if (old) old.replaceWith(kpiCard(kpi));
      });
    });
  }

  function connect() {
    var source = new EventSource("/v1/stream");
    var live = document.getElementById("live");
    source.addEventListener("open", function () { live.textContent = "● مباشر"; live.dataset.connected = "1"; });
    source.addEventListener("error", function () { live.textContent = "○ إعادة الاتصال…"; live.dataset.connected = ""; });
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
  var held = null;
  function load() {
    held = [];
    return fetch("/v1/dashboard/data").then(function (r) { return r.json(); }).then(function (data) {
      state = data; render();
    }).finally(function () {
      var events = held; held = null;
      events.forEach(apply);
    });
  }

  load().then(connect);
})();
