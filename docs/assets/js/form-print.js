// The printed application form shows long single-line answers whole (名称, 现有物业管理方式 ...):
// a text input prints only as wide as its box, so before printing each one gets a twin
// (span.form-print-value) holding its value, which print CSS (forms.css) shows in its place,
// wrapping over as many lines as it needs. On screen the twins are hidden.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) return;

  function twins() {
    Array.prototype.forEach.call(form.querySelectorAll("input[type='text'], input[type='tel']"), function (input) {
      var twin = input.nextElementSibling;
      if (!twin || !twin.classList.contains("form-print-value")) {
        twin = document.createElement("span");
        twin.className = "form-print-value";
        twin.setAttribute("aria-hidden", "true");
        input.parentNode.insertBefore(twin, input.nextSibling);
      }
      twin.textContent = input.value;
      input.classList.add("form-has-print-value");
    });
  }

  window.addEventListener("beforeprint", twins);
  // the form's own print button prints at once: make the twins first
  form.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-action='print']") : null;
    if (b) twins();
  }, true);
})();
