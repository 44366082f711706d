/* 关系图: unit–task for one document, or unit–unit (tasks shared) across documents.
   Data: window.PINGAN_GRAPH (graphview.py): documents [slug, title, region],
   units [name, kind, region, slug], tasks [label, document, anchor],
   edges [unit, task, role]. All text goes through textContent or cytoscape labels
   (never innerHTML): titles and names are untrusted. */
(function () {
  "use strict";
  var data = window.PINGAN_GRAPH, box = document.getElementById("pd-graph");
  if (!data || !box || !window.cytoscape) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var view = $("pd-view"), docSel = $("pd-doc"), regionSel = $("pd-region"), minInput = $("pd-min");
  var info = $("pd-graph-info");
  var ROLE_COLOUR = { lead: "#c0392b", responsible: "#1d4ed8", cooperate: "#15803d", guide: "#7c3aed" };
  var ROLE_LINE = { lead: "solid", responsible: "solid", cooperate: "dashed", guide: "dotted" };
  var KIND_COLOUR = { organ: "#2563eb", collective: "#f59e0b", generic: "#6b7280" };
  var KIND_SHAPE = { organ: "round-rectangle", collective: "hexagon", generic: "diamond" };

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text;
    select.appendChild(o);
  }
  data.regions.forEach(function (r, i) { option(regionSel, String(i), r); });
  function fillDocs() {
    var region = regionSel.value, keep = docSel.value;
    docSel.textContent = "";
    data.documents.forEach(function (d, i) {
      if (region === "" || String(d[2]) === region) { option(docSel, String(i), d[1]); }
    });
    if (keep && docSel.querySelector('option[value="' + keep + '"]')) { docSel.value = keep; }
  }
  fillDocs();

  var style = [
    { selector: "node", style: { "label": "", "font-size": 11, "text-wrap": "wrap", "text-max-width": 140,
      "text-valign": "bottom", "text-margin-y": 3, "color": "#111", "text-background-color": "#fff",
      "text-background-opacity": 0.85, "text-background-padding": 2, "min-zoomed-font-size": 6 } },
    { selector: "node[kind = 'task']", style: { "background-color": "#cbd5e1", "border-color": "#64748b",
      "border-width": 1, "width": 10, "height": 10, "shape": "ellipse" } },
    { selector: "node.labelled, node.hover", style: { "label": "data(label)" } },
    { selector: "node.hover", style: { "z-index": 10, "font-weight": "bold" } },
    { selector: "edge", style: { "width": 1.5, "curve-style": "bezier", "opacity": 0.75 } },
    { selector: "edge[weight]", style: { "line-color": "#94a3b8", "width": "mapData(weight, 1, 10, 1, 8)" } }
  ];
  Object.keys(KIND_COLOUR).forEach(function (k) {
    style.push({ selector: "node[kind = '" + k + "']", style: { "background-color": KIND_COLOUR[k],
      "shape": KIND_SHAPE[k], "width": "data(size)", "height": "data(size)" } });
  });
  Object.keys(ROLE_COLOUR).forEach(function (r) {
    style.push({ selector: "edge[role = '" + r + "']", style: { "line-color": ROLE_COLOUR[r],
      "line-style": ROLE_LINE[r], "width": r === "lead" ? 3 : 1.5,
      "target-arrow-shape": "triangle", "target-arrow-color": ROLE_COLOUR[r] } });
  });
  var cy = cytoscape({ container: box, style: style, minZoom: 0.1, maxZoom: 4, wheelSensitivity: 0.3 });

  function roles() {
    return Array.prototype.filter.call(document.querySelectorAll("input[name=role]"),
      function (i) { return i.checked; }).map(function (i) { return data.roles.indexOf(i.value); });
  }
  function size(n) { return Math.round(14 + 10 * Math.sqrt(n)); }
  function unitNode(u, count) {
    var unit = data.units[u];
    return { data: { id: "u" + u, label: unit[0], kind: data.kinds[unit[1]], size: size(count),
      region: data.regions[unit[2]], href: "units/" + encodeURIComponent(unit[3]) + ".html", count: count } };
  }

  function taskView() {
    var doc = Number(docSel.value), keep = roles(), count = {}, elements = [], seen = {}, nt = 0;
    data.edges.forEach(function (e) {
      if (data.tasks[e[1]][1] === doc && keep.indexOf(e[2]) >= 0) { count[e[0]] = (count[e[0]] || 0) + 1; }
    });
    data.edges.forEach(function (e, n) {
      var task = data.tasks[e[1]];
      if (task[1] !== doc || keep.indexOf(e[2]) < 0) { return; }
      if (!seen["u" + e[0]]) { seen["u" + e[0]] = true; elements.push(unitNode(e[0], count[e[0]])); }
      if (!seen["t" + e[1]]) {
        seen["t" + e[1]] = true; nt += 1;
        elements.push({ data: { id: "t" + e[1], label: task[0], kind: "task",
          href: "documents/" + encodeURIComponent(data.documents[doc][0]) + ".html#" + encodeURIComponent(task[2]) } });
      }
      elements.push({ data: { id: "e" + n, source: "u" + e[0], target: "t" + e[1], role: data.roles[e[2]] } });
    });
    return { elements: elements, text: "“" + (data.documents[doc] || ["", ""])[1] + "”：" +
      Object.keys(count).length + " 个单位，" + nt + " 项任务" };
  }

  function unitView() {
    var region = regionSel.value, keep = roles(), min = Math.max(1, Number(minInput.value) || 1);
    var byTask = {}, count = {}, pairs = {};
    data.edges.forEach(function (e) {
      if (keep.indexOf(e[2]) < 0) { return; }
      if (region !== "" && String(data.units[e[0]][2]) !== region) { return; }
      var list = byTask[e[1]] || (byTask[e[1]] = []);
      if (list.indexOf(e[0]) < 0) { list.push(e[0]); count[e[0]] = (count[e[0]] || 0) + 1; }
    });
    Object.keys(byTask).forEach(function (t) {
      var list = byTask[t].sort(function (a, b) { return a - b; });
      for (var i = 0; i < list.length; i++) {
        for (var j = i + 1; j < list.length; j++) {
          var key = list[i] + "-" + list[j];
          pairs[key] = (pairs[key] || 0) + 1;
        }
      }
    });
    var elements = [], seen = {}, ne = 0;
    Object.keys(pairs).forEach(function (key) {
      if (pairs[key] < min) { return; }
      var ab = key.split("-");
      ab.forEach(function (u) {
        if (!seen[u]) { seen[u] = true; elements.push(unitNode(Number(u), count[u])); }
      });
      ne += 1;
      elements.push({ data: { id: "p" + key, source: "u" + ab[0], target: "u" + ab[1], weight: pairs[key] } });
    });
    return { elements: elements, text: "单位协作：" + Object.keys(seen).length + " 个单位，" + ne +
      " 对共同承担任务（线越粗，共同任务越多）" };
  }

  function show() {
    var units = view.value === "units";
    document.querySelectorAll(".pd-for-tasks").forEach(function (el) { el.hidden = units; });
    document.querySelectorAll(".pd-for-units").forEach(function (el) { el.hidden = !units; });
    var built = units ? unitView() : taskView();
    cy.startBatch();
    cy.elements().remove();
    cy.add(built.elements);
    var nodes = cy.nodes("[kind != 'task']").sort(function (a, b) { return b.data("count") - a.data("count"); });
    nodes.slice(0, units ? 25 : 40).addClass("labelled");
    cy.endBatch();
    info.textContent = built.text;
    cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return units ? 90 : 55; }, nodeOverlap: 12, gravity: 0.3,
      numIter: 1500, padding: 20, componentSpacing: 60 }).run();
    box.setAttribute("data-nodes", String(cy.nodes().length));
    box.setAttribute("data-edges", String(cy.edges().length));
  }

  cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });
  cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("href"); });
  view.addEventListener("change", show);
  docSel.addEventListener("change", show);
  regionSel.addEventListener("change", function () { fillDocs(); show(); });
  minInput.addEventListener("change", show);
  document.querySelectorAll("input[name=role]").forEach(function (i) { i.addEventListener("change", show); });
  window.pdGraph = { cy: cy, show: show };
  show();
})();
