/* ClusterViz live diagram: the few things htmx does not do for us.
 * - the "cv" htmx extension: swap styles "attrs" (copy attributes only, so CSS transitions
 *   run), "replace" and "append" (one box in or out without htmx's per-swap event storm),
 *   "sync" (a form's state from the server, leaving alone the field someone is using);
 * - sequence numbers: a gap asks the server for a snapshot ({"type": "resync"}); frames are
 *   acknowledged ({"type": "ack"}): the server keeps only a few in flight to a slow page;
 * - wires: edge endpoints measured from the boxes (ResizeObserver), and a few captions
 *   placed on them; packets travel their edge as a transform animation (run by the
 *   compositor, not the main thread; with many workers a CSS motion path) and go when it ends;
 *   a packet between components with no wire of their own crosses each wire of its path in
 *   turn (data-hops: kubelet → load balancer → kube-apiserver@control-plane-2);
 * - the inspector (click any box) and the event-log filter.
 * The server never sends coordinates. */
(function () {
  "use strict";

  var STYLES = ["attrs", "replace", "append", "sync"];
  htmx.defineExtension("cv", {
    isInlineSwap: function (style) { return STYLES.indexOf(style) >= 0; },
    handleSwap: function (style, target, fragment) {
      var source = fragment.firstElementChild;
      if (!source || STYLES.indexOf(style) < 0) return false;
      if (style === "attrs" || style === "sync") {
        for (var i = 0; i < source.attributes.length; i++) {
          var a = source.attributes[i];
          if (a.name !== "id" && target.getAttribute(a.name) !== a.value) target.setAttribute(a.name, a.value);
        }
        if (style === "sync") syncFields(source, target);
        return true;
      }
      if (style === "append") target.appendChild(source); else target.replaceWith(source);
      return [source];                 // htmx processes the new box (the presenter's buttons)
    }
  });

  // "sync": each field takes the server's value, unless the person is using that very field
  // (focused and touched in the last few seconds): their choice is on its way to the server.
  var touched = 0;
  ["pointerdown", "keydown", "input"].forEach(function (type) {
    document.addEventListener(type, function () { touched = performance.now(); }, true);
  });
  function inUse(field) {
    var active = document.activeElement;
    if (!active || performance.now() - touched > 3000) return false;
    return active === field || (field.type === "radio" && active.type === "radio" && active.name === field.name);
  }
  function syncFields(source, target) {
    target._cvLatest = source;
    var waiting = false;
    source.querySelectorAll("select[name], input[name]").forEach(function (field) {
      var mine = field.type === "radio" || field.type === "checkbox"
        ? target.querySelector('input[name="' + CSS.escape(field.name) + '"][value="' + CSS.escape(field.value) + '"]')
        : target.querySelector('[name="' + CSS.escape(field.name) + '"]');
      if (!mine) return;
      if (inUse(mine)) { waiting = true; return; }
      if (field.tagName === "SELECT") {
        var chosen = field.querySelector("option[selected]");
        if (chosen && !mine.querySelector('option[value="' + CSS.escape(chosen.value) + '"]')) {
          mine.innerHTML = field.innerHTML;          // a new choice (a speed set through the API)
        }
        if (chosen && mine.value !== chosen.value) mine.value = chosen.value;
      } else if (field.type === "radio" || field.type === "checkbox") {
        if (mine.checked !== field.hasAttribute("checked")) mine.checked = field.hasAttribute("checked");
      } else if (mine.value !== (field.getAttribute("value") || "")) {
        mine.value = field.getAttribute("value") || "";
      }
    });
    // A field left alone catches up once the person has let go of it (with the newest state).
    if (waiting && !target._cvRetry) {
      target._cvRetry = setTimeout(function () {
        target._cvRetry = null;
        if (target.isConnected) syncFields(target._cvLatest, target);
      }, 1000);
    }
  }

  var FRAME = /^<div id="cv-frame"[^>]*? data-seq="(\d+)"([^>]*)>/;
  var PART = '<div id="cv-part"';        // the rest of a snapshot too big for one message
  var RETRY = [1006, 1011, 1012, 1013];  // the ws extension reconnects after these itself
  var FINAL = [4403, 4404];              // refused or no such cluster: do not knock again
  var KEEP_ROWS = 300, KEEP_PACKETS = 150;
  var state = { seq: null, awaiting: false, socket: null, wrapper: null, selected: null,
                unloading: false, retries: 0 };

  function page() { return document.getElementById("cluster-page"); }

  function resync() {
    state.awaiting = true;
    if (state.wrapper) state.wrapper.send(JSON.stringify({ type: "resync" }));
  }

  // Acknowledge what has been applied (or dropped), every few frames and each snapshot at once:
  // the server sends a page at most a few frames ahead of what it has shown.
  var ACK_EVERY = 3, unacked = 0;
  function ack(seq, now) {
    unacked += 1;
    if (!state.wrapper || (!now && unacked < ACK_EVERY)) return;
    unacked = 0;
    state.wrapper.send(JSON.stringify({ type: "ack", seq: seq }));
  }

  document.addEventListener("htmx:wsBeforeMessage", function (e) {
    if (e.defaultPrevented) return;
    var match = FRAME.exec(e.detail.message);
    if (!match) return;                           // not a numbered frame (a control's answer)
    var seq = +match[1];
    if (match[2].indexOf("data-snapshot") >= 0) { state.seq = seq; state.awaiting = false; return; }
    if (state.awaiting || (state.seq !== null && seq <= state.seq)) { e.preventDefault(); ack(seq, true); return; }
    if (state.seq !== null && seq !== state.seq + 1) { e.preventDefault(); resync(); ack(seq, true); return; }
    state.seq = seq;
  });

  document.addEventListener("htmx:wsAfterMessage", function (e) {
    var message = e.detail.message, match = FRAME.exec(message);
    if (match) ack(+match[1], match[2].indexOf("data-snapshot") >= 0);
    if ((match && /data-(snapshot|layout)/.test(match[2])) || message.lastIndexOf(PART, 0) === 0) {
      observeBoxes(); reselect();
    }
    trim(document.getElementById("event-log"), KEEP_ROWS);
    var packets = document.getElementById("packets");
    if (packets && packets.lastElementChild && !packets.lastElementChild.dataset.go) {
      var compact = document.querySelector("[data-density='compact']") !== null;
      trim(packets, compact ? 40 : KEEP_PACKETS);
      launch(packets, compact);
    }
  });

  // -- packets -------------------------------------------------------------------------------
  // The server names the edge (style="offset-path: url(#edge-…)"); here the packet gets a
  // transform animation through points of that path. CSS motion paths (offset-distance) run
  // on the main thread every frame; a transform animation on an SVG element runs on the
  // compositor, so a busy diagram leaves the main thread to the frames and the clicks.
  var STEPS = 10, still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var routes = new Map();
  function route(path) {
    var d = path.getAttribute("d"), known = routes.get(path.id);
    if (known && known.d === d) return known.frames;
    var length = path.getTotalLength(), frames = [];
    for (var i = 0; i <= STEPS; i++) {
      var point = path.getPointAtLength(length * i / STEPS);
      frames.push({ transform: "translate(" + point.x.toFixed(1) + "px," + point.y.toFixed(1) + "px)" });
    }
    if (routes.size > 500) routes.clear();
    routes.set(path.id, { d: d, frames: frames });
    return frames;
  }
  function launch(packets, compact) {
    for (var el = packets.lastElementChild; el && !el.dataset.go; el = el.previousElementSibling) {
      el.dataset.go = "1";
      if (compact && !still) continue;   // a CSS motion path (diagram.css), removed on animationend
      var edge = /url\(#([^)]+)\)/.exec(el.getAttribute("style") || "");
      var path = edge && document.getElementById(edge[1]);
      el.removeAttribute("style");
      if (still || !path || path.getAttribute("d") === "M0 0") { el.remove(); continue; }
      var frames = route(path), cls = el.classList, legs = 1;
      if (cls.contains("back")) frames = frames.slice().reverse();
      var hops = el.getAttribute("data-hops");
      if (hops) {
        hops = hops.split(" ");
        for (var h = 0; h < hops.length; h++) {
          var back = hops[h].charAt(0) === "-", next = document.getElementById(back ? hops[h].slice(1) : hops[h]);
          if (!next || next.getAttribute("d") === "M0 0") break;     // the rest of its way is not drawn
          var more = route(next);
          frames = frames.concat(back ? more.slice().reverse() : more);
          legs += 1;
        }
      }
      var animation = el.animate(frames, {
        duration: (compact ? 500 : cls.contains("beat") ? 600 : 800) * (legs > 1 ? 0.6 * legs : 1),
        easing: legs > 1 ? "linear" : "ease-in-out", fill: "forwards"
      });
      animation.onfinish = removeTarget;
    }
  }
  function removeTarget(e) { var el = e.target.effect && e.target.effect.target; if (el) el.remove(); }
  // Many workers: a packet on a CSS motion path goes on to its next wire, if it has one.
  document.addEventListener("animationend", function (e) {
    var el = e.target;
    if (!el.classList || !el.classList.contains("pkt")) return;
    var hops = (el.getAttribute("data-hops") || "").split(" ").filter(Boolean), hop = hops.shift();
    var next = hop && document.getElementById(hop.charAt(0) === "-" ? hop.slice(1) : hop);
    if (!next || next.getAttribute("d") === "M0 0") { el.remove(); return; }
    el.setAttribute("data-hops", hops.join(" "));
    el.style.offsetPath = "url(#" + next.id + ")";
    el.classList.toggle("back", hop.charAt(0) === "-");
    el.classList.toggle("hop", !el.classList.contains("hop"));   // a new animation name restarts it
  }, true);

  function trim(parent, keep) {
    if (!parent) return;
    while (parent.childElementCount > keep) parent.firstElementChild.remove();
  }

  // -- the socket's life ------------------------------------------------------------------
  function connection(s, text) {
    var el = document.getElementById("connection");
    if (el) { el.dataset.state = s; el.textContent = text; }
  }
  document.addEventListener("htmx:wsOpen", function (e) {
    state.socket = e.detail.event.target;
    state.wrapper = e.detail.socketWrapper;
    state.retries = 0;
    unacked = 0;
    connection("open", "live");
    // Missed frames are never replayed: the server sees the page's old number in the socket's
    // URL and starts a reconnected socket with a snapshot.
  });
  document.addEventListener("htmx:wsClose", function (e) {
    var code = e.detail.event.code;
    connection("closed", FINAL.indexOf(code) >= 0 ? "disconnected" : "reconnecting…");
    if (state.unloading || RETRY.indexOf(code) >= 0 || FINAL.indexOf(code) >= 0) return;
    var wrapper = e.detail.socketWrapper;
    var delay = Math.min(5000, 250 * Math.pow(2, state.retries++)) * (0.5 + Math.random() / 2);
    setTimeout(function () { wrapper.reconnect(); }, delay);
  });
  window.addEventListener("pagehide", function () { state.unloading = true; });

  // -- wires -------------------------------------------------------------------------------
  var pendingLayout = false;
  function scheduleLayout() {
    if (pendingLayout) return;
    pendingLayout = true;
    requestAnimationFrame(function () { pendingLayout = false; layoutEdges(); });
  }
  var layoutStats = { count: 0, ms: 0, max: 0 };
  function layoutEdges() {
    var started = performance.now();
    placeEdges();
    var took = performance.now() - started;
    layoutStats.count += 1; layoutStats.ms += took; layoutStats.max = Math.max(layoutStats.max, took);
  }
  function placeEdges() {
    var svg = document.getElementById("wires");
    if (!svg) return;
    var base = svg.getBoundingClientRect(), rects = new Map();
    function rect(el) {
      if (!rects.has(el)) rects.set(el, el.getClientRects().length ? el.getBoundingClientRect() : null);
      return rects.get(el);
    }
    // A wire leaving a worker's box starts on the box's top border, above its chip: the
    // line never crosses the node's header; packets still show on top of everything.
    // Many workers: a wire starts at the middle of the box's top (reading a chip's place would
    // lay out boxes the browser skips while they are off screen).
    var compact = svg.closest("[data-density='compact']") !== null;
    function end(id, otherId) {
      var el = document.getElementById(id);
      var box = el && el.closest(".machine.worker"), other = document.getElementById(otherId);
      if (!el || !box || (other && box.contains(other))) return el && rect(el);
      var b = rect(box), r = compact ? b : rect(el);
      return r && { left: r.left, right: r.right, width: r.width, top: b.top, bottom: b.top, height: 0 };
    }
    // Read every box first, then write every wire: a write between two reads would make the
    // browser lay the page out again for the next read (hundreds of times with many workers).
    var changes = [], labels = {}, masters = document.getElementById("masters");
    var top = masters ? rect(masters).top - base.top : 0;
    svg.querySelectorAll("#edges path").forEach(function (path) {
      // Many workers: wires inside a machine and kube-proxy's are not drawn and carry no packets.
      if (compact && (path.classList.contains("inner") || path.id.indexOf("kube-proxy-") >= 0)) return;
      var a = end(path.dataset.from, path.dataset.to), b = end(path.dataset.to, path.dataset.from);
      var arc = +path.dataset.arc || 0;
      var c = a && b ? (arc ? peer(a, b, base, arc, top) : curve(a, b, base)) : null, d = c ? c.d : "M0 0";
      labels[path.id] = c;
      if (path.getAttribute("d") !== d) changes.push([path, d]);     // unchanged wires stay painted
    });
    changes.forEach(function (change) { change[0].setAttribute("d", change[1]); });
    // A wire's caption sits on the middle of its curve (the server never sends coordinates).
    document.querySelectorAll("#edge-labels .edge-label").forEach(function (label) {
      var c = labels[label.dataset.edge], at = c && c.at(+label.dataset.at || 0.5);
      var place = c ? "translate(" + at[0].toFixed(1) + "px," + at[1].toFixed(1) + "px) translate(-50%,-50%)" : "";
      if (label.style.transform !== place) label.style.transform = place;
      label.hidden = !c;
    });
    return changes.length;
  }
  function bezier(x0, y0, x1, y1, x2, y2, x3, y3) {      // the path, and its point at t
    return { d: "M" + x0 + " " + y0 + " C" + x1 + " " + y1 + " " + x2 + " " + y2 + " " + x3 + " " + y3,
             at: function (t) {
               var u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, e = t * t * t;
               return [a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3];
             } };
  }
  function curve(a, b, o) {
    var ax = a.left + a.width / 2 - o.left, ay = a.top + a.height / 2 - o.top;
    var bx = b.left + b.width / 2 - o.left, by = b.top + b.height / 2 - o.top;
    if (Math.abs(by - ay) > (a.height + b.height) / 2) {          // one above the other
      var sy = by < ay ? a.top - o.top : a.bottom - o.top, ey = by < ay ? b.bottom - o.top : b.top - o.top;
      var my = (sy + ey) / 2;
      return bezier(ax, sy, ax, my, bx, my, bx, ey);
    }
    var right = bx > ax, sx = right ? a.right - o.left : a.left - o.left, ex = right ? b.left - o.left : b.right - o.left;
    var bend = Math.abs(ex - sx) > 60 ? 18 : 10;                  // arc below any chip in between
    return bezier(sx, ay, sx, ay + bend, ex, by + bend, ex, by);
  }
  // etcd's Raft peers, side by side in their masters' boxes: neighbours are joined across the
  // gap between the boxes; members further apart by an arc over the masters (higher the
  // further), leaving each member at its top right corner (the masters' names are on the left).
  function peer(a, b, o, arc, top) {
    if (b.left < a.left) { var t = a; a = b; b = t; }
    var ay = a.top + a.height / 2 - o.top, by = b.top + b.height / 2 - o.top;
    if (arc < 2) {
      var sx = a.right - o.left, ex = b.left - o.left, mx = (sx + ex) / 2;
      return bezier(sx, ay, mx, ay, mx, by, ex, by);
    }
    var x0 = a.right - o.left - 4 - 5 * (arc - 2), x3 = b.right - o.left - 4 - 5 * (arc - 2);
    var up = top - 4 - 4 * (arc - 2), peak = up - 10 - 6 * arc;     // straight up, then over
    var over = bezier(x0, up, x0, peak, x3, peak, x3, up);
    return { d: "M" + x0 + " " + (a.top - o.top) + " L" + x0 + " " + up + over.d.replace(/^M[^C]*/, " ") +
                " L" + x3 + " " + (b.top - o.top), at: over.at };
  }
  var observer = "ResizeObserver" in window ? new ResizeObserver(scheduleLayout) : null;
  function observeBoxes() {
    if (!observer) return;
    observer.disconnect();
    document.querySelectorAll("#diagram, #diagram .machine, #diagram .component, .cp-grid, .lb-row").forEach(function (el) {
      observer.observe(el);
    });
    scheduleLayout();
  }
  window.addEventListener("resize", scheduleLayout);

  // -- inspector and event-log filter ---------------------------------------------------
  function inspect(id) {
    var p = page();
    if (!p) return;
    state.selected = id;
    reselect();
    htmx.ajax("GET", p.dataset.inspectUrl + "?target=" + encodeURIComponent(id), { target: "#inspector", swap: "innerHTML" });
  }
  function reselect() {
    document.querySelectorAll("[data-selected]").forEach(function (el) { el.removeAttribute("data-selected"); });
    var el = state.selected && document.getElementById(state.selected);
    if (el) el.setAttribute("data-selected", "true");
  }
  function inspectable(e) {
    if (e.target.closest("button, a, input, select, textarea, label, summary")) return null;
    return e.target.closest("[data-inspect]");
  }
  document.addEventListener("click", function (e) {
    var el = inspectable(e);
    if (el) inspect(el.getAttribute("data-inspect"));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var el = inspectable(e);
    if (el && el === e.target) { e.preventDefault(); inspect(el.getAttribute("data-inspect")); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.id !== "event-filter") return;
    var log = document.getElementById("event-log");
    if (log) log.dataset.filter = e.target.value;
    var style = document.getElementById("event-filter-style") || document.head.appendChild(
      Object.assign(document.createElement("style"), { id: "event-filter-style" }));
    style.textContent = e.target.value ?
      "#event-log > li:not([data-component=\"" + CSS.escape(e.target.value) + "\"]) { display: none; }" : "";
  });

  document.addEventListener("DOMContentLoaded", function () {
    var marker = document.getElementById("cv-frame");
    if (marker) state.seq = +marker.dataset.seq;
    observeBoxes();
  });

  // For people debugging a classroom's network, and for the browser tests.
  window.ClusterViz = {
    socket: function () { return state.socket; },
    seq: function () { return state.seq; },
    layoutEdges: layoutEdges,
    layoutStats: function () { return layoutStats; }
  };
})();
