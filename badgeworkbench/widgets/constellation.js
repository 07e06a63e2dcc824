// Badge Workbench — the constellation graph, drawn as plain SVG (no third-party code, no network).
// Traits synced with Python: nodes, edges, positions, selected, highlight, height.
// Click a node: `selected` is set. Drag a node: `positions` is updated when it is dropped, and when it
// is dropped onto another node a {type: "drop", node, target} message is sent (grouping in workshops).

const SVG = "http://www.w3.org/2000/svg";
const RADIUS = 20;

function make(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function shorten(label, max) {
  return label.length > max ? label.slice(0, max - 1) + "…" : label;
}

// A label on at most two lines of `width` characters, cut at spaces, so that neighbouring
// columns (220 units apart) never overlap and long French names stay readable on a projector.
function wrap(label, width) {
  const words = label.split(/\s+/);
  const lines = [""];
  for (const word of words) {
    const line = lines[lines.length - 1];
    if (!line || (line + " " + word).length <= width) lines[lines.length - 1] = line ? line + " " + word : word;
    else if (lines.length < 2) lines.push(word);
    else { lines[1] = shorten(lines[1] + " " + word, width); break; }
  }
  return lines.map((l) => shorten(l, width));
}

function render({ model, el }) {
  el.classList.add("bw-graph");
  const svg = make("svg", { role: "img", "aria-label": "constellation" }, el);
  const defs = make("defs", {}, svg);
  const marker = make("marker", { id: "", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8,
                                  markerHeight: 8, orient: "auto-start-reverse" }, defs);
  const markerId = "bw-arrow-" + Math.random().toString(36).slice(2);
  marker.setAttribute("id", markerId);
  make("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "bw-arrow" }, marker);
  const edgeLayer = make("g", { class: "bw-edges" }, svg);
  const nodeLayer = make("g", { class: "bw-nodes" }, svg);

  let drag = null; // {id, dx, dy, startX, startY, moved}
  let local = {};  // positions while dragging (not yet sent)

  function positionOf(id) {
    return local[id] || (model.get("positions") || {})[id] || { x: 0, y: 0 };
  }

  function fit() {
    const pos = Object.values(model.get("positions") || {});
    if (!pos.length) {
      svg.setAttribute("viewBox", "0 0 800 500");
      return;
    }
    const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
    // Room around the nodes for their two-line labels (up to ~24 characters wide, below the disc),
    // so that the leftmost and rightmost labels are never cut.
    const padX = 115, padTop = 45, padBottom = 70;
    const minX = Math.min(...xs) - padX, minY = Math.min(...ys) - padTop;
    const w = Math.max(Math.max(...xs) - minX + padX, 300), h = Math.max(Math.max(...ys) - minY + padBottom, 200);
    svg.setAttribute("viewBox", `${minX} ${minY} ${w} ${h}`);
  }

  function edgeEnds(e) {
    const a = positionOf(e.source), b = positionOf(e.target);
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    return { x1: a.x + (dx / len) * RADIUS, y1: a.y + (dy / len) * RADIUS,
             x2: b.x - (dx / len) * (RADIUS + 3), y2: b.y - (dy / len) * (RADIUS + 3) };
  }

  function drawEdges() {
    edgeLayer.replaceChildren();
    for (const e of model.get("edges") || []) {
      const g = make("g", { class: `bw-edge bw-edge-${e.kind || "link"}`, "data-source": e.source,
                            "data-target": e.target }, edgeLayer);
      const ends = edgeEnds(e);
      const line = make("line", { ...ends, "marker-end": `url(#${markerId})` }, g);
      if (e.dashed) line.setAttribute("stroke-dasharray", "6 4");
      if (e.color) line.style.stroke = e.color;
      if (e.label) {
        const t = make("text", { x: (ends.x1 + ends.x2) / 2, y: (ends.y1 + ends.y2) / 2 - 4,
                                 class: "bw-edge-label", "text-anchor": "middle" }, g);
        t.textContent = e.label;
      }
      if (e.title) make("title", {}, g).textContent = e.title;
    }
  }

  function drawNodes() {
    nodeLayer.replaceChildren();
    const selected = model.get("selected");
    const highlight = new Set(model.get("highlight") || []);
    for (const n of model.get("nodes") || []) {
      const p = positionOf(n.id);
      const classes = ["bw-node", `bw-kind-${n.kind || "item"}`, `bw-status-${n.status || "none"}`];
      if (n.id === selected) classes.push("bw-selected");
      if (highlight.has(n.id)) classes.push("bw-highlight");
      if (n.problem) classes.push("bw-problem");
      const g = make("g", { class: classes.join(" "), "data-node-id": n.id, tabindex: 0,
                            transform: `translate(${p.x},${p.y})` }, nodeLayer);
      make("circle", { r: RADIUS + 5, class: "bw-ring" }, g);
      const c = make("circle", { r: RADIUS, class: "bw-disc" }, g);
      if (n.color) c.style.fill = n.color;
      if (n.badge) {
        const b = make("text", { y: 5, "text-anchor": "middle", class: "bw-node-badge" }, g);
        b.textContent = n.badge;
      }
      const label = make("text", { y: RADIUS + 16, "text-anchor": "middle", class: "bw-node-label" }, g);
      wrap(n.label || n.id, 24).forEach((line, i) => {
        const span = make("tspan", { x: 0, dy: i ? "1.15em" : 0 }, label);
        span.textContent = line;
      });
      make("title", {}, g).textContent = n.title || n.label || n.id;
      g.addEventListener("pointerdown", (ev) => startDrag(ev, n.id, g));
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { model.set("selected", n.id); model.save_changes(); }
      });
    }
  }

  function draw() {
    if (!drag) fit();
    drawEdges();
    drawNodes();
  }

  function toSvg(ev) {
    const pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    const m = svg.getScreenCTM();
    return m ? pt.matrixTransform(m.inverse()) : { x: ev.clientX, y: ev.clientY };
  }

  function startDrag(ev, id, g) {
    ev.preventDefault();
    const p = positionOf(id), s = toSvg(ev);
    drag = { id, g, dx: p.x - s.x, dy: p.y - s.y, startX: ev.clientX, startY: ev.clientY, moved: false };
    svg.setPointerCapture?.(ev.pointerId);
  }

  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    if (Math.hypot(ev.clientX - drag.startX, ev.clientY - drag.startY) > 3) drag.moved = true;
    if (!drag.moved) return;
    const s = toSvg(ev);
    local[drag.id] = { x: s.x + drag.dx, y: s.y + drag.dy };
    drag.g.setAttribute("transform", `translate(${local[drag.id].x},${local[drag.id].y})`);
    drawEdges();
  });

  function endDrag(ev) {
    if (!drag) return;
    const { id, moved } = drag;
    drag = null;
    svg.releasePointerCapture?.(ev.pointerId);
    if (!moved) {
      model.set("selected", id);
      model.save_changes();
      return;
    }
    const p = local[id];
    local = {};
    const rounded = { x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100 };
    const target = (model.get("nodes") || []).find((n) => {
      if (n.id === id) return false;
      const q = positionOf(n.id);
      return Math.hypot(q.x - rounded.x, q.y - rounded.y) < RADIUS * 1.5;
    });
    model.set("positions", { ...(model.get("positions") || {}), [id]: rounded });
    model.set("selected", id);
    model.save_changes();
    if (target) model.send({ type: "drop", node: id, target: target.id });
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  function resize() { svg.style.height = `${model.get("height") || 520}px`; }
  resize();
  draw();
  model.on("change:nodes", draw);
  model.on("change:edges", draw);
  model.on("change:positions", draw);
  model.on("change:selected", drawNodes);
  model.on("change:highlight", drawNodes);
  model.on("change:height", resize);
  return () => {
    model.off("change:nodes", draw);
    model.off("change:edges", draw);
    model.off("change:positions", draw);
    model.off("change:selected", drawNodes);
    model.off("change:highlight", drawNodes);
    model.off("change:height", resize);
  };
}

export default { render };
