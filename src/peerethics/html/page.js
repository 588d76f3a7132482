/* The page's search box: reads the embedded data, runs search.js's engine as the user types, and
 * draws the results with text nodes only (text from data is never markup). The contract the
 * tests use: results are elements with data-id="ID" inside #results, best first. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var engine = new PeerSearch.Engine(data);
  var pageCodes = data.page.codes;  // null: every code of the catalog is on the page
  var names = data.page.names;
  var texts = {};
  data.doc_codes.forEach(function (c, i) { texts[c + "-" + data.doc_numbers[i]] = data.doc_texts[i]; });
  var box = document.getElementById("search");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var filter = document.getElementById("code-filter");
  var status = document.getElementById("search-status");
  var list = document.getElementById("results");
  box.hidden = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function asId(query) {
    // "MO-13", "mo 13", "mo-dmh-4": a principle's id shows that principle, as the CLI does.
    var m = /^\s*([a-z]+(?:[\s-]+[a-z]+)*)[\s-]*(\d+)\s*$/i.exec(query);
    if (!m) return null;
    var id = m[1].toUpperCase().split(/[\s-]+/).join("-") + "-" + m[2];
    var node = document.getElementById(id);
    return node && node.classList.contains("principle") ? id : null;
  }
  function show(hits, line) {
    list.textContent = "";
    hits.forEach(function (h) {
      var li = el("li");
      li.setAttribute("data-id", h.id);
      var head = el("div");
      var a = el("a", "rid", h.id);
      a.href = "#" + h.id;
      head.appendChild(a);
      head.appendChild(document.createTextNode(" " + (names[h.code] || h.code)));
      if (h.weak) head.appendChild(el("span", "weak", "weak match"));
      li.appendChild(head);
      li.appendChild(el("p", "", texts[h.id] || ""));
      list.appendChild(li);
    });
    status.textContent = line;
  }
  function run() {
    var query = input.value;
    if (!query.trim()) { show([], ""); return; }
    var id = asId(query);
    if (id) { show([{id: id, code: id.replace(/-\d+$/, ""), weak: false}], id + " is a principle's id: here it is."); return; }
    var codes = filter.value ? [filter.value] : pageCodes;
    var hits = engine.search(query, {limit: 10, codes: codes});
    var parts = [];
    if (hits.length) {
      if (hits[0].reading) parts.push("Read as: " + hits[0].reading + ".");
      hits[0].corrections.forEach(function (c) { parts.push("Read \u2018" + c[0] + "\u2019 as \u2018" + c[1] + "\u2019."); });
      parts.push(hits.length + " result" + (hits.length === 1 ? "" : "s") + ".");
    } else {
      // As the command line says it: other codes that answer, else the nearest words.
      var elsewhere = codes ? engine.search(query, {limit: 3}) : [];
      var near = elsewhere.length ? [] : engine.suggestions(query);
      parts.push("Nothing found" + (codes ? " in " + codes.join(", ") : "") + "; " +
        (elsewhere.length ? "other codes do: " + elsewhere.map(function (h) { return h.id; }).join(", ")
         : near.length ? "closest words in the codes: " + near.join(", ")
         : "try fewer or other words") + ".");
    }
    show(hits, parts.join(" "));
  }
  var timer = null;
  input.addEventListener("input", function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  filter.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  window.peerethicsSearch = function (query, limit) {
    // For tests and scripts: the engine's answer, as the page would rank it.
    return engine.search(query, {limit: limit === undefined ? 10 : limit, codes: pageCodes});
  };
})();
