/* Unit-task graph: one document at a time, filtered by role. Data: window.PINGAN_GRAPH,
   compact ({documents, units, tasks, edges: [unit, task, role]}); built into
   cytoscape.js elements here. */
(function () {
  var data = window.PINGAN_GRAPH, box = document.getElementById("pd-graph");
  if (!data || !box || !window.cytoscape) { return; }
  var select = document.getElementById("pd-doc");
  data.documents.forEach(function (d, i) {
    var o = document.createElement("option");
    o.value = String(i); o.textContent = d[1];  /* textContent: titles are untrusted */
    select.appendChild(o);
  });
  var cy = cytoscape({
    container: box,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 120 } },
      { selector: "node[kind = 'unit']", style: { "background-color": "#2563eb", "shape": "round-rectangle" } },
      { selector: "node[kind = 'task']", style: { "background-color": "#9ca3af", "width": 12, "height": 12 } },
      { selector: "edge", style: { "width": 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle" } },
      { selector: "edge[role = 'lead']", style: { "line-color": "#dc2626", "target-arrow-color": "#dc2626" } },
      { selector: "edge[role = 'responsible']", style: { "line-color": "#2563eb", "target-arrow-color": "#2563eb" } },
      { selector: "edge[role = 'cooperate']", style: { "line-color": "#16a34a", "target-arrow-color": "#16a34a" } },
      { selector: "edge[role = 'guide']", style: { "line-color": "#7c3aed", "target-arrow-color": "#7c3aed" } }
    ]
  });
  function roles() {
    return Array.prototype.filter.call(document.querySelectorAll(".pd-graph-controls input"),
      function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function show() {
    var doc = Number(select.value), keep = roles(), nodes = {}, elements = [];
    data.edges.forEach(function (e, n) {
      var task = data.tasks[e[1]], role = data.roles[e[2]];
      if (task[1] !== doc || keep.indexOf(role) < 0) { return; }
      var u = "u" + e[0], t = "t" + e[1];
      if (!nodes[u]) { nodes[u] = true; elements.push({ data: { id: u, label: data.units[e[0]], kind: "unit" } }); }
      if (!nodes[t]) { nodes[t] = true; elements.push({ data: { id: t, label: task[0], kind: "task" } }); }
      elements.push({ data: { id: "e" + n, source: u, target: t, role: role } });
    });
    cy.elements().remove();
    cy.add(elements);
    cy.layout({ name: "cose", animate: false }).run();
  }
  cy.on("tap", "node[kind = 'unit']", function (evt) {
    var name = evt.target.data("label").replace(/[\\/:*?"<>|#%&{}\s.'`]+/g, "_");
    window.location.href = "units/" + encodeURIComponent(name) + ".html";
  });
  select.addEventListener("change", show);
  document.querySelectorAll(".pd-graph-controls input").forEach(function (i) { i.addEventListener("change", show); });
  show();
})();
