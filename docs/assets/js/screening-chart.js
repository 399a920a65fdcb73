// The screening page's charts: horizontal stacked bars as inline SVG, drawn from the same summary
// the page's tables show (calculators.screening, via the worker). No library and nothing fetched:
// the SVG prints, scales, and follows the theme (its colours are CSS variables of
// assets/css/screening.css, its text is currentColor), so it reads in dark mode and on paper.
//
// window.yyScreeningChart.bars({categories: [label], series: [{key, label, values: [number]}],
//                               title, width (px, the room there is), format(number) -> text})
//   -> an <svg> element, drawn at that width so its 13px text stays 13px on a phone
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function textWidth(s) {
    // wide (CJK) characters count double: enough to lay out labels without measuring
    var w = 0;
    for (var i = 0; i < s.length; i++) w += s.charCodeAt(i) > 0x2e80 ? 2 : 1.1;
    return w;
  }

  function bars(spec) {
    var cats = spec.categories, series = spec.series;
    var format = spec.format || function (n) { return String(n); };
    var rowH = 26, gap = 10, labelW = 0;
    cats.forEach(function (c) { labelW = Math.max(labelW, textWidth(c)); });
    labelW = Math.min(Math.max(labelW * 6.5 + 12, 60), 180);
    var legendH = 24;
    var width = Math.round(spec.width || 640), plotW = width - labelW - 60;
    var height = 8 + cats.length * (rowH + gap) + legendH + 8;
    var totals = cats.map(function (_c, i) {
      return series.reduce(function (s, x) { return s + (x.values[i] || 0); }, 0);
    });
    var max = Math.max.apply(null, totals.concat([1]));
    var svg = el("svg", {
      viewBox: "0 0 " + width + " " + height, width: "100%", role: "img",
      class: "screening-chart-svg", "aria-label": spec.title || "",
    });
    if (spec.title) svg.appendChild(el("title", {}, spec.title));
    cats.forEach(function (c, i) {
      var y = 8 + i * (rowH + gap);
      var room = Math.floor((labelW - 10) / 6.5), label = c;
      if (textWidth(label) > room) {   // a long name is cut, and given whole in its tooltip
        while (label.length > 1 && textWidth(label) + 1 > room) label = label.slice(0, -1);
        label += "…";
      }
      var t = el("text", { x: labelW - 8, y: y + rowH / 2 + 5, "text-anchor": "end", class: "chart-label" }, label);
      t.appendChild(el("title", {}, c));
      svg.appendChild(t);
      var x = labelW;
      series.forEach(function (s, k) {
        var v = s.values[i] || 0;
        if (v <= 0) return;
        var w = plotW * v / max;
        var rect = el("rect", { x: x, y: y, width: Math.max(w, 1), height: rowH, class: "chart-seg chart-" + s.key,
                                "data-series": s.key, "data-value": v });
        rect.appendChild(el("title", {}, c + " · " + s.label + ": " + format(v)));
        svg.appendChild(rect);
        if (w > 26) {
          svg.appendChild(el("text", { x: x + w / 2, y: y + rowH / 2 + 5, "text-anchor": "middle",
                                       class: "chart-value chart-value-" + s.key }, format(v)));
        }
        x += w;
      });
      svg.appendChild(el("text", { x: labelW + plotW * totals[i] / max + 6, y: y + rowH / 2 + 5,
                                   class: "chart-total" }, format(totals[i])));
    });
    // the legend: entries one after another, a new line when the next does not fit
    var lx = 8, yy = 8 + cats.length * (rowH + gap) + 4;
    series.forEach(function (s) {
      var w = 20 + textWidth(s.label) * 6.5 + 18;
      if (lx > 8 && lx + w > width) { lx = 8; yy += 24; }
      svg.appendChild(el("rect", { x: lx, y: yy, width: 14, height: 14, class: "chart-seg chart-" + s.key }));
      svg.appendChild(el("text", { x: lx + 20, y: yy + 12, class: "chart-legend" }, s.label));
      lx += w;
    });
    svg.setAttribute("viewBox", "0 0 " + width + " " + (yy + 24));
    return svg;
  }

  window.yyScreeningChart = { bars: bars };
})();
