/* The Traffic panel's few needs beyond htmx:
 * - packets: each request a frame names (in #traffic-shots: the source node's kube-proxy and
 *   the pod, as DOM ids) flies from one to the other, green when it was answered, red when not;
 *   a request that never left its node (iptables REJECT, no rule) flares up there and goes.
 *   A transform animation (the compositor runs it); the server never sends coordinates.
 * - the Service and From node menus keep the person's choice when the server sends new
 *   options; "Via NodePort" is offered for NodePort Services only; clicking a running flow
 *   picks it in the form (to change its rate or stop it).
 * - kube-proxy's rules in the inspector keep their scroll position across its 1 s refresh. */
(function () {
  "use strict";
  if (window.clustervizTraffic) return;
  window.clustervizTraffic = true;

  var MAX_ALIVE = 60, DURATION = 750, STAGGER = 33;
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function byId(id) { return id ? document.getElementById(id) : null; }

  // -- packets ---------------------------------------------------------------------------
  function layer() {
    var diagram = byId("diagram");
    if (!diagram) return null;
    var el = diagram.querySelector(":scope > .traffic-layer");
    if (!el) {          // a snapshot replaces the diagram whole: the layer comes back on first use
      el = document.createElement("div");
      el.className = "traffic-layer";
      el.setAttribute("aria-hidden", "true");
      diagram.appendChild(el);
    }
    return el;
  }
  function center(el, base) {
    if (!el || !el.getClientRects().length) return null;
    var r = el.getBoundingClientRect();
    if (!r.width && !r.height) return null;
    return { x: r.left + r.width / 2 - base.left, y: r.top + r.height / 2 - base.top };
  }
  function at(p, scale, opacity, offset) {
    return { transform: "translate(" + p.x.toFixed(1) + "px," + p.y.toFixed(1) + "px) scale(" + scale + ")",
             opacity: opacity, offset: offset };
  }
  function frames(from, to, ok) {
    if (!to) return [at(from, 0.7, 1, 0), at(from, 2, 0.9, 0.5), at(from, 3, 0, 1)];
    var mid = { x: (from.x + to.x) / 2, y: Math.min(from.y, to.y) - 28 };
    return [at(from, 1, 1, 0), at(mid, 1, 1, 0.4), at(to, 1, 1, 0.8), ok ? at(to, 0.4, 0, 1) : at(to, 2.8, 0, 1)];
  }
  function launch(shots) {
    var host = layer();
    if (!host) return;
    var room = MAX_ALIVE - host.childElementCount;
    if (room <= 0) return;
    // Read every position first, then add every dot: no layout between two reads.
    var base = host.getBoundingClientRect(), flights = [];
    shots.slice(0, room).forEach(function (shot) {
      var d = shot.dataset;
      var from = center(byId(d.src), base) || center(byId(d.srcNode), base);
      if (!from) return;
      var to = center(byId(d.dst), base) || center(byId(d.dstNode), base);
      flights.push({ from: from, to: to, ok: d.ok === "true", title: shot.getAttribute("title") || "" });
    });
    flights.forEach(function (f, i) {
      var dot = document.createElement("span");
      dot.className = "tpkt";
      dot.dataset.ok = f.ok ? "true" : "false";
      dot.title = f.title;
      host.appendChild(dot);
      var animation = dot.animate(frames(f.from, f.to, f.ok), {
        duration: DURATION, delay: (i % 3) * STAGGER, easing: "ease-in-out", fill: "both"
      });
      animation.onfinish = animation.oncancel = function () { dot.remove(); };
    });
  }
  document.addEventListener("htmx:wsAfterMessage", function () {
    var box = byId("traffic-shots");
    if (!box || !box.firstElementChild) return;
    var shots = Array.prototype.slice.call(box.children);
    box.textContent = "";
    if (!still && !document.hidden) launch(shots);
  });

  // -- the form ------------------------------------------------------------------------------
  function nodePortChoice() {
    var service = byId("traffic-service"), box = byId("traffic-node-port");
    if (!service || !box) return;
    var option = service.selectedOptions && service.selectedOptions[0];
    var offered = !!(option && option.dataset.nodePort);
    box.disabled = !offered;
    if (!offered) box.checked = false;
  }
  function choose(select, value, label) {
    if (!select || !value) return;
    if (!Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.appendChild(new Option(label || value, value));
    }
    select.value = value;
  }
  var kept = {};
  document.addEventListener("htmx:oobBeforeSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (target && (target.id === "traffic-service" || target.id === "traffic-node")) kept[target.id] = target.value;
  });
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    var id = e.detail && e.detail.target && e.detail.target.id;
    if (!(id in kept)) return;
    var select = byId(id), value = kept[id];
    delete kept[id];
    if (select && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
    nodePortChoice();
  });
  // The flow picked by a click (its name: a flow made with kubectl may be named anything) until
  // the person picks another Service or node.
  document.addEventListener("change", function (e) {
    var id = e.target && e.target.id;
    if (id === "traffic-service") nodePortChoice();
    if ((id === "traffic-service" || id === "traffic-node") && byId("traffic-flow-name")) byId("traffic-flow-name").value = "";
  });
  document.addEventListener("click", function (e) {
    var flow = e.target.closest && e.target.closest(".tf");
    var form = byId("traffic-form");
    if (!flow || !form) return;
    choose(byId("traffic-service"), flow.dataset.service);
    choose(byId("traffic-node"), flow.dataset.from);
    byId("traffic-flow-name").value = flow.dataset.flow || "";
    var rate = parseFloat(flow.dataset.rate);
    if (!isNaN(rate)) byId("traffic-rate").value = String(rate);
    nodePortChoice();
    var box = byId("traffic-node-port");
    if (box && !box.disabled) box.checked = flow.dataset.via === "NodePort";
  });
  document.addEventListener("DOMContentLoaded", nodePortChoice);

  // -- kube-proxy's rules in the inspector: the refresh keeps where the person scrolled to ----------
  var scrolled = null;
  document.addEventListener("scroll", function (e) {
    var el = e.target;
    if (el && el.classList && el.classList.contains("iptables")) {
      scrolled = { node: el.dataset.node, top: el.scrollTop, left: el.scrollLeft };
    }
  }, true);
  function restore() {
    var el = document.querySelector("#inspector .iptables");
    if (!el || !scrolled || el.dataset.node !== scrolled.node) return;
    if (el.scrollTop !== scrolled.top) el.scrollTop = scrolled.top;
    if (el.scrollLeft !== scrolled.left) el.scrollLeft = scrolled.left;
  }
  document.addEventListener("htmx:afterSwap", restore);
  document.addEventListener("htmx:afterSettle", restore);
})();
