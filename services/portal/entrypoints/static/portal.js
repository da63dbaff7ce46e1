// Checks a browser can make before a form is sent, shown at the field (no inline script).
// A form with data-validate: each input's own constraints (required, pattern, length) plus
// data-low/data-high (numbers typed in Arabic-Indic or Western digits) and, for a fieldset
// with data-required-group, at least one box ticked. The message goes into the element named
// by aria-describedby (<name>-error); the server's own messages land in the same place.
(function () {
  "use strict";
  var INDIC = "٠١٢٣٤٥٦٧٨٩", PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  function ascii(text) {
    return text.replace(/[٠-٩۰-۹]/g, function (d) {
      var i = INDIC.indexOf(d);
      return String(i >= 0 ? i : PERSIAN.indexOf(d));
    });
  }
  function errorOf(el) { return document.getElementById((el.name || el.dataset.requiredGroup) + "-error"); }
  function problem(el) {
    var v = el.validity;
    if (v.valueMissing) return el.dataset.eRequired;
    if (v.patternMismatch || v.typeMismatch || v.tooShort || v.tooLong) return el.dataset.eFormat;
    if (el.dataset.constraint && el.value.trim() && window.aswanConstraint && !window.aswanConstraint(el)) {
      return el.dataset.eConstraint;
    }
    if (el.dataset.low && el.value.trim()) {
      var n = Number(ascii(el.value.trim()));
      if (!(n >= Number(el.dataset.low) && n <= Number(el.dataset.high))) return el.dataset.eRange;
    }
    return "";
  }
  function groupProblem(fs) {
    return fs.querySelector("input:checked") ? "" : fs.dataset.eRequired;
  }
  function show(el, message) {
    var out = errorOf(el);
    if (out) out.textContent = message || "";
    if (message) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
    return !message;
  }
  function check(el) { return el.matches("fieldset") ? show(el, groupProblem(el)) : show(el, problem(el)); }
  function fields(form) {
    return Array.prototype.slice.call(form.querySelectorAll(
      "input[name]:not([type=hidden]):not([type=checkbox]), select[name], textarea[name], fieldset[data-required-group]"));
  }
  function wire(form) {
    form.noValidate = true;
    fields(form).forEach(function (el) {
      // a message (the server's too) stays until the value is changed
      var again = function () { el.dataset.touched = "1"; if (el.getAttribute("aria-invalid") === "true" || el.matches("fieldset")) check(el); };
      el.addEventListener("blur", function () { if (el.dataset.touched && !el.matches("fieldset")) check(el); }, true);
      el.addEventListener("input", again);
      el.addEventListener("change", again);
    });
    form.addEventListener("submit", function (event) {
      var active = fields(form).filter(function (el) { return !el.disabled && !el.closest("[hidden]"); });
      var bad = active.filter(function (el) { return !check(el); });
      if (bad.length) {
        event.preventDefault();
        var first = bad[0].matches("fieldset") ? bad[0].querySelector("input") : bad[0];
        if (first) first.focus();
      }
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-validate]"), wire);
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
