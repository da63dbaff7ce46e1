// Aswan 2040 KPI dashboard: language, digits and the trend charts (Apache ECharts, vendored).
// One digit style per language everywhere on the page: Arabic-Indic in Arabic, Western in
// English, including units, periods, axes and tooltips.
"use strict";
(function () {
  var LANG = document.documentElement.lang === "en" ? "en" : "ar";
  var AR = LANG === "ar";
  var INDIC = "٠١٢٣٤٥٦٧٨٩";
  var TEXT = {
    ar: { on_track: "على المسار", at_risk: "معرض للخطر", off_track: "خارج المسار",
          achieved: "تحقق", no_data: "لا بيانات أو بلا مستهدف", unjudged: "بلا مستهدف بعد",
          empty: "لا توجد بيانات", actual: "القيمة", target: "المستهدف",
          baseline: "خط الأساس", period: "الفترة", progress: "التقدم", scope: "النطاق",
          governorate: "المحافظة", all: "كل المراكز", noValues: "لا توجد قيم بعد",
          noTarget: "لا مستهدف بعد", table: "القيم حسب المركز", live: "● مباشر",
          reconnecting: "○ إعادة الاتصال…", quarter: "الربع", starter: "مبدئي",
          chart: "اتجاه المؤشر عبر الفترات" },
    en: { on_track: "On track", at_risk: "At risk", off_track: "Off track", achieved: "Achieved",
          no_data: "No data or no target", unjudged: "No target yet", empty: "No data", actual: "Value", target: "Target", baseline: "Baseline",
          period: "Period", progress: "Progress", scope: "Scope", governorate: "Governorate",
          all: "All centres", noValues: "No values yet", noTarget: "No target yet",
          table: "Values by centre", live: "● Live", reconnecting: "○ Reconnecting…",
          quarter: "Q", starter: "starter", chart: "Trend over the periods" }
  }[LANG];
  // Units are stored in Arabic; the English page says them in English where they are known.
  var UNITS_EN = { "جمعية": "associations", "شخص": "people", "درجة": "score", "حالة": "cases",
                   "فرد": "people", "دارس": "learners", "لكل ١٠٬٠٠٠ نسمة": "per 10,000 inhabitants",
                   "لكل ١٠٠٠٠": "per 10,000", "لكل ١٠٠٠٠ نسمة": "per 10,000 inhabitants" };
  var COLOURS = { actual: "#1d4e5f", target: "#c62828", baseline: "#6b6b6b" };
  var number = new Intl.NumberFormat(AR ? "ar-EG" : "en-GB", { maximumFractionDigits: 2 });

  function digits(text) {
    var s = String(text);
    if (AR) return s.replace(/[0-9]/g, function (d) { return INDIC[+d]; });
    return s.replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/٬/g, ",").replace(/٫/g, ".");
  }
  function fmt(v) { return v === null || v === undefined ? "—" : number.format(v); }
  function unit(u) { return digits(AR ? u : (UNITS_EN[u] || u)); }
  function name(item) { return digits(AR || !item.name_en ? item.name_ar : item.name_en); }
  function periodKey(p) {
    var m = /^(\d{4})(?:-Q(\d))?$/.exec(p || "");
    return m ? +m[1] + (m[2] ? m[2] / 4 : 1) : 0;
  }
  function periodLabel(p, short) {
    var m = /^(\d{4})(?:-Q(\d))?$/.exec(p || "");
    if (!m) return digits(p);
    if (!m[2]) return digits(m[1]);
    var q = AR ? (short ? "ر" : TEXT.quarter + " ") + m[2] : "Q" + m[2];
    return digits(m[1] + " " + q);
  }
  function kpis(n) {  // the counted noun: Arabic 1, 2, 3-10, 11+; English 1, more
    if (!AR) return n === 1 ? "KPI" : "KPIs";
    return n === 1 ? "مؤشر" : n === 2 ? "مؤشران" : n <= 10 ? "مؤشرات" : "مؤشرًا";
  }
  function statusLabel(v) {
    if (!v) return TEXT.empty;
    if (v.status === "no_data") return v.value === null ? TEXT.empty : TEXT.unjudged;
    return TEXT[v.status] || v.status;
  }
  function escape(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // A scope's targets as the service judges them: its own, else the governorate's, except for
  // KPIs summed over centres (a governorate total is no centre's target).
  function scopeTargets(kpi, scope) {
    var all = kpi.targets || [];
    var own = all.filter(function (t) { return (t.centre || "governorate") === scope; });
    if (own.length || scope === "governorate" || kpi.aggregation === "sum") return own;
    return all.filter(function (t) { return !t.centre; });
  }

  // The axis runs over every period from the first to the last one named (values, targets,
  // baseline), so that time is evenly spaced: years, or quarters for a quarterly KPI (a year
  // stands at its fourth quarter).
  function slot(p, quarterly) {
    var m = /^(\d{4})(?:-Q(\d))?$/.exec(p || "");
    if (!m) return null;
    return quarterly ? +m[1] * 4 + (m[2] ? +m[2] - 1 : 3) : +m[1];
  }
  function slotPeriod(n, quarterly) {
    return quarterly ? Math.floor(n / 4) + "-Q" + (n % 4 + 1) : String(n);
  }

  function series(kpi, scope) {
    var quarterly = kpi.period_type === "quarter";
    var values = kpi.values[scope] || {}, byslot = {}, targets = {};
    Object.keys(values).forEach(function (p) { byslot[slot(p, quarterly)] = values[p]; });
    scopeTargets(kpi, scope).forEach(function (t) { targets[slot(t.period, quarterly)] = t.value; });
    var hasTarget = Object.keys(targets).length > 0;
    var base = kpi.baseline_period ? slot(kpi.baseline_period, quarterly) : null;
    if (hasTarget && base !== null) targets[base] = kpi.baseline_value;
    var slots = Object.keys(byslot).concat(Object.keys(targets)).map(Number);
    if (base !== null) slots.push(base);
    slots = slots.filter(function (n) { return !isNaN(n); });
    if (!slots.length) return { periods: [], actual: [], target: [], hasTarget: false };
    var first = Math.min.apply(null, slots), last = Math.max.apply(null, slots), periods = [];
    for (var n = first; n <= last; n++) periods.push(n);
    return {
      periods: periods.map(function (n) { return slotPeriod(n, quarterly); }),
      actual: periods.map(function (n) { return byslot[n] ? byslot[n].value : null; }),
      target: periods.map(function (n) { return n in targets ? targets[n] : null; }),
      hasTarget: hasTarget
    };
  }

  function chartOption(kpi, scope) {
    var s = series(kpi, scope);
    var u = unit(kpi.unit);
    var baseline = kpi.baseline_value;
    var lines = [{ name: TEXT.actual, type: "line", data: s.actual, connectNulls: true,
                   symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: COLOURS.actual } }];
    if (baseline !== null && baseline !== undefined) {
      lines[0].markLine = {
        symbol: "none", silent: true, lineStyle: { type: "dotted", width: 2, color: COLOURS.baseline },
        label: { formatter: TEXT.baseline + " " + fmt(baseline), color: COLOURS.baseline,
                 position: AR ? "insideEndTop" : "insideStartTop" },
        data: [{ yAxis: baseline, name: TEXT.baseline }]
      };
    }
    if (s.hasTarget) {
      lines.push({ name: TEXT.target, type: "line", data: s.target, connectNulls: true,
                   symbol: "emptyCircle", symbolSize: 7,
                   lineStyle: { type: "dashed", width: 2 }, itemStyle: { color: COLOURS.target } });
    }
    return {
      animation: false,
      aria: { enabled: true, label: { description: describe(kpi, scope, s) } },
      textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
      grid: { left: 12, right: 12, top: 52, bottom: 8, containLabel: true },
      legend: { top: 0, [AR ? "right" : "left"]: 0, data: lines.map(function (l) { return l.name; }) },
      tooltip: { trigger: "axis", formatter: function (items) {
        var head = periodLabel(s.periods[items[0].dataIndex]);
        return [escape(head)].concat(items.map(function (i) {
          return i.marker + escape(i.seriesName) + ": " + escape(fmt(i.value));
        })).join("<br>");
      } },
      xAxis: { type: "category", data: s.periods, inverse: AR, boundaryGap: s.periods.length < 2,
               axisLabel: { formatter: function (p) { return periodLabel(p, true); },
                            hideOverlap: true } },
      yAxis: { type: "value", name: u, position: AR ? "right" : "left", scale: false,
               nameGap: 14, nameTextStyle: { align: AR ? "right" : "left" },
               axisLabel: { formatter: function (v) { return fmt(v); } } },
      series: lines
    };
  }

  function describe(kpi, scope, s) {
    var parts = [name(kpi) + " (" + unit(kpi.unit) + ")"];
    s.periods.forEach(function (p, i) {
      if (s.actual[i] === null && s.target[i] === null) return;
      var bit = periodLabel(p) + ": " + TEXT.actual + " " + fmt(s.actual[i]);
      if (s.target[i] !== null) bit += "، " + TEXT.target + " " + fmt(s.target[i]);
      parts.push(bit);
    });
    if (kpi.baseline_value !== null && kpi.baseline_value !== undefined) {
      parts.push(TEXT.baseline + " " + fmt(kpi.baseline_value) + " (" + periodLabel(kpi.baseline_period) + ")");
    }
    return digits(parts.join(AR ? "؛ " : "; "));
  }

  window.AswanDashboard = {
    LANG: LANG, TEXT: TEXT, digits: digits, fmt: fmt, unit: unit, name: name,
    periodKey: periodKey, periodLabel: periodLabel, statusLabel: statusLabel,
    chartOption: chartOption, kpis: kpis,
    hasChart: function (kpi, scope) { return series(kpi, scope).periods.length > 0; }
  };
})();
