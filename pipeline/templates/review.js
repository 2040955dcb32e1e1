// Review page behaviour: kind filter, raw-page toggle, stepping through uncertain
// repairs, tooltip placement and dismissal. The page is usable without it (tooltips
// show on hover and focus through CSS alone).
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.r"));
  var lows = marks.filter(function (m) { return m.classList.contains("low"); });
  var status = document.getElementById("low-status");
  var current = -1;

  // Kind filter: an unchecked kind loses its highlight and leaves the tab order.
  function applyFilter(box) {
    marks.forEach(function (m) {
      if (m.getAttribute("data-kind") !== box.value) { return; }
      m.classList.toggle("off", !box.checked);
      m.tabIndex = box.checked ? 0 : -1;
    });
  }
  document.querySelectorAll(".kind-filter").forEach(function (box) {
    box.addEventListener("change", function () { applyFilter(box); });
    applyFilter(box);
  });

  // Raw page beside the cleaned text.
  var raw = document.getElementById("show-raw");
  function applyRaw() { document.body.classList.toggle("raw-on", raw.checked); }
  raw.addEventListener("change", applyRaw);
  applyRaw();

  // Step through the uncertain repairs still shown: focus (shows the tooltip) and scroll.
  function step(delta) {
    var shown = lows.filter(function (m) { return !m.classList.contains("off"); });
    if (!shown.length) {
      status.textContent = "none shown";
      return;
    }
    var at = shown.indexOf(lows[current]);
    at = at < 0 ? (delta > 0 ? 0 : shown.length - 1) : (at + delta + shown.length) % shown.length;
    lows.forEach(function (m) { m.classList.remove("current"); });
    var mark = shown[at];
    current = lows.indexOf(mark);
    mark.classList.add("current");
    mark.focus({ preventScroll: true });
    mark.scrollIntoView({ block: "center" });
    status.textContent = (at + 1) + " of " + shown.length;
  }
  document.getElementById("low-next").addEventListener("click", function () { step(1); });
  document.getElementById("low-prev").addEventListener("click", function () { step(-1); });
  document.addEventListener("focusin", function (e) {
    var i = lows.indexOf(e.target);
    if (i >= 0) { current = i; }
  });

  // On narrow screens the outline starts folded so the text comes first.
  var outline = document.querySelector(".outline details");
  if (outline && window.matchMedia("(max-width: 60rem)").matches) { outline.open = false; }

  // Keep a shown tooltip inside the viewport (wide screens; narrow ones pin it below).
  function place(mark) {
    var tip = mark.nextElementSibling;
    if (!tip || !tip.classList.contains("tip")) { return; }
    tip.style.left = "";
    var box = tip.getBoundingClientRect();
    if (getComputedStyle(tip).position === "absolute" && box.right > window.innerWidth - 8) {
      tip.style.left = Math.min(0, window.innerWidth - 8 - box.right) + "px";
    }
  }
  function onShow(e) {
    if (e.target.matches && e.target.matches("mark.r")) {
      e.target.parentNode.classList.remove("dismissed");
      requestAnimationFrame(function () { place(e.target); });
    }
  }
  document.addEventListener("mouseover", onShow);
  document.addEventListener("focusin", onShow);
  // Escape hides the tooltip of the focused or hovered repair until it is left.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    document.querySelectorAll("mark.r:focus, mark.r:hover").forEach(function (m) {
      m.parentNode.classList.add("dismissed");
    });
  });
}());
