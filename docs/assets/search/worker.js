// The site's search worker. Material for MkDocs starts it from its configuration (`search`, set
// per page by plansite/search.py, with the page's language) and talks to it in Material's
// worker protocol: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3) with `items`, a list of
// groups of documents, each group one page: the page first, then its matching sections. So
// Material's search box, keyboard use, result list and highlighting are unchanged.
//
// Nothing is fetched until the reader opens the search box (assets/search/search.js says so
// over a BroadcastChannel) or types a first query. Then this worker fetches its language's
// documents (every clause of the plan, the other pages by section) and MiniSearch (the npm
// package), and builds the index here. Text and queries are cut the same way:
// - Chinese: NFKC, lower case, punctuation left out; every pair of neighbouring Han characters
//   is a token, and the last character of a run of Han characters alone; numbers with their
//   %, / or decimals are one token (20%, 2/3, 2000). So any string of two characters or more of
//   the text is found. A query is cut into words by Intl.Segmenter (ICU) and the plan's
//   dictionary (a term of it spanning several segments is one word, as is a run of single
//   characters the text has as one string, and a number with its unit: 2000年), and every word
//   must be in the document as written. When no document has them all, the words are cut
//   finer (ICU alone), and then documents with some of the words are listed, the missing
//   words shown by Material.
// - English: NFKC, lower case, apostrophes dropped (owners' = owners), plural -s removed
//   (Harman's S-stemmer), stop words dropped; every word must be in the document, "quoted
//   phrases" word for word; the last word of a query still being typed as a prefix.
// - Aliases (policy/search_aliases.yaml, the glossary): a query word also finds its other names.
// Results: the plan's clauses first, then the calculators, then the rest; by MiniSearch's BM25
// score within each.
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// filled in by plansite/search.py: the directory of MiniSearch and the documents
var BUNDLE = "__SEARCH_BUNDLE__";
var LANG = new URL(self.location.href).searchParams.get("lang") === "en" ? "en" : "zh";
// the site root: this file is assets/search/worker.js
var ROOT = new URL("../../", self.location.href).href;
var VISIBLE = 3;       // sections shown for each page; the rest behind "n more on this page"
var MAX_DOCS = 60;
var EXCERPT = LANG === "zh" ? 110 : 260;   // characters of a long section shown around the hit

var HAN = /\p{Script=Han}/u;
var TOKEN_ZH = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[.\/][\p{N}]+)*%?/gu;
var ASCII = /^[a-z0-9%\/.]+$/;
var KEEP = /[\p{L}\p{N}%\/.]/u;

function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }

// Harman's S-stemmer: the plural -s of English nouns (elevators = elevator, policies = policy).
function stem(w) {
  if (w.length <= 3 || !/[a-z]$/.test(w)) return w;
  if (/ies$/.test(w) && !/[ae]ies$/.test(w)) return w.slice(0, -3) + "y";
  if (/es$/.test(w) && !/[aeo]es$/.test(w)) return w.slice(0, -1);
  if (/s$/.test(w) && !/[us]s$/.test(w)) return w.slice(0, -1);
  return w;
}

// "Squeezed" text: normalised, only letters, digits, %, / and the decimal point.
var DROP = /[^\p{L}\p{N}%\/.]+/gu;
function squeezed(text) { return norm(text).replace(DROP, ""); }

// The same, with the position in the original of each character, to mark hits as written.
function squeeze(text) {
  var out = "", pos = [];
  for (var i = 0; i < text.length; i++) {
    var n = norm(text[i]);
    for (var k = 0; k < n.length; k++) {
      if (KEEP.test(n[k])) { out += n[k]; pos.push(i); }
    }
  }
  return { s: out, pos: pos };
}

// Tokens of a Chinese text, read without its punctuation (as the hits are checked): 七（二） has
// the bigram 七二.
function tokensZh(text) {
  var out = [];
  var m, s = squeezed(text);
  TOKEN_ZH.lastIndex = 0;
  while ((m = TOKEN_ZH.exec(s))) {
    var w = m[0];
    if (HAN.test(w[0])) {
      for (var i = 0; i + 1 < w.length; i++) out.push(w.substr(i, 2));
      // the last character alone too: a query of one character (or one before a number, as
      // in 双2/3) finds it as a prefix of a bigram or as this
      out.push(w[w.length - 1]);
    } else {
      out.push(w);
    }
  }
  return out;
}

// English words with where they are in the text: [{t: stem, a: start, b: end}]
function wordsEn(text, ignore) {
  var out = [], m, s = String(text);
  // apostrophes are dropped from a word, not treated as a break: owners' committee, owner's
  var re = /[\p{L}\p{N}'\u2019]+(?:[.\/][\p{N}]+)*%?/gu;
  while ((m = re.exec(s))) {
    var raw = norm(m[0]).replace(/['\u2019]/g, "");
    if (!raw) continue;
    var t = stem(raw);
    if (ignore && ignore.has(t)) continue;
    out.push({ t: t, a: m.index, b: m.index + m[0].length });
  }
  return out;
}

function escapeHTML(s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function Engine(data) {
  var self_ = this;
  this.zh = data.lang === "zh";
  this.docs = data.docs;
  var al = data.aliases || { same: [], means: {}, ignore: [] };
  this.ignore = new Set((al.ignore || []).map(function (w) { return self_.zh ? squeezed(w) : stem(norm(w)); }));
  var ignore = this.ignore;

  // aliases: a normalised key -> list of alternatives (normalised)
  this.alts = new Map();
  var key = this.zh ? function (w) { return squeezed(w); }
                    : function (w) { return wordsEn(w).map(function (x) { return x.t; }).join(" "); };
  function add(k, vs) {
    k = key(k);
    if (!k) return;
    var list = self_.alts.get(k) || [];
    vs.forEach(function (v) { v = key(v); if (v && v !== k && list.indexOf(v) < 0) list.push(v); });
    self_.alts.set(k, list);
  }
  (al.same || []).forEach(function (group) { group.forEach(function (w) { add(w, group); }); });
  Object.keys(al.means || {}).forEach(function (k) { add(k, al.means[k]); });
  // the dictionary: words that stay whole when a Chinese query is cut into words
  this.dict = new Set();
  this.maxKey = 1;
  if (this.zh) {
    (data.terms || []).concat(Array.from(this.alts.keys()), Array.from(this.ignore)).forEach(function (w) {
      w = squeezed(w);
      if (w) { self_.dict.add(w); self_.maxKey = Math.max(self_.maxKey, w.length); }
    });
  }

  this.segmenter = this.zh && typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  // per document: squeezed fields (Chinese) or word lists (English), for checking hits
  var fields = ["title", "cite", "text"];
  this.fields = fields;
  this.prep = this.docs.map(function (d) {
    var p = {};
    fields.forEach(function (f) { p[f] = self_.zh ? squeezed(d[f] || "") : wordsEn(d[f] || "", ignore).map(function (x) { return x.t; }); });
    return p;
  });
  this.corpus = this.zh ? this.prep.map(function (p) { return p.title + "\n" + p.cite + "\n" + p.text; }).join("\n") : "";

  var tokenize = this.zh ? tokensZh : function (text) {
    return wordsEn(text, ignore).map(function (x) { return x.t; });
  };
  this.mini = new MiniSearch({
    idField: "id",
    fields: fields,
    storeFields: [],
    tokenize: tokenize,
    processTerm: function (t) { return t; },
    searchOptions: {
      boost: { title: 3, cite: 2, text: 1 },
      tokenize: function (s) { return s.split(" ").filter(Boolean); },
      processTerm: function (t) { return t; }
    }
  });
  this.mini.addAll(this.docs);
}

// Does the corpus contain this (squeezed) string?
Engine.prototype.known = function (s) {
  return this.corpus.indexOf(s) >= 0;
};

// A Chinese query part (squeezed) cut into words: the browser's word segmenter (ICU, as
// Intl.Segmenter), then the plan's dictionary over it: a term of the dictionary spanning several
// segments is one word (加/装/电梯 = 加装电梯), as is a run of single characters that the text
// contains (公/积/金 = 公积金), and a number with its unit (2000/年 = 2000年).
Engine.prototype.segment = function (part) {
  var segs = this.segmenter ? Array.from(this.segmenter.segment(part), function (x) { return x.segment; })
                            : this.cut(part);
  segs = segs.reduce(function (out, x) {   // 20 % = 20%, 2 / 3 = 2/3
    var prev = out[out.length - 1];
    if (prev && ASCII.test(prev) && ASCII.test(x)) out[out.length - 1] = prev + x; else out.push(x);
    return out;
  }, []);
  // segment boundaries as offsets
  var bounds = [0], at = 0;
  segs.forEach(function (x) { at += x.length; bounds.push(at); });
  var isBound = new Set(bounds);
  var words = [], i = 0;
  while (i < part.length) {
    var end = 0;
    for (var j = Math.min(part.length, i + this.maxKey); j > i + 1; j--) {
      if (isBound.has(j) && this.dict.has(part.slice(i, j))) { end = j; break; }
    }
    if (!end) {
      var k = bounds[bounds.indexOf(i) + 1];
      var w = part.slice(i, k);
      if (ASCII.test(w)) {
        // a number with its unit
        var next = bounds[bounds.indexOf(k) + 1];
        if (next === k + 1 && HAN.test(part[k]) && this.known(part.slice(i, next))) k = next;
      } else if (w.length === 1 && HAN.test(w)) {
        // a run of single characters the text has as one string
        var runEnd = k;
        while (runEnd < part.length) {
          var n2 = bounds[bounds.indexOf(runEnd) + 1];
          if (n2 !== runEnd + 1 || !HAN.test(part[runEnd])) break;
          runEnd = n2;
        }
        for (var e = runEnd; e > k; e--) {
          if (isBound.has(e) && this.known(part.slice(i, e))) { k = e; break; }
        }
      }
      end = k;
    }
    words.push(part.slice(i, end));
    i = end;
  }
  return words;
};

// Without Intl.Segmenter: the longest string of at most four characters that the text contains.
Engine.prototype.cut = function (part) {
  var out = [], i = 0;
  while (i < part.length) {
    var asc = /^[a-z0-9%\/.]+/.exec(part.slice(i));
    var len = asc ? asc[0].length : 1;
    if (!asc) {
      for (var k = Math.min(part.length, i + 4); k > i + 1; k--) {
        if (this.known(part.slice(i, k))) { len = k - i; break; }
      }
    }
    out.push(part.substr(i, len));
    i += len;
  }
  return out;
};

// The query as words, each with its alternatives: [{label, alts: [string], last}]
// (Chinese alternatives are squeezed strings; English ones space-separated stems.)
Engine.prototype.parse = function (query) {
  var self_ = this, words = [];
  var typing = !/\s$/.test(query);
  if (this.zh) {
    norm(query).split(/[\s,，、;；。!?！？]+/u).forEach(function (part) {
      var q = squeezed(part);
      if (q) self_.segment(q).forEach(function (w) { words.push({ label: w, alts: [w] }); });
    });
  } else {
    var phrases = [];
    var rest = norm(query).replace(/"([^"]+)"?/g, function (_, p) { phrases.push(p); return " "; });
    phrases.forEach(function (p) {
      var t = wordsEn(p, self_.ignore).map(function (x) { return x.t; }).join(" ");
      if (t) words.push({ label: p.trim(), alts: [t], phrase: true });
    });
    var toks = wordsEn(rest).map(function (x) { return x.t; });
    for (var i = 0; i < toks.length;) {
      var found = 0;
      for (var j = Math.min(toks.length, i + 5); j > i + 1; j--) {
        if (this.alts.has(toks.slice(i, j).join(" "))) { found = j - i; break; }
      }
      if (found) {
        var k = toks.slice(i, i + found).join(" ");
        var own = wordsEn(k, this.ignore).map(function (x) { return x.t; }).join(" ");
        words.push({ label: k, alts: own ? [own] : [] });
        i += found;
      } else {
        if (!this.ignore.has(toks[i])) words.push({ label: toks[i], alts: [toks[i]] });
        i += 1;
      }
    }
  }
  var kept = words.filter(function (w) { return !self_.ignore.has(w.label); });
  if (kept.length) words = kept;
  words.forEach(function (w) {
    (self_.alts.get(w.label) || []).forEach(function (a) {
      if (!self_.zh) a = wordsEn(a, self_.ignore).map(function (x) { return x.t; }).join(" ");
      if (a && w.alts.indexOf(a) < 0) w.alts.push(a);
    });
  });
  words = words.filter(function (w) { return w.alts.length; });
  if (words.length && typing && !words[words.length - 1].phrase) words[words.length - 1].last = true;
  return words;
};

// The tokens MiniSearch looks up for one alternative.
Engine.prototype.leaf = function (alt, last) {
  var toks = this.zh ? tokensZh(alt) : alt.split(" ");
  var zh = this.zh;
  return {
    combineWith: "AND",
    prefix: function (term, i, terms) {
      return (zh && term.length === 1 && HAN.test(term)) || (!!last && i === terms.length - 1 && !HAN.test(term));
    },
    queries: [toks.join(" ")]
  };
};

// Is this alternative in this document (as a string, or as a run of words)? Returns the field.
Engine.prototype.has = function (id, alt, last) {
  var p = this.prep[id];
  for (var f = 0; f < this.fields.length; f++) {
    var v = p[this.fields[f]];
    if (this.zh) {
      if (v.indexOf(alt) >= 0) return true;
    } else {
      var a = alt.split(" ");
      for (var i = 0; i + a.length <= v.length; i++) {
        var ok = true;
        for (var j = 0; j < a.length && ok; j++) {
          var w = v[i + j];
          ok = w === a[j] || (last && j === a.length - 1 && w.indexOf(a[j]) === 0);
        }
        if (ok) return true;
      }
    }
  }
  return false;
};

// The words of a Chinese query cut as the segmenter cuts them, without the dictionary: tried when
// no document has all the words as written (领导小组办公室 设在 finds 领导小组下设办公室（设在…）).
Engine.prototype.finer = function (words) {
  var self_ = this, out = [], changed = false;
  words.forEach(function (w) {
    var segs = self_.segmenter && w.label.length > 2
      ? Array.from(self_.segmenter.segment(w.label), function (x) { return x.segment; }) : [w.label];
    if (segs.length < 2) { out.push(w); return; }
    changed = true;
    segs.forEach(function (x, i) {
      if (self_.ignore.has(x)) return;
      var alts = [x].concat((self_.alts.get(x) || []).filter(function (a) { return a !== x; }));
      out.push({ label: x, alts: alts, last: w.last && i === segs.length - 1 });
    });
  });
  return changed && out.length ? out : null;
};

Engine.prototype.search = function (query) {
  var self_ = this;
  var words = this.parse(query);
  if (!words.length) return { items: [] };
  var whole = this.zh ? squeezed(query) : null;
  var run = function (words, op) {
    var tree = {
      combineWith: op,
      queries: words.map(function (w) {
        return { combineWith: "OR", queries: w.alts.map(function (a) { return self_.leaf(a, w.last); }) };
      })
    };
    var hits = [];
    self_.mini.search(tree).forEach(function (r) {
      var found = words.map(function (w) {
        return w.alts.filter(function (a) { return self_.has(r.id, a, w.last); });
      });
      var n = found.filter(function (f) { return f.length; }).length;
      if (op === "AND" ? n < words.length : n === 0) return;
      var score = r.score * Math.pow(n / words.length, 2);
      // the query as typed, whole, in the document: a phrase rather than scattered words
      if (words.length > 1 && whole && self_.has(r.id, whole, false)) score *= 2;
      hits.push({ id: r.id, score: score, found: found });
    });
    return hits;
  };
  var hits = run(words, "AND");
  var finer = !hits.length && this.zh ? this.finer(words) : null;
  if (finer) {
    hits = run(finer, "AND");
    if (hits.length) words = finer;
  }
  if (!hits.length && words.length > 1) hits = run(words, "OR");
  var docs = this.docs;
  hits.sort(function (a, b) { return docs[a.id].tier - docs[b.id].tier || b.score - a.score; });
  hits = hits.slice(0, MAX_DOCS);

  // one group per page (and tier), in the order of their best document
  var groups = new Map();
  hits.forEach(function (h) {
    var d = docs[h.id];
    var key = d.page + "|" + d.tier;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(h);
  });
  // Material shows the sections scoring at least as much as the first entry of a group, the
  // others behind "n more on this page", and Enter opens the best-scoring link of the list: so
  // the scores it gets count down the list in our order (the search's own scores decide that
  // order, within each tier).
  var items = [], next = hits.length + 1;
  groups.forEach(function (list) {
    var d0 = docs[list[0].id];
    var article = null, children = [];
    list.forEach(function (h) {
      if (docs[h.id].location.indexOf("#") < 0) article = h; else children.push(h);
    });
    var head = article ? self_.item(article, words, 0)
                       : { location: ROOT + d0.page, title: escapeHTML(d0.page_title), text: "", score: 0, terms: {} };
    var group = children.map(function (h) { return self_.item(h, words, next--); });
    if (group.length) head.score = group[Math.min(VISIBLE, group.length) - 1].score - 0.5;
    else head.score = next--;
    items.push([head].concat(group));
  });
  return { items: items };
};

// One result as Material renders it: title and text as HTML with the hits marked.
Engine.prototype.item = function (h, words, score) {
  var d = this.docs[h.id];
  var self_ = this;
  var terms = {};
  var marks = [];
  words.forEach(function (w, i) {
    var alts = h.found[i];
    if (!alts.length) { terms[w.label] = false; return; }
    alts.forEach(function (a) { marks.push({ alt: a, last: w.last }); });
  });
  var title = this.mark(d.title, marks, 0);
  var text = this.mark(d.text || "", marks, EXCERPT);
  // the words as they are written in this document, for Material's highlighting on arrival
  (title.hits.concat(text.hits)).forEach(function (s) { terms[s] = true; });
  if (!Object.keys(terms).some(function (k) { return terms[k]; })) {
    words.forEach(function (w, i) { if (h.found[i].length) terms[w.label] = true; });
  }
  return {
    location: ROOT + d.location,
    title: title.html,
    text: text.html ? "<p>" + text.html + "</p>" : "",
    score: score,
    terms: terms
  };
};

// Mark the hits in a text; cut a long text to a window around the first hit.
Engine.prototype.mark = function (text, marks, limit) {
  var ranges = [];
  if (this.zh) {
    var sq = squeeze(text);
    marks.forEach(function (m) {
      if (!m.alt) return;
      for (var at = sq.s.indexOf(m.alt); at >= 0; at = sq.s.indexOf(m.alt, at + 1)) {
        ranges.push([sq.pos[at], sq.pos[at + m.alt.length - 1] + 1]);
      }
    });
  } else {
    var ws = wordsEn(text, this.ignore);
    marks.forEach(function (m) {
      var a = m.alt.split(" ");
      for (var i = 0; i + a.length <= ws.length; i++) {
        var ok = true;
        for (var j = 0; j < a.length && ok; j++) {
          ok = ws[i + j].t === a[j] || (m.last && j === a.length - 1 && ws[i + j].t.indexOf(a[j]) === 0);
        }
        if (ok) ranges.push([ws[i].a, ws[i + a.length - 1].b]);
      }
    });
  }
  ranges.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
  var merged = [];
  ranges.forEach(function (r) {
    var last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push([r[0], r[1]]);
  });
  var start = 0, end = text.length;
  if (limit && text.length > limit) {
    var first = merged.length ? merged[0][0] : 0;
    if (first > limit * 0.6) {
      // start a little before the first hit, at a word (English) or after a punctuation mark
      start = Math.max(0, Math.min(first - Math.floor(limit / 4), text.length - limit));
      var back = this.zh ? /[，。；：、）\s]/ : /\s/;
      for (var b = start; b > Math.max(0, start - 20); b--) {
        if (back.test(text[b - 1])) { start = b; break; }
      }
    }
    end = Math.min(text.length, start + limit);
    if (!this.zh && end < text.length) {
      var space = text.lastIndexOf(" ", end);
      if (space > start + limit / 2) end = space;
    }
  }
  var html = start > 0 ? "…" : "", cursor = start, hits = [];
  merged.forEach(function (r) {
    if (r[1] <= start || r[0] >= end) return;
    var a = Math.max(r[0], start), b = Math.min(r[1], end);
    html += escapeHTML(text.slice(cursor, a)) + "<mark>" + escapeHTML(text.slice(a, b)) + "</mark>";
    if (hits.indexOf(text.slice(a, b)) < 0) hits.push(text.slice(a, b));
    cursor = b;
  });
  html += escapeHTML(text.slice(cursor, end)) + (end < text.length ? "…" : "");
  return { html: text ? html : "", hits: hits };
};

var engine = null;
function load() {
  if (!engine) {
    engine = (async function () {
      var response = fetch(new URL(BUNDLE + LANG + ".json", self.location.href));
      importScripts(new URL(BUNDLE + "minisearch.js", self.location.href).href);
      var res = await response;
      if (!res.ok) throw new Error("search index: HTTP " + res.status);
      return new Engine(await res.json());
    })();
    engine.catch(function () { engine = null; });
  }
  return engine;
}

async function handle(message) {
  switch (message && message.type) {
    case SETUP:
      return { type: READY };
    case QUERY:
      var query = String(message.data || "");
      if (!query.trim()) return { type: RESULT, data: { items: [] } };
      var e = await load();
      return { type: RESULT, data: e.search(query) };
    default:
      return null;
  }
}

// The page says the reader has opened the search box (assets/search/search.js): get ready.
if (typeof BroadcastChannel !== "undefined") {
  new BroadcastChannel("plansite-search").onmessage = function (ev) {
    if (ev.data && ev.data.type === "warm" && ev.data.lang === LANG) load().catch(function () {});
  };
}

// One message at a time, in order: results never arrive out of order.
var queue = Promise.resolve();
self.addEventListener("message", function (ev) {
  var message = ev.data;
  queue = queue.then(function () { return handle(message); }).then(function (reply) {
    if (reply) self.postMessage(reply);
  }, function (err) {
    console.warn("search:", err);
    self.postMessage({ type: RESULT, data: { items: [] } });
  });
});

// For the benchmark and tests in Node (never used by the site)
if (typeof module !== "undefined") module.exports = { Engine: Engine, stem: stem, squeeze: squeeze, squeezed: squeezed, tokensZh: tokensZh };
