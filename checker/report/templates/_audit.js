(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("page-data").textContent);
  var STR = DATA.strings;
  var root = document.documentElement;
  var list = document.getElementById("finding-list");
  var items = list ? Array.prototype.slice.call(list.querySelectorAll("details.finding")) : [];
  var filterIds = ["f-severity", "f-rule", "f-doc", "f-region", "f-indicator", "f-status"];
  function $(id) { return document.getElementById(id); }
  function lang() { return root.getAttribute("data-lang"); }
  function str(key) { var v = STR[key]; return v ? v[lang() === "zh" ? 0 : 1] : key; }

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
        var hay = el.getAttribute("data-search");
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

  document.querySelectorAll("button.toggle-na").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var body = btn.closest("table").querySelector("tbody.na-rows");
      body.hidden = !body.hidden;
      btn.setAttribute("aria-expanded", String(!body.hidden));
    });
  });

  // --- deep links -----------------------------------------------------------------------
  function openFinding(id, focus) {
    var el = $("finding-" + id);
    if (!el) { return false; }
    if (el.hidden) { resetFilters(); }
    el.open = true;
    el.scrollIntoView({ block: "start" });
    if (focus !== false) { el.querySelector("summary").focus({ preventScroll: true }); }
    return true;
  }
  function onHash() {
    var h = decodeURIComponent(location.hash.slice(1));
    if (h.indexOf("finding-") === 0) { openFinding(h.slice(8)); }
    else if (h.indexOf("doc-") === 0) { openDoc(h.slice(4)); }
  }
  window.addEventListener("hashchange", onHash);

  // --- waiver copy ----------------------------------------------------------------------
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button.copy");
    if (!btn) { return; }
    var text = btn.parentNode.querySelector("code").textContent;
    function done() { btn.textContent = str("copied"); setTimeout(function () { btn.textContent = str("copy"); }, 1500); }
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
    var node = $("blob-" + id);
    if (!node) { return Promise.reject(new Error("no text embedded")); }
    var bin = atob(node.textContent.trim()), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (t) { cache[id] = JSON.parse(t); return cache[id]; });
  }
  function findingLabel(fid) {
    var el = $("finding-" + fid);
    return el ? el.querySelector(".msg").textContent : fid;
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
      var p = document.createElement("p"); p.textContent = findingLabel(fid); div.appendChild(p);
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
      if (claim) { node.title = DATA.claimKinds[claim[2]] || ""; }
      node.textContent = piece;
      frag.appendChild(node);
    }
    box.appendChild(frag);
    return target;
  }
  function openDoc(id, at) {
    var row = $("docrow-" + id);
    if (!dialog || !$("blob-" + id)) { return; }
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
  applyFilters();
  if (location.hash) { onHash(); }
})();
