// Relevance and constraints of an assessment form (XLSForm expressions), evaluated in the page:
// ${name} (the same repeat entry first, then the form's), ".", numbers, 'text', = != < <= > >=,
// + - * div, and / or / not(), selected(${x}, 'v'), count-selected(${x}), parentheses. An
// expression it cannot read counts as true: the question stays shown, the service judges it.
(function () {
  "use strict";
  var INDIC = "٠١٢٣٤٥٦٧٨٩";
  function ascii(t) { return String(t).replace(/[٠-٩]/g, function (d) { return String(INDIC.indexOf(d)); }); }
  function tokens(src) {
    var re = /\s*(\$\{[^}]+\}|'[^']*'|"[^"]*"|[0-9]+(?:\.[0-9]+)?|!=|<=|>=|[=<>()+\-*,.]|[A-Za-z_][\w-]*)/y, out = [], m;
    re.lastIndex = 0;
    while (re.lastIndex < src.length) {
      m = re.exec(src);
      if (!m) { if (/^\s*$/.test(src.slice(re.lastIndex))) break; throw new Error("token"); }
      out.push(m[1]);
    }
    return out;
  }
  function evaluate(src, lookup, self) {
    var tk = tokens(src), i = 0;
    function peek() { return tk[i]; }
    function next() { return tk[i++]; }
    function num(v) { var n = Number(ascii(v)); return v === "" || v === null || isNaN(n) ? v : n; }
    function primary() {
      var t = next();
      if (t === "(") { var v = or(); if (next() !== ")") throw new Error(")"); return v; }
      if (t === ".") return num(self);
      if (t === "-") return -primary();
      if (t && t[0] === "$") return num(lookup(t.slice(2, -1)));
      if (t && (t[0] === "'" || t[0] === '"')) return t.slice(1, -1);
      if (t && /^[0-9]/.test(t)) return Number(t);
      if (t === "not" || t === "selected" || t === "count-selected") {
        if (next() !== "(") throw new Error("(");
        var a = or(), b;
        if (t === "selected") { if (next() !== ",") throw new Error(","); b = or(); }
        if (next() !== ")") throw new Error(")");
        if (t === "not") return !a;
        var list = Array.isArray(a) ? a : String(a || "").split(" ").filter(Boolean);
        return t === "selected" ? list.indexOf(String(b)) >= 0 : list.length;
      }
      throw new Error("unknown " + t);
    }
    function term() {
      var v = primary();
      while (peek() === "*" || peek() === "div") { var op = next(), w = primary(); v = op === "*" ? v * w : v / w; }
      return v;
    }
    function sum() {
      var v = term();
      while (peek() === "+" || peek() === "-") { var op = next(), w = term(); v = op === "+" ? v + w : v - w; }
      return v;
    }
    function cmp() {
      var v = sum();
      while (["=", "!=", "<", "<=", ">", ">="].indexOf(peek()) >= 0) {
        var op = next(), w = sum(), empty = v === "" || v === null || w === "" || w === null;
        if (op === "=") v = String(v) === String(w);
        else if (op === "!=") v = String(v) !== String(w);
        else if (empty) v = false;
        else v = op === "<" ? v < w : op === "<=" ? v <= w : op === ">" ? v > w : v >= w;
      }
      return v;
    }
    function and() { var v = cmp(); while (peek() === "and") { next(); var w = cmp(); v = v && w; } return v; }
    function or() { var v = and(); while (peek() === "or") { next(); var w = and(); v = v || w; } return v; }
    var result = or();
    if (i < tk.length) throw new Error("trailing");
    return result;
  }
  function valueOf(form, name) {
    var boxes = form.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    if (boxes.length) return Array.prototype.filter.call(boxes, function (b) { return b.checked && !b.disabled; }).map(function (b) { return b.value; });
    var el = form.elements.namedItem(name);
    return el && !el.disabled ? el.value.trim() : "";
  }
  function lookupFor(form, scope) {
    return function (name) {
      if (scope && scope.indexOf("r.") === 0 && form.elements.namedItem(scope + name)) return valueOf(form, scope + name);
      if (form.querySelector('[name="a.' + name + '"]')) return valueOf(form, "a." + name);
      return "";
    };
  }
  function holds(form, expr, scope, self) {
    try { return !!evaluate(expr, lookupFor(form, scope), self); } catch (e) { return true; }
  }
  function refresh(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-relevant]"), function (box) {
      var show = holds(form, box.dataset.relevant, box.dataset.scope, "");
      box.hidden = !show;
      Array.prototype.forEach.call(box.querySelectorAll("input, select, textarea"), function (el) { el.disabled = !show; });
    });
  }
  window.aswanConstraint = function (el) {
    return holds(el.form, el.dataset.constraint, el.dataset.scope, el.value.trim());
  };
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-questionnaire]"), function (form) {
      form.addEventListener("input", function () { refresh(form); });
      form.addEventListener("change", function () { refresh(form); });
      refresh(form);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
