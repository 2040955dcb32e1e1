// Review page behaviour: the repair tooltip (hover and keyboard focus), the kind filter,
// the raw-page toggle and stepping through uncertain repairs. Repair details come from
// the #repair-data island (one entry per repair, indexed like the marks' ids r-N) and
// are shown in the single #tip element, which the shown mark points at through
// aria-describedby, so screen readers announce them on focus.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("repair-data").textContent);
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.r"));
  var lows = marks.filter(function (m) { return m.classList.contains("low"); });
  var tip = document.getElementById("tip");
  var status = document.getElementById("low-status");
  var owner = null;
  var hideTimer = 0;
  var current = -1;

  // -- tooltip --------------------------------------------------------------------
  function add(parent, tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }
  function line(key) {
    var el = add(tip, "span", "tip-l");
    add(el, "span", "tip-k", key);
    el.appendChild(document.createTextNode(" "));
    tip.appendChild(document.createTextNode(" "));
    return el;
  }
  function fill(r) {
    tip.textContent = "";
    add(tip, "span", "tip-h", r.kind + " · " + (r.low_confidence ? "low confidence " :
      "confidence ") + r.confidence);
    tip.appendChild(document.createTextNode(" "));
    add(line("page had"), "code", "", r.original);
    var now = line("cleaned");
    if (r.replacement) { add(now, "code", "", r.replacement); } else { add(now, "em", "", "removed"); }
    if (r.candidates.length) {
      var alt = line("runner-up");
      r.candidates.forEach(function (c, i) {
        if (i) { alt.appendChild(document.createTextNode(" · ")); }
        add(alt, "code", "", c.text);
        alt.appendChild(document.createTextNode(" " + c.score));
      });
    }
    if (r.note) { line("note").appendChild(document.createTextNode(r.note)); }
    if (r.displaced) {
      line("shown at").appendChild(document.createTextNode(
        "the start of its span, which overlaps another repair"));
    }
  }
  function place(mark) {
    tip.style.left = tip.style.top = "";
    if (getComputedStyle(tip).position !== "absolute") { return; }  // pinned (narrow)
    var box = mark.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 4) + "px";
  }
  function show(mark) {
    clearTimeout(hideTimer);
    if (owner && owner !== mark) { owner.removeAttribute("aria-describedby"); }
    owner = mark;
    fill(data[Number(mark.id.slice(2))]);
    mark.setAttribute("aria-describedby", "tip");
    tip.hidden = false;
    place(mark);
  }
  function hide() {
    clearTimeout(hideTimer);
    tip.hidden = true;
    if (owner) { owner.removeAttribute("aria-describedby"); }
    owner = null;
  }
  function isRepair(el) { return el && el.matches && el.matches("mark.r:not(.off)"); }
  document.addEventListener("focusin", function (e) {
    if (isRepair(e.target)) { show(e.target); } else if (owner) { hide(); }
  });
  document.addEventListener("mouseover", function (e) {
    if (isRepair(e.target)) { show(e.target); } else if (e.target === tip || tip.contains(e.target)) {
      clearTimeout(hideTimer);
    }
  });
  document.addEventListener("mouseout", function (e) {
    if (owner && (e.target === owner || e.target === tip) && owner !== document.activeElement) {
      hideTimer = setTimeout(hide, 250);  // time to move onto the tooltip itself
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && owner) { hide(); }
  });
  window.addEventListener("resize", function () { if (owner) { place(owner); } });

  // -- kind filter: an unchecked kind loses its highlight and leaves the tab order ----
  function applyFilter(box) {
    marks.forEach(function (m) {
      if (m.getAttribute("data-kind") !== box.value) { return; }
      m.classList.toggle("off", !box.checked);
      m.tabIndex = box.checked ? 0 : -1;
    });
    if (owner && owner.classList.contains("off")) { hide(); }
  }
  document.querySelectorAll(".kind-filter").forEach(function (box) {
    box.addEventListener("change", function () { applyFilter(box); });
    applyFilter(box);
  });

  // -- raw page beside the cleaned text -----------------------------------------------
  var raw = document.getElementById("show-raw");
  function applyRaw() { document.body.classList.toggle("raw-on", raw.checked); }
  raw.addEventListener("change", applyRaw);
  applyRaw();

  // -- step through the uncertain repairs still shown: focus (shows the tip), scroll ---
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
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
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
}());
