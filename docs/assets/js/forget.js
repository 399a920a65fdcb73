// "Forget my answers": one control ([data-forget]) on every calculator page and on the
// application form that deletes every answer this site keeps on the device (localStorage and
// sessionStorage keys "yy-renovation:*"), except the reader's comments on the draft
// ("yy-renovation:comments"), which the comments page forgets on its own. The page then reloads
// without them, so no field comes back. Does nothing on other pages.
(function () {
  "use strict";
  var PREFIX = "yy-renovation:";
  var KEEP = { "yy-renovation:comments": true };
  var calc = document.querySelector("form[data-calculator]");
  var appForm = document.getElementById("application-form");
  if (!calc && !appForm) return;
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var T = en ? {
    button: "Forget all my answers on this device",
    help: "Deletes everything this site's calculators and application form have kept in this browser " +
      "(your comments on the draft are kept: the comments page has its own “forget”).",
    confirm: "Delete every answer the calculators and the application form have kept on this device? This cannot be undone.",
    done: "Done: no answer from the calculators or the application form is kept on this device any more.",
    failed: "This browser did not let the page delete its data: "
  } : {
    button: "删除本机保存的全部回答",
    help: "删除本站计算器和申请表保存在本浏览器中的全部内容（您对方案的意见不在此列，意见页面另有删除按钮）。",
    confirm: "确定删除计算器和申请表保存在本设备上的全部回答吗？删除后无法恢复。",
    done: "已删除：本设备上不再保存计算器和申请表的任何回答。",
    failed: "本浏览器不允许网页删除保存的数据："
  };

  // every key this site's calculators and form use, in both storages
  function keys(storage) {
    var out = [];
    for (var i = 0; i < storage.length; i++) {
      var k = storage.key(i);
      if (k && k.indexOf(PREFIX) === 0 && !KEEP[k]) out.push(k);
    }
    return out;
  }

  function forgetAll() {
    [window.localStorage, window.sessionStorage].forEach(function (s) {
      keys(s).forEach(function (k) { s.removeItem(k); });
    });
  }

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text) n.textContent = text;
    return n;
  }

  var box = el("div", { "class": "forget-box" });
  var button = el("button", { type: "button", "class": "md-button", "data-forget": "",
    "aria-describedby": "forget-help" }, T.button);
  var help = el("p", { "class": "forget-help", id: "forget-help" }, T.help);
  var note = el("p", { "class": "forget-note", role: "status", "aria-live": "polite", "data-forget-status": "" });
  box.appendChild(button);
  box.appendChild(help);
  box.appendChild(note);

  if (appForm) {
    var toolbar = appForm.querySelector(".form-toolbar");
    (toolbar ? toolbar.parentNode : appForm).insertBefore(box, toolbar ? toolbar.nextSibling : appForm.firstChild);
  } else {
    var result = document.querySelector("[data-result]");
    var after = result || calc;
    after.parentNode.insertBefore(box, after.nextSibling);
  }

  // after the reload: say it is done (the address, not storage, carries the news)
  var params = new URLSearchParams(location.search);
  if (params.has("forgotten")) {
    note.textContent = T.done;
    params.delete("forgotten");
    var rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
  }

  button.addEventListener("click", function () {
    if (!window.confirm(T.confirm)) return;
    try {
      forgetAll();
    } catch (e) {
      note.textContent = T.failed + String(e && e.message || e);
      return;
    }
    // empty the fields now too, so that nothing the page holds is written back before the reload
    [calc, appForm].forEach(function (f) { if (f) f.reset(); });
    var q = new URLSearchParams(location.search);
    q.set("forgotten", "1");
    location.replace(location.pathname + "?" + q.toString());
  });
})();
