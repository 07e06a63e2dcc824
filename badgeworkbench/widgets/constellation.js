// Badge Workbench — the constellation graph, drawn as plain SVG (no third-party code, no network).
// Traits synced with Python: nodes, edges, positions, selected, highlight, height, labels.
// Click a node: `selected` is set. Drag a node: `positions` is updated when it is dropped, and when it
// is dropped onto another node a {type: "drop", node, target} message is sent (grouping in workshops).
// Zoom and pan: the mouse wheel zooms around the pointer, a drag on the background pans, the buttons
// zoom in, out and back to the whole picture. A new set of nodes (a filter) shows the whole picture.

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
  const tools = document.createElement("div");
  tools.className = "bw-graph-tools";
  el.appendChild(tools);
  const buttons = {};
  for (const [name, text] of [["zoom_in", "+"], ["zoom_out", "\u2212"], ["fit", "\u2922"]]) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `bw-graph-${name.replace("_", "-")}`;
    b.textContent = text;
    tools.appendChild(b);
    buttons[name] = b;
  }
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
  let pan = null;  // {startX, startY, from, scale} while the background is dragged
  let base = { x: 0, y: 0, w: 800, h: 500 }; // the whole picture
  let view = null; // what the person zoomed or panned to; null: the whole picture

  function show(v) { svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`); }
  function current() { return view || base; }

  function zoom(factor, cx, cy) {
    const v = current();
    const w = Math.min(Math.max(v.w * factor, base.w / 40), base.w * 4);
    const f = w / v.w;
    if (cx === undefined) { cx = v.x + v.w / 2; cy = v.y + v.h / 2; }
    view = { x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f, w: v.w * f, h: v.h * f };
    show(view);
  }

  function positionOf(id) {
    return local[id] || (model.get("positions") || {})[id] || { x: 0, y: 0 };
  }

  function fit() {
    const pos = Object.values(model.get("positions") || {});
    if (!pos.length) {
      base = { x: 0, y: 0, w: 800, h: 500 };
      show(current());
      return;
    }
    const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
    // Room around the nodes for their two-line labels (up to ~24 characters wide, below the disc),
    // so that the leftmost and rightmost labels are never cut.
    const padX = 115, padTop = 45, padBottom = 70;
    const minX = Math.min(...xs) - padX, minY = Math.min(...ys) - padTop;
    const w = Math.max(Math.max(...xs) - minX + padX, 300), h = Math.max(Math.max(...ys) - minY + padBottom, 200);
    base = { x: minX, y: minY, w, h };
    show(current());
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

  // A new set of nodes (another filter, another focus): show the whole of it.
  function drawNew() {
    view = null;
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

  svg.addEventListener("pointerdown", (ev) => {
    if (drag || ev.button !== 0) return; // a node's own handler started a drag
    const m = svg.getScreenCTM();
    pan = { startX: ev.clientX, startY: ev.clientY, from: current(), scale: m && m.a ? 1 / m.a : 1 };
    svg.setPointerCapture?.(ev.pointerId);
  });

  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const p = toSvg(ev);
    zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });

  buttons.zoom_in.addEventListener("click", () => zoom(1 / 1.4));
  buttons.zoom_out.addEventListener("click", () => zoom(1.4));
  buttons.fit.addEventListener("click", () => { view = null; show(base); });

  function labelButtons() {
    const labels = model.get("labels") || {};
    for (const [name, b] of Object.entries(buttons)) {
      if (labels[name]) { b.title = labels[name]; b.setAttribute("aria-label", labels[name]); }
    }
  }

  svg.addEventListener("pointermove", (ev) => {
    if (pan) {
      const f = pan.from;
      view = { x: f.x - (ev.clientX - pan.startX) * pan.scale, y: f.y - (ev.clientY - pan.startY) * pan.scale,
               w: f.w, h: f.h };
      show(view);
      return;
    }
    if (!drag) return;
    if (Math.hypot(ev.clientX - drag.startX, ev.clientY - drag.startY) > 3) drag.moved = true;
    if (!drag.moved) return;
    const s = toSvg(ev);
    local[drag.id] = { x: s.x + drag.dx, y: s.y + drag.dy };
    drag.g.setAttribute("transform", `translate(${local[drag.id].x},${local[drag.id].y})`);
    drawEdges();
  });

  function endDrag(ev) {
    if (pan) {
      pan = null;
      svg.releasePointerCapture?.(ev.pointerId);
      return;
    }
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
  labelButtons();
  draw();
  model.on("change:labels", labelButtons);
  model.on("change:nodes", drawNew);
  model.on("change:edges", draw);
  model.on("change:positions", draw);
  model.on("change:selected", drawNodes);
  model.on("change:highlight", drawNodes);
  model.on("change:height", resize);
  return () => {
    model.off("change:labels", labelButtons);
    model.off("change:nodes", drawNew);
    model.off("change:edges", draw);
    model.off("change:positions", draw);
    model.off("change:selected", drawNodes);
    model.off("change:highlight", drawNodes);
    model.off("change:height", resize);
  };
}

export default { render };
