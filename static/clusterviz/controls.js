// The presenter's controls and the kubectl console: small helpers around htmx, nothing else.
(function () {
  "use strict";
  if (window.clustervizControls) return;
  window.clustervizControls = true;

  // A refused control (403, 409, 422 ...) answers a message worth showing: swap it, don't drop it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (status >= 400 && status < 600 && elt && elt.closest("[data-controls], [data-console]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // While the page's WebSocket is open, a control goes over it (the server answers in the same
  // stream that carries its effect: no HTTP round trip, no middleware); otherwise it is a POST.
  var socket = null;
  document.addEventListener("htmx:wsOpen", function (event) { socket = event.detail.socketWrapper; });
  document.addEventListener("htmx:wsClose", function () { socket = null; });
  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    var action = /\/control\/([a-z-]+)\/$/.exec(detail.path || "");
    if (!socket || !action || detail.verb !== "post" || !detail.elt.closest("[data-ws-control]")) return;
    var message = { action: action[1] };
    detail.formData.forEach(function (value, key) { message[key] = value; });
    socket.send(JSON.stringify(message));
    event.preventDefault();
  });

  // Light up what a command or control touched (its response's HX-Trigger lists DOM ids).
  document.addEventListener("clusterviz:touched", function (event) {
    (event.detail.ids || []).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) return;
      el.classList.remove("cv-touched");
      void el.offsetWidth; // restart the animation
      el.classList.add("cv-touched");
    });
  });
  document.addEventListener("animationend", function (event) {
    if (event.animationName === "cv-touched") event.target.classList.remove("cv-touched");
  });

  // The console: Enter runs, Shift+Enter adds a line, ↑/↓ walk the history.
  var history = [];
  var cursor = 0;
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-console] textarea")) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      if (!box.value.trim()) return;
      history.push(box.value);
      cursor = history.length;
      htmx.trigger(box.form, "submit");
    } else if ((event.key === "ArrowUp" || event.key === "ArrowDown") && box.value.indexOf("\n") < 0) {
      if (!history.length) return;
      event.preventDefault();
      cursor = Math.max(0, Math.min(history.length, cursor + (event.key === "ArrowUp" ? -1 : 1)));
      box.value = history[cursor] || "";
    }
  });
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-console] textarea")) {
      box.rows = Math.min(12, box.value.split("\n").length);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-console]") || !event.detail.successful) return;
    var box = form.querySelector("textarea");
    box.value = "";
    box.rows = 1;
    var out = document.getElementById("console-output");
    if (out) out.scrollTop = out.scrollHeight;
  });
})();
