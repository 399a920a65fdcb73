// The consent page's comparison with Article 278 of the Civil Code (issue 13): renders the
// `civil_code_278` block of the consent result inside <details data-civil-code>. It reads the
// result that calculator.js already has (the "calculator:result" event); it computes nothing and
// does nothing on other pages. A comparison only: the plan's own result is calculator.js's.
(function () {
  "use strict";

  var details = document.querySelector("details[data-civil-code]");
  if (!details) return;
  var box = details.querySelector("[data-civil-code-result]");
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var T = {
    zh: { heading: "对照结果", reached: "达到", short: "未达到", participation: "参与表决", agreement: "同意",
          notEvaluated: "未填写参与表决的面积和人数：" },
    en: { heading: "Comparison", reached: "reached", short: "not reached", participation: "Taking part in the vote",
          agreement: "Agreement", notEvaluated: "No participating area and number given: " }
  }[LANG];

  var el = window.yyCalculators.el;   // calculator-client.js, loaded before this script

  function item(check) {
    return el("li", { "data-outcome": check.passed ? "pass" : "fail" }, [
      el("span", { "class": "calc-outcome", text: check.passed ? T.reached : T.short }),
      el("span", { "class": "calc-step-text", text: check.message[LANG] })
    ]);
  }

  function render(block) {
    box.textContent = "";
    box.hidden = false;
    box.setAttribute("data-civil-code-status", block.evaluated ? (block.passed ? "passed" : "not_passed") : "not_evaluated");
    box.appendChild(el("h3", { text: T.heading }));
    if (!block.evaluated) {
      box.appendChild(el("p", { "class": "calc-summary", text: T.notEvaluated + block.needs[LANG] }));
    } else {
      box.appendChild(el("p", { "class": "calc-summary", text: block.summary[LANG] }));
      [["participation", T.participation], ["agreement", T.agreement]].forEach(function (part) {
        var g = block[part[0]];
        box.appendChild(el("h4", { text: part[1] }));
        box.appendChild(el("ol", { "class": "calc-steps" }, [item(g.area), item(g.owners)]));
      });
    }
    box.appendChild(el("p", { "class": "calc-help", "data-civil-code-note": "", text: block.note[LANG] }));
  }

  document.addEventListener("calculator:result", function (event) {
    var d = event.detail || {};
    if (d.name !== "consent" || !d.result) return;
    var r = d.result;
    if (r.status === "error") {
      box.textContent = "";
      box.hidden = true;
      box.removeAttribute("data-civil-code-status");
      // an error in one of the two inputs in here: open the section so the message is seen
      if (r.error && /^voted_/.test(r.error.field || "")) details.open = true;
      return;
    }
    if (r.civil_code_278) render(r.civil_code_278);
  });
})();
