// The application form (docs/forms/application.*.md): filled in in the browser, kept in this
// browser's localStorage so that a reload loses nothing, printed on A4, and pre-filled from the
// answers given in the site's calculators. Nothing is sent anywhere: there is no network code
// here, and the form cannot be submitted.
//
// localStorage keys (one origin: the Chinese and English pages share them):
//
//   yy-renovation:application-form   this form, written here:
//       {"version": 1, "saved": "<ISO time>", "fields": {"<name>": <value>, ...}}
//       value: a string for text, number, date, select and radio inputs ("" is a radio's
//       "not known"); an array of strings for checkbox groups (`items`). A field that was never
//       filled in is absent.
//
//   yy-renovation:answers   written by the calculator pages, only read here:
//       {"eligibility": {...}, "consent": {...}, "funding": {...}, "updated": "<ISO time>"}
//       Each part, all optional, is that calculator's JSON input exactly as
//       calculators/CONTRACT.md defines it (eligibility: district, completion_year and
//       the yes/no/unknown fields as true/false/null; consent: total_area, signed_area,
//       total_owners, signed_owners, or a `units` roster). Form-style strings ("true", "false",
//       "", "1234.50") are accepted too. Pre-filling fills only fields that are still empty;
//       the "use my calculator answers" button overwrites them.
(function () {
  "use strict";
  var FORM_KEY = "yy-renovation:application-form";
  var ANSWERS_KEY = "yy-renovation:answers";
  var form = document.getElementById("application-form");
  if (!form) return;
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var T = en ? {
    saved: "Saved in this browser only.",
    nosave: "This browser does not allow saving: what you enter will be lost on reload.",
    prefilled: function (n) { return n + (n === 1 ? " field" : " fields") + " filled in from your calculator answers."; },
    confirmClear: "Clear every field of the form? This cannot be undone.",
    cleared: "The form is empty and so is what it saved; your calculator answers are still kept on this device (see “Forget all my answers on this device”).",
    owners: "Owners", area: "Floor area", signed: "signed",
    reached: "two-thirds reached", notReached: "two-thirds not reached",
    more: function (x, unit) { return x + unit + " more needed"; },
    personUnit: "", areaUnit: " m²",
    both: "Double two-thirds: ", yes: "reached", no: "not reached",
    sep: "; "
  } : {
    saved: "已自动保存在本浏览器中（仅本机）。",
    nosave: "此浏览器不允许保存：刷新页面后填写的内容会丢失。",
    prefilled: function (n) { return "已根据您在计算器中的回答预填 " + n + " 项。"; },
    confirmClear: "确定清空表格中的全部内容吗？清空后无法恢复。",
    cleared: "表格已清空，本表保存的内容已删除；计算器中的回答仍保存在本机，如需一并删除，请点击“删除本机保存的全部回答”。",
    owners: "人数", area: "面积", signed: "已签字",
    reached: "已达到三分之二", notReached: "未达到三分之二",
    more: function (x, unit) { return "尚需 " + x + unit; },
    personUnit: " 人", areaUnit: " m²",
    both: "双“2/3”：", yes: "已达到", no: "未达到",
    sep: "；"
  };
  var status = form.querySelector("[data-status]");
  var tally = form.querySelector("[data-tally]");

  function say(text) { if (status) status.textContent = text; }

  // -- storage ------------------------------------------------------------------------------
  // Stored data is read, never trusted: only a JSON object comes back (anything else: null), and
  // every value in it goes through plain() before it is used.
  function readJSON(key) {
    try {
      var raw = window.localStorage.getItem(key);
      var data = raw ? JSON.parse(raw) : null;
      return data && typeof data === "object" && !Array.isArray(data) ? data : null;
    } catch (e) {
      return null;
    }
  }

  // a stored value as a form can take it: a string, a finite number as its digits, a boolean,
  // null; anything else (an object, an array) is undefined, i.e. not there
  function plain(v) {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number" && isFinite(v)) return String(v);
    return undefined;
  }

  function own(obj, key) {
    return obj && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  function controls(name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }

  function names() {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name) seen[el.name] = true; });
    return Object.keys(seen);
  }

  function getValue(name) {
    var els = controls(name);
    var first = els[0];
    if (first.type === "checkbox") {
      return els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    if (first.type === "radio") {
      var on = els.filter(function (el) { return el.checked; })[0];
      return on ? on.value : null;
    }
    return first.value;
  }

  // A radio group is empty when nothing is chosen ("" is the answer "not known").
  function isEmpty(name) {
    var v = getValue(name);
    if (controls(name)[0].type === "radio") return v === null;
    return v === null || v === "" || (Array.isArray(v) && v.length === 0);
  }

  function setValue(name, value) {
    var els = controls(name);
    if (!els.length) return false;
    var first = els[0];
    if (first.type === "checkbox") {
      var list = Array.isArray(value) ? value.filter(function (x) { return typeof x === "string"; }) : [];
      els.forEach(function (el) { el.checked = list.indexOf(el.value) >= 0; });
    } else if (first.type === "radio") {
      value = plain(value);
      els.forEach(function (el) { el.checked = value !== null && value !== undefined && el.value === String(value); });
    } else {
      value = plain(value);
      first.value = value === null || value === undefined ? "" : String(value);
    }
    return true;
  }

  function collect() {
    var fields = {};
    names().forEach(function (name) {
      if (!isEmpty(name)) fields[name] = getValue(name);
    });
    return fields;
  }

  var canSave = true;
  // false once the reader has cleared the form: a reload then leaves it empty (no automatic
  // pre-filling from the calculators; the "use my calculator answers" button still does it)
  var autoPrefill = true;
  function save() {
    try {
      var record = { version: 1, saved: new Date().toISOString(), fields: collect() };
      if (!autoPrefill) record.noPrefill = true;
      window.localStorage.setItem(FORM_KEY, JSON.stringify(record));
      if (canSave) say(T.saved);
    } catch (e) {
      canSave = false;
      say(T.nosave);
    }
  }

  function restore() {
    var data = readJSON(FORM_KEY);
    if (!data) return;
    if (data.noPrefill === true) autoPrefill = false;
    var fields = own(data, "fields");
    if (!fields || typeof fields !== "object" || Array.isArray(fields)) return;
    Object.keys(fields).forEach(function (name) { setValue(name, fields[name]); });
  }

  // -- the calculators' answers -------------------------------------------------------------
  // Written into the form at build time from the calculators' parameters (hooks/plan.py):
  // every name of a district of the plan, normalised as the package does, and the yes/no fields.
  function dataJSON(name, fallback) {
    try { return JSON.parse(form.getAttribute(name)) || fallback; } catch (e) { return fallback; }
  }
  var DISTRICTS = dataJSON("data-districts", {});
  var PLACE_PREFIXES = dataJSON("data-place-prefixes", []);
  var YES_NO = dataJSON("data-yes-no-fields", []);

  // calculators.core.compiled.norm_place: no spaces, lower case, province and city prefixes off
  function normPlace(name) {
    var s = String(name).replace(/[\s\u3000]+/g, "").toLowerCase();
    PLACE_PREFIXES.forEach(function (p) {
      if (s.indexOf(p) === 0 && s.length > p.length) s = s.slice(p.length);
    });
    return s;
  }

  function yesNo(v) {
    if (v === true || v === "true") return "true";
    if (v === false || v === "false") return "false";
    if (v === null || v === "") return "";
    return undefined;
  }

  // "1234.5" or 1234.5 -> hundredths as a BigInt (exact); null when not a valid amount
  function hundredths(v) {
    v = plain(v);
    if (v === null || v === undefined || typeof v === "boolean") return null;
    var s = String(v).trim();
    var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
    if (!m) return null;
    return BigInt(m[1]) * 100n + BigInt(((m[2] || "") + "00").slice(0, 2));
  }

  function fromHundredths(h) {
    var s = h.toString().padStart(3, "0");
    return s.slice(0, -2) + "." + s.slice(-2);
  }

  // The consent input as aggregate tallies (a roster counts each owner once, sums the areas).
  function consentTallies(c) {
    if (!c || typeof c !== "object") return {};
    if (!Array.isArray(c.units)) {
      return { total_owners: plain(own(c, "total_owners")), signed_owners: plain(own(c, "signed_owners")),
               total_area: plain(own(c, "total_area")), signed_area: plain(own(c, "signed_area")) };
    }
    var owners = {}, total = 0n, signed = 0n;
    for (var i = 0; i < c.units.length; i++) {
      var u = c.units[i] || {};
      var a = hundredths(u.area);
      if (a === null) return {};
      // as calculators/core/consent.py reads a roster: owners told apart by name (spaces
      // collapsed); a roster the package would refuse, or whose signature words only it knows,
      // pre-fills nothing (the calculator page says what is wrong with it)
      if (!u || typeof u !== "object") return {};
      var key = typeof u.owner === "number" ? String(u.owner)
        : typeof u.owner === "string" ? u.owner.trim().split(/\s+/).join(" ") : "";
      if (!key) return {};
      var did = u.signed === true || u.signed === "true" ? true
        : u.signed === false || u.signed === "false" || u.signed === null || u.signed === undefined || u.signed === "" ? false
        : null;
      if (did === null) return {};
      if (owners[key] !== undefined && owners[key] !== did) return {};
      owners[key] = did;
      total += a;
      if (did) signed += a;
    }
    var keys = Object.keys(owners);
    return {
      total_owners: keys.length,
      signed_owners: keys.filter(function (k) { return owners[k]; }).length,
      total_area: fromHundredths(total),
      signed_area: fromHundredths(signed)
    };
  }

  // {field name: value} that the stored answers give for this form
  function answerValues() {
    var answers = readJSON(ANSWERS_KEY);
    if (!answers || typeof answers !== "object") return {};
    var out = {};
    var el = own(answers, "eligibility");
    if (el && typeof el === "object" && !Array.isArray(el)) {
      var district = plain(own(el, "district"));
      if (typeof district === "string" && district !== "") {
        out.district = own(DISTRICTS, normPlace(district)) || "other";
      }
      var year = plain(own(el, "completion_year"));
      if (year !== undefined && year !== null && year !== "" && typeof year !== "boolean") {
        out.completion_year = String(year);
      }
      YES_NO.forEach(function (k) {
        var v = yesNo(own(el, k));
        if (v !== undefined) out[k] = v;
      });
    }
    var tallies = consentTallies(own(answers, "consent"));
    Object.keys(tallies).forEach(function (k) {
      if (tallies[k] !== undefined && tallies[k] !== null && tallies[k] !== "") out[k] = String(tallies[k]);
    });
    return out;
  }

  function prefill(overwrite) {
    var values = answerValues();
    var n = 0;
    Object.keys(values).forEach(function (name) {
      if (!controls(name).length) return;
      if (!overwrite && !isEmpty(name)) return;
      var v = asFieldValue(name, values[name]);
      if (v === undefined) return;
      setValue(name, v);
      if (isEmpty(name)) return;        // the field did not take it: not filled, not counted
      n++;
    });
    return n;
  }

  // A calculator's answer as this form's field takes it. The calculators accept what a reader
  // types ("1,000,000.00", full-width digits "１２３", "1998年"); a number field takes plain
  // digits only, so these are written the plain way; anything else is left out.
  function asFieldValue(name, value) {
    var first = controls(name)[0];
    if (!first || first.type !== "number") return value;
    var s = String(value).normalize("NFKC").replace(/[\s\u3000]+/g, "");
    if (name === "completion_year") s = s.replace(/年$/, "");
    if (/^\+?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, "");
    s = s.replace(/^\+/, "");
    if (/^\d+\.$/.test(s)) s = s.slice(0, -1);
    if (first.step === "1" && /^\d+\.0*$/.test(s)) s = s.replace(/\.0*$/, "");
    return /^\d+(\.\d+)?$/.test(s) ? s : undefined;
  }

  // -- the double two-thirds tally ----------------------------------------------------------
  // The thresholds of 七（二） come from the page (data-area-threshold, data-owners-threshold,
  // data-inclusive on [data-tally], written by hooks/plan.py from the calculators' parameters),
  // and the arithmetic is the package's (calculators/core/consent.py), exactly, on BigInt:
  // persons, or hundredths of m². The percentage is rounded half up to 0.01, as the package's.
  function threshold(name) {
    var m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec((tally && tally.getAttribute(name)) || "");
    return m && BigInt(m[2]) > 0n ? { p: BigInt(m[1]), q: BigInt(m[2]) } : null;
  }
  var inclusive = !tally || tally.getAttribute("data-inclusive") !== "false";

  function ratioLine(label, signed, total, unit, asArea, th) {
    // signed and total are BigInt (persons, or hundredths of m²); th = {p, q}
    var pct = fromHundredths((signed * 20000n + total) / (2n * total));
    var ok = inclusive ? signed * th.q >= total * th.p : signed * th.q > total * th.p;
    var target = (total * th.p + th.q - 1n) / th.q;           // ceil(total × p/q)
    if (!inclusive && (total * th.p) % th.q === 0n) target += 1n;
    var need = target - signed;
    if (need < 0n) need = 0n;
    var shown = asArea ? fromHundredths(signed) + " / " + fromHundredths(total) + unit
                       : signed + " / " + total + unit;
    var text = label + "：" + T.signed + " " + shown + "（" + pct + "%），" + (ok ? T.reached : T.notReached);
    if (en) {
      text = label + ": " + T.signed + " " + shown + " (" + pct + "%), " + (ok ? T.reached : T.notReached);
    }
    if (!ok) text += (en ? ", " : "，") + T.more(asArea ? fromHundredths(need) : need.toString(), unit);
    return { text: text, ok: ok };
  }

  function updateTally() {
    if (!tally) return;
    var parts = [], oks = [];
    var to = /^\d+$/.test(getValue("total_owners") || "") ? BigInt(getValue("total_owners")) : null;
    var so = /^\d+$/.test(getValue("signed_owners") || "") ? BigInt(getValue("signed_owners")) : null;
    var tho = threshold("data-owners-threshold"), tha = threshold("data-area-threshold");
    if (tho && to !== null && so !== null && to > 0n && so <= to) {
      var o = ratioLine(T.owners, so, to, T.personUnit, false, tho);
      parts.push(o.text); oks.push(o.ok);
    }
    var ta = hundredths(getValue("total_area")), sa = hundredths(getValue("signed_area"));
    if (tha && ta !== null && sa !== null && ta > 0n && sa <= ta) {
      var a = ratioLine(T.area, sa, ta, T.areaUnit, true, tha);
      parts.push(a.text); oks.push(a.ok);
    }
    if (oks.length === 2) parts.push(T.both + (oks[0] && oks[1] ? T.yes : T.no));
    tally.textContent = parts.join(T.sep) + (parts.length ? (en ? "." : "。") : "");
  }

  // -- text areas grow with their text (so that print shows all of it) ------------------------
  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }
  function growAll() {
    Array.prototype.forEach.call(form.querySelectorAll("textarea"), grow);
    // empty dates and selects print blank, not "yyyy/mm/dd" or "(choose)"
    Array.prototype.forEach.call(form.querySelectorAll("input[type='date'], select"), function (el) {
      if (el.value) el.removeAttribute("data-empty"); else el.setAttribute("data-empty", "");
    });
  }

  // -- wiring -------------------------------------------------------------------------------
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("input", function (e) {
    if (e.target && e.target.tagName === "TEXTAREA") grow(e.target);
    updateTally();
    save();
  });
  form.addEventListener("change", function () { growAll(); updateTally(); save(); });

  form.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-action]") : null;
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "print") {
      growAll();
      window.print();
    } else if (action === "clear") {
      if (!window.confirm(T.confirmClear)) return;
      names().forEach(function (name) { setValue(name, null); });
      autoPrefill = false;
      save(); // an empty form that remembers not to pre-fill itself again

      growAll();
      updateTally();
      say(T.cleared);
    } else if (action === "prefill") {
      var n = prefill(true);
      growAll();
      updateTally();
      save();
      say(T.prefilled(n));
    }
  });
  window.addEventListener("beforeprint", growAll);

  restore();
  var hasAnswers = Object.keys(answerValues()).length > 0;
  var prefillButton = form.querySelector("button[data-action='prefill']");
  if (prefillButton) prefillButton.hidden = !hasAnswers;
  var filled = hasAnswers && autoPrefill ? prefill(false) : 0;
  growAll();
  updateTally();
  if (filled) {
    save();
    say(T.prefilled(filled));
  }
  form.setAttribute("data-ready", "true");
})();
