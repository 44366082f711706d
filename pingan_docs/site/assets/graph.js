/* Unit-task graph: one document at a time, filtered by role. Data: window.PINGAN_GRAPH. */
(function () {
  var data = window.PINGAN_GRAPH, box = document.getElementById("pd-graph");
  if (!data || !box || !window.cytoscape) { return; }
  var select = document.getElementById("pd-doc");
  data.documents.forEach(function (d) {
    var o = document.createElement("option");
    o.value = d.id; o.textContent = d.title;  /* textContent: titles are untrusted */
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
    var doc = select.value, keep = roles(), edges = data.elements.edges.filter(function (e) {
      return e.data.doc === doc && keep.indexOf(e.data.role) >= 0;
    }), ids = {};
    edges.forEach(function (e) { ids[e.data.source] = true; ids[e.data.target] = true; });
    var nodes = data.elements.nodes.filter(function (n) { return ids[n.data.id]; });
    cy.elements().remove();
    cy.add(nodes.concat(edges));
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
