/* PTĐV: small behaviours declared with data attributes, so pages need no inline script (strict CSP). */
(function () {
  "use strict";

  // <select data-auto-submit>: submitting the filter form as soon as a choice is made.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-auto-submit") && field.form) {
      if (typeof field.form.requestSubmit === "function") { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });

  // <div data-progress="42">: a progress bar's width, set through the CSSOM (allowed by the CSP).
  function sizeBars(root) {
    var bars = (root || document).querySelectorAll("[data-progress]");
    Array.prototype.forEach.call(bars, function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress")) || 0));
      bar.style.width = value + "%";
    });
  }

  // An htmx request from an element with data-saved-ok / data-saved-fail: its answer shown in the
  // element right after it (for example "✓ Đã lưu" next to a select saved on change).
  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail && event.detail.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute("data-saved-ok")) { return; }
    var status = source.nextElementSibling;
    if (status) {
      status.textContent = event.detail.successful
        ? source.getAttribute("data-saved-ok")
        : source.getAttribute("data-saved-fail");
    }
  });

  document.addEventListener("htmx:load", function (event) { sizeBars(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  } else {
    sizeBars(document);
  }
})();
