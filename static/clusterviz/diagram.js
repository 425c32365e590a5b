/* ClusterViz live diagram: the few things htmx does not do for us.
 * - the "cv" htmx extension: swap styles "attrs" (copy attributes only, so CSS transitions
 *   run), "replace" and "append" (one box in or out without htmx's per-swap event storm);
 * - sequence numbers: a gap asks the server for a snapshot ({"type": "resync"});
 * - wires: edge endpoints measured from the boxes (ResizeObserver), packets removed when
 *   their animation ends;
 * - the inspector (click any box) and the event-log filter.
 * The server never sends coordinates. */
(function () {
  "use strict";

  htmx.defineExtension("cv", {
    isInlineSwap: function (style) { return style === "attrs" || style === "replace" || style === "append"; },
    handleSwap: function (style, target, fragment) {
      var source = fragment.firstElementChild;
      if (!source || (style !== "attrs" && style !== "replace" && style !== "append")) return false;
      if (style === "attrs") {
        for (var i = 0; i < source.attributes.length; i++) {
          var a = source.attributes[i];
          if (a.name !== "id" && target.getAttribute(a.name) !== a.value) target.setAttribute(a.name, a.value);
        }
        return true;
      }
      if (style === "append") target.appendChild(source); else target.replaceWith(source);
      return [source];                 // htmx processes the new box (the presenter's buttons)
    }
  });

  var FRAME = /^<div id="cv-frame"[^>]*? data-seq="(\d+)"([^>]*)>/;
  var PART = '<div id="cv-part"';        // the rest of a snapshot too big for one message
  var RETRY = [1006, 1011, 1012, 1013];  // the ws extension reconnects after these itself
  var FINAL = [4403, 4404];              // refused or no such cluster: do not knock again
  var KEEP_ROWS = 300, KEEP_PACKETS = 250;
  var state = { seq: null, awaiting: false, socket: null, wrapper: null, selected: null,
                unloading: false, retries: 0 };

  function page() { return document.getElementById("cluster-page"); }

  function resync() {
    state.awaiting = true;
    if (state.wrapper) state.wrapper.send(JSON.stringify({ type: "resync" }));
  }

  document.addEventListener("htmx:wsBeforeMessage", function (e) {
    if (e.defaultPrevented) return;
    var match = FRAME.exec(e.detail.message);
    if (!match) return;                           // not a numbered frame (a control's answer)
    var seq = +match[1];
    if (match[2].indexOf("data-snapshot") >= 0) { state.seq = seq; state.awaiting = false; return; }
    if (state.awaiting || (state.seq !== null && seq <= state.seq)) { e.preventDefault(); return; }
    if (state.seq !== null && seq !== state.seq + 1) { e.preventDefault(); resync(); return; }
    state.seq = seq;
  });

  document.addEventListener("htmx:wsAfterMessage", function (e) {
    var message = e.detail.message, match = FRAME.exec(message);
    if ((match && /data-(snapshot|layout)/.test(match[2])) || message.lastIndexOf(PART, 0) === 0) {
      observeBoxes(); reselect();
    }
    trim(document.getElementById("event-log"), KEEP_ROWS);
    trim(document.getElementById("packets"), document.querySelector("[data-density='compact']") ? 40 : KEEP_PACKETS);
  });

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
  function layoutEdges() {
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
    svg.querySelectorAll("#edges path").forEach(function (path) {
      var a = end(path.dataset.from, path.dataset.to), b = end(path.dataset.to, path.dataset.from);
      var d = a && b ? curve(a, b, base) : "M0 0";
      if (path.getAttribute("d") !== d) path.setAttribute("d", d);     // unchanged wires stay painted
    });
  }
  function curve(a, b, o) {
    var ax = a.left + a.width / 2 - o.left, ay = a.top + a.height / 2 - o.top;
    var bx = b.left + b.width / 2 - o.left, by = b.top + b.height / 2 - o.top;
    if (Math.abs(by - ay) > (a.height + b.height) / 2) {          // one above the other
      var sy = by < ay ? a.top - o.top : a.bottom - o.top, ey = by < ay ? b.bottom - o.top : b.top - o.top;
      var my = (sy + ey) / 2;
      return "M" + ax + " " + sy + " C" + ax + " " + my + " " + bx + " " + my + " " + bx + " " + ey;
    }
    var right = bx > ax, sx = right ? a.right - o.left : a.left - o.left, ex = right ? b.left - o.left : b.right - o.left;
    var bend = Math.abs(ex - sx) > 60 ? 18 : 10;                  // arc below any chip in between
    return "M" + sx + " " + ay + " C" + sx + " " + (ay + bend) + " " + ex + " " + (by + bend) + " " + ex + " " + by;
  }
  var observer = "ResizeObserver" in window ? new ResizeObserver(scheduleLayout) : null;
  function observeBoxes() {
    if (!observer) return;
    observer.disconnect();
    document.querySelectorAll("#diagram, #diagram .machine, #diagram .component, .cp-grid").forEach(function (el) {
      observer.observe(el);
    });
    scheduleLayout();
  }
  window.addEventListener("resize", scheduleLayout);
  document.addEventListener("animationend", function (e) {
    if (e.target.classList && e.target.classList.contains("pkt")) e.target.remove();
  }, true);

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
    layoutEdges: layoutEdges
  };
})();
