/* Every page: sortable tables (tablesort, vendored), table filters (units index), and
   search results adjusted for Chinese queries. */
(function () {
  "use strict";

  function sortable() {
    if (!window.Tablesort) { return; }
    document.querySelectorAll("table.pd-sort").forEach(function (table) {
      if (!table.getAttribute("data-sortable")) {
        table.setAttribute("data-sortable", "1");
        new window.Tablesort(table);
      }
    });
  }

  function filters() {
    document.querySelectorAll(".pd-filters").forEach(function (bar) {
      var table = document.getElementById(bar.getAttribute("data-table"));
      if (!table || !table.tBodies.length) { return; }
      var controls = Array.prototype.slice.call(bar.querySelectorAll("[data-col]"));
      var counter = bar.querySelector(".pd-count");
      function apply() {
        var rows = table.tBodies[0].rows, shown = 0;
        for (var r = 0; r < rows.length; r++) {
          var row = rows[r], ok = true;
          controls.forEach(function (c) {
            var want = c.value.trim(), cell = row.cells[Number(c.getAttribute("data-col"))];
            if (!want || !cell) { return; }
            var have = cell.textContent.trim();
            if (c.tagName === "SELECT" ? have !== want : have.indexOf(want) < 0) { ok = false; }
          });
          row.hidden = !ok;
          shown += ok ? 1 : 0;
        }
        if (counter) { counter.textContent = "显示 " + shown + " / " + rows.length; }
      }
      controls.forEach(function (c) { c.addEventListener("input", apply); c.addEventListener("change", apply); });
      apply();
    });
  }

  /* Search results, as Material renders them, adjusted for Chinese queries:
     - exact-name hits first: a result whose title holds the query as typed moves up
       (Material cuts 公安局 into the index word 公安…, so 公安机关 and 公安局 tie);
     - no "缺少: 市*" noise: Material reports every non-final segment of a Chinese
       query (市* of 市公安局) as missing, wildcard and all, even where it matched;
     - every hit lands highlighted: an empty ?h= gets the query;
     - a pasted query runs (below). */
  function searchResults() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!list || !input) { return; }
    function plain(el) { return el ? el.textContent.replace(/\u200b/g, "").trim() : ""; }
    function adjust() {
      var query = input.value.trim(), exact = query.replace(/\s+/g, "");
      if (!query) { return; }
      var items = Array.prototype.slice.call(list.children);
      var first = items.filter(function (li) { return plain(li.querySelector("h1, h2")).indexOf(exact) >= 0; });
      var order = first.concat(items.filter(function (li) { return first.indexOf(li) < 0; }));
      if (order.some(function (li, i) { return li !== items[i]; })) {
        order.forEach(function (li) { list.appendChild(li); });
      }
      list.querySelectorAll(".md-search-result__terms").forEach(function (p) {
        p.querySelectorAll("del").forEach(function (del) {
          if (/\*$/.test(del.textContent)) { del.remove(); }
        });
        if (!p.querySelector("del")) { p.remove(); }
      });
      list.querySelectorAll("a.md-search-result__link").forEach(function (a) {
        var url = new URL(a.href, document.baseURI);
        if (!url.searchParams.get("h")) {
          url.searchParams.set("h", query);
          a.href = url.href;
        }
      });
    }
    new MutationObserver(adjust).observe(list, { childList: true, subtree: true });
    /* Material reads the box on keyup only, so a query pasted with the mouse (右键粘贴,
       the way a name is taken from a 台账 cell) or dropped in after the index loaded
       never ran: every edit now also counts as a keyup. */
    input.addEventListener("input", function () { input.dispatchEvent(new KeyboardEvent("keyup")); });
  }

  /* A unit mark's hover title: the unit's name (its page) and its role here. */
  var ROLE = { "pd-l": "牵头单位", "pd-r": "责任单位", "pd-c": "配合单位", "pd-g": "指导单位", "pd-m": "提及" };
  function unitTitles() {
    document.addEventListener("mouseover", function (event) {
      var a = event.target.closest && event.target.closest("a.pd-l, a.pd-r, a.pd-c, a.pd-g, a.pd-m");
      if (!a || a.title) { return; }
      var page = decodeURIComponent(a.pathname.split("/").pop().replace(/\.html$/, ""));
      var role = Array.prototype.filter.call(a.classList, function (c) { return ROLE[c]; })[0];
      a.title = page + (role ? "（" + ROLE[role] + "）" : "");
    });
  }

  function ready() { sortable(); filters(); searchResults(); unitTitles(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
