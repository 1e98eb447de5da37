(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("page-data").textContent);
  var STR = DATA.strings;
  var root = document.documentElement;
  var list = document.getElementById("finding-list");
  var items = [];  // the findings' rows, once inserted (loadRows)
  var filterIds = ["f-severity", "f-rule", "f-doc", "f-region", "f-indicator", "f-status"];
  function $(id) { return document.getElementById(id); }
  function lang() { return root.getAttribute("data-lang"); }
  function str(key) { var v = STR[key]; return v ? v[lang() === "zh" ? 0 : 1] : key; }

  // --- compressed blobs: base85(gzip(JSON)) in <script type="application/octet-stream">
  // The blobs follow this script: the page works while the browser still parses them.
  var parsed = new Promise(function (resolve) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", resolve); } else { resolve(); }
  });
  function unpackId(id) {
    return parsed.then(function () {
      var node = $(id);
      if (!node) { throw new Error("not embedded: " + id); }
      return unpack(node);
    });
  }
  // base85, Python's alphabet with <>&` swapped for ,.:[ (html_context.pack)
  var B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%:()*+-;,=.?@^_[{|}~";
  var B85V = new Uint8Array(128);
  for (var bi = 0; bi < 85; bi++) { B85V[B85.charCodeAt(bi)] = bi; }
  function b85(s) {
    var n = s.length, rem = n % 5, out = new Uint8Array(Math.floor(n / 5) * 4 + (rem ? rem - 1 : 0));
    var o = 0, tmp = [0, 0, 0, 0];
    for (var i = 0; i < n; i += 5) {
      var acc = 0;
      for (var j = 0; j < 5; j++) { acc = acc * 85 + (i + j < n ? B85V[s.charCodeAt(i + j)] : 84); }
      for (var k = 3; k >= 0; k--) { tmp[k] = acc % 256; acc = Math.floor(acc / 256); }
      for (k = 0; k < 4 && o < out.length; k++) { out[o++] = tmp[k]; }
    }
    return out;
  }
  function unpack(node) {
    var bytes = b85(node.textContent.trim());
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  // The findings' rows: HTML rendered and escaped by the report's templates, shipped
  // compressed before this script; inserted in the audit's order as the page starts.
  var rowsReady = Promise.all(Array.prototype.map.call(
    document.querySelectorAll("script.row-blob"), unpack)).then(function (chunks) {
    if (!list) { return; }
    list.innerHTML = chunks.map(function (rows) { return rows.join(""); }).join("");
    list.removeAttribute("aria-busy");
    items = Array.prototype.slice.call(list.querySelectorAll("details.finding"));
  });
  // A finding's expanded part: HTML rendered and escaped by the report's templates, shipped
  // compressed in chunks, inserted when the finding first opens.
  var chunks = {};
  function fillBody(el) {
    var body = el.querySelector(".body");
    if (body.childElementCount) { return Promise.resolve(el); }
    var n = body.dataset.chunk;
    if (!chunks[n]) { chunks[n] = unpackId("bodies-" + n); }
    return chunks[n].then(function (list) {
      if (!body.childElementCount) { body.innerHTML = list[+el.dataset.order % DATA.bodyChunk]; }
      return el;
    });
  }

  // --- language -------------------------------------------------------------------------
  function setLang(l) {
    root.setAttribute("data-lang", l);
    root.setAttribute("lang", l === "zh" ? "zh-CN" : "en");
    document.querySelectorAll("[data-zh][data-en]").forEach(function (el) {
      var text = el.getAttribute("data-" + l);
      if (el.tagName === "INPUT") { el.placeholder = text; } else { el.textContent = text; }
    });
    document.querySelectorAll("select option[value='']").forEach(function (o) { o.textContent = str("all"); });
    document.title = str("page_title") + " · checker";
  }
  $("lang-switch").addEventListener("click", function () { setLang(lang() === "zh" ? "en" : "zh"); });

  // --- filters and sort -----------------------------------------------------------------
  var haystacks = {};
  function searchText(el) {  // built on first search: summary, quotes, paths, id
    var id = el.dataset.id;
    if (haystacks[id] === undefined) {
      var parts = [id, el.dataset.indicator, el.dataset.q, el.querySelector("summary").textContent];
      haystacks[id] = parts.join(" ").toLowerCase();
    }
    return haystacks[id];
  }
  function applyFilters() {
    var want = {};
    filterIds.forEach(function (id) { var el = $(id); if (el && el.value) { want[el.getAttribute("data-key")] = el.value; } });
    var text = ($("f-text") && $("f-text").value || "").trim().toLowerCase();
    var words = text ? text.split(/\s+/) : [];
    var shown = 0;
    items.forEach(function (el) {
      var ok = true;
      for (var key in want) {
        var v = el.getAttribute("data-" + key) || "";
        if (key === "docs" ? v.split(" ").indexOf(want[key]) < 0 : v !== want[key]) { ok = false; break; }
      }
      if (ok && words.length) {
        var hay = searchText(el);
        for (var i = 0; i < words.length; i++) { if (hay.indexOf(words[i]) < 0) { ok = false; break; } }
      }
      el.hidden = !ok;
      if (ok) { shown++; }
    });
    if ($("shown-count")) { $("shown-count").textContent = String(shown); }
  }
  var SEV = { error: 0, warning: 1, note: 2 };
  function sortBy(key) {
    var cmp = {
      severity: function (a, b) { return +a.dataset.order - +b.dataset.order; },
      rule: function (a, b) { return a.dataset.rule.localeCompare(b.dataset.rule) || SEV[a.dataset.severity] - SEV[b.dataset.severity] || +a.dataset.pos - +b.dataset.pos; },
      document: function (a, b) { return +a.dataset.pos - +b.dataset.pos; },
      indicator: function (a, b) { return (a.dataset.indicator || "\uffff").localeCompare(b.dataset.indicator || "\uffff") || +a.dataset.pos - +b.dataset.pos; }
    }[key];
    var sorted = items.slice().sort(cmp);
    var frag = document.createDocumentFragment();
    sorted.forEach(function (el) { frag.appendChild(el); });
    list.appendChild(frag);
  }
  filterIds.concat(["f-text"]).forEach(function (id) {
    var el = $(id); if (el) { el.addEventListener(id === "f-text" ? "input" : "change", applyFilters); }
  });
  if ($("sort")) { $("sort").addEventListener("change", function () { sortBy(this.value); }); }
  function resetFilters() {
    filterIds.concat(["f-text"]).forEach(function (id) { if ($(id)) { $(id).value = ""; } });
    applyFilters();
  }
  if ($("f-reset")) { $("f-reset").addEventListener("click", resetFilters); }
  document.querySelectorAll("[data-filter-severity],[data-filter-rule]").forEach(function (a) {
    a.addEventListener("click", function () {
      resetFilters();
      if (a.dataset.filterSeverity) { $("f-severity").value = a.dataset.filterSeverity; }
      if (a.dataset.filterRule) { $("f-rule").value = a.dataset.filterRule; }
      applyFilters();
    });
  });

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button.toggle-na");
    if (!btn) { return; }
    var body = btn.closest("table").querySelector("tbody.na-rows");
    body.hidden = !body.hidden;
    btn.setAttribute("aria-expanded", String(!body.hidden));
  });
  var score = $("scoreboard");
  if (score) {  // groups shipped compressed: fill on first open
    score.addEventListener("toggle", function (ev) {
      var lazy = ev.target.open && ev.target.querySelector(":scope > div.lazy");
      if (lazy && !lazy.childElementCount) {
        unpackId(lazy.dataset.blob).then(function (html) { if (!lazy.childElementCount) { lazy.innerHTML = html; } });
      }
    }, true);
  }

  // --- deep links -----------------------------------------------------------------------
  if (list) {
    list.addEventListener("toggle", function (ev) {
      var el = ev.target;
      if (el.classList && el.classList.contains("finding") && el.open) { fillBody(el); }
    }, true);
  }
  function openFinding(id, focus) {
    var el = $("finding-" + id);
    if (!el) { return false; }
    if (el.hidden) { resetFilters(); }
    el.open = true;
    el.scrollIntoView({ block: "start" });
    if (focus !== false) { el.querySelector("summary").focus({ preventScroll: true }); }
    fillBody(el).then(function () { el.scrollIntoView({ block: "start" }); el.classList.add("ready"); });
    return true;
  }
  function onHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("finding-") === 0) { rowsReady.then(function () { openFinding(h.slice(8)); }); }
    else if (h.indexOf("doc-") === 0) { openDoc(h.slice(4)); }
  }
  window.addEventListener("hashchange", onHash);

  // --- waiver copy ----------------------------------------------------------------------
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button.copy");
    if (!btn) { return; }
    var text = btn.parentNode.querySelector("pre." + lang() + " code").textContent;
    function done() {
      btn.classList.replace("L-copy", "L-copied");
      setTimeout(function () { btn.classList.replace("L-copied", "L-copy"); }, 1500);
    }
    function fallback() {
      var ta = document.createElement("textarea"); ta.value = text; document.body.appendChild(ta);
      ta.select(); try { document.execCommand("copy"); } catch (e) { /* selection stays for Ctrl+C */ }
      document.body.removeChild(ta); done();
    }
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, fallback); } else { fallback(); }
  });

  // --- per-document view ----------------------------------------------------------------
  var dialog = $("docview"), cache = {};
  function decode(id) {
    if (cache[id]) { return Promise.resolve(cache[id]); }
    return unpackId("blob-" + id).then(function (doc) {
      var c = [], pos = 0;  // claims: (start − previous start, length, descriptor) triples
      for (var i = 0; i + 2 < doc.c.length; i += 3) { pos += doc.c[i]; c.push([pos, pos + doc.c[i + 1], doc.c[i + 2]]); }
      doc.c = c;
      cache[id] = doc;
      return doc;
    });
  }
  function findingLabel(fid) {  // the message in both languages: CSS shows the page's
    var el = $("finding-" + fid);
    if (!el) { return document.createTextNode(fid); }
    return el.querySelector(".msg").cloneNode(true);
  }
  function showSide(fids, mark) {
    var side = $("docview-side");
    side.textContent = "";
    document.querySelectorAll("#docview-text mark.active").forEach(function (m) { m.classList.remove("active"); });
    if (mark) { mark.classList.add("active"); }
    var h = document.createElement("h3"); h.textContent = str("related_findings"); side.appendChild(h);
    fids.forEach(function (fid) {
      var div = document.createElement("div"); div.className = "item";
      var el = $("finding-" + fid);
      if (el) {
        var b = el.querySelector(".badge").cloneNode(true); div.appendChild(b);
        var code = document.createElement("code"); code.textContent = " " + el.dataset.rule + " "; div.appendChild(code);
      }
      var p = document.createElement("p"); p.appendChild(findingLabel(fid)); div.appendChild(p);
      var a = document.createElement("a"); a.href = "#finding-" + fid; a.textContent = str("open_finding") + " →";
      a.addEventListener("click", function () { dialog.close(); });
      div.appendChild(a); side.appendChild(div);
    });
  }
  function render(doc, at) {
    var text = doc.t, bounds = {}, i;
    bounds[0] = 1; bounds[text.length] = 1;
    doc.c.forEach(function (c) { bounds[c[0]] = 1; bounds[c[1]] = 1; });
    doc.e.forEach(function (e) { bounds[e[0]] = 1; bounds[e[1]] = 1; });
    var cuts = Object.keys(bounds).map(Number).sort(function (a, b) { return a - b; });
    var box = $("docview-text"); box.textContent = "";
    var frag = document.createDocumentFragment(), target = null;
    var rank = { error: 3, warning: 2, note: 1 };
    for (i = 0; i + 1 < cuts.length; i++) {
      var lo = cuts[i], hi = cuts[i + 1], piece = text.slice(lo, hi);
      if (!piece) { continue; }
      var fids = [], sev = null, claim = null;
      doc.e.forEach(function (e) {
        if (e[0] <= lo && hi <= e[1]) { if (fids.indexOf(e[2]) < 0) { fids.push(e[2]); } if (!sev || rank[e[3]] > rank[sev]) { sev = e[3]; } }
      });
      for (var k = 0; k < doc.c.length; k++) { var c = doc.c[k]; if (c[0] <= lo && hi <= c[1]) { claim = c; break; } }
      var node;
      if (fids.length) {
        node = document.createElement("mark");
        node.className = "ev sev-" + sev + (claim ? " cl" : "");
        node.tabIndex = 0; node.setAttribute("role", "button");
        node.dataset.findings = fids.join(" ");
        if (at !== undefined && lo <= at && at < hi && !target) { target = node; }
      } else if (claim) {
        node = document.createElement("span"); node.className = "cl";
      } else {
        frag.appendChild(document.createTextNode(piece)); continue;
      }
      if (claim) { node.title = (DATA.claimKinds[claim[2]] || ["", ""])[lang() === "zh" ? 0 : 1]; }
      node.textContent = piece;
      frag.appendChild(node);
    }
    box.appendChild(frag);
    return target;
  }
  function openDoc(id, at) {
    var row = $("docrow-" + id);
    if (!dialog || !row || !row.querySelector("button.open-doc")) { return; }
    $("docview-h").textContent = row ? row.querySelector("td").firstChild.textContent : id;
    $("docview-text").textContent = str("loading");
    $("docview-side").textContent = "";
    if (!dialog.open) { dialog.showModal(); }
    decode(id).then(function (doc) {
      var target = render(doc, at);
      if (target) { target.scrollIntoView({ block: "center" }); showSide(target.dataset.findings.split(" "), target); target.focus({ preventScroll: true }); }
      else { $("docview-text").scrollTop = 0; }
    }, function (err) { $("docview-text").textContent = String(err); });
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest && ev.target.closest(".open-doc");
    if (t) { openDoc(t.dataset.doc, t.dataset.at === undefined ? undefined : +t.dataset.at); return; }
    var m = ev.target.closest && ev.target.closest("#docview-text mark.ev");
    if (m) { showSide(m.dataset.findings.split(" "), m); }
  });
  if ($("docview-text")) {
    $("docview-text").addEventListener("keydown", function (ev) {
      var m = ev.target.closest && ev.target.closest("mark.ev");
      if (m && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); showSide(m.dataset.findings.split(" "), m); }
    });
  }
  if ($("docview-close")) { $("docview-close").addEventListener("click", function () { dialog.close(); }); }

  setLang(lang());
  rowsReady.then(function () {
    if ($("sort") && $("sort").value !== "severity") { sortBy($("sort").value); }
    applyFilters();
    if (location.hash) { onHash(); }
    if (window.performance && performance.mark) { performance.mark("checker-ready"); }
  }, function (err) { if (list) { list.textContent = String(err); } });
})();
