/* The playbook's own small scripts: the "I am a …" role picker, exit criteria a rep can tick, the
   score calculators (the ICP fit score, each scorecard), and search putting the page named as typed first. Each only adds to a page that is complete without it; nothing is
   fetched, and everything kept stays in this browser (localStorage). */
(function () {
  "use strict";

  var ROLE_KEY = "playbook-role";

  function store(key, value) {
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }

  function stored(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  /* --- "I am a …": narrows stage pages, the matrix and the home page to one role --------- */

  function rolesOnPage(root) {
    var seen = {};
    var roles = [];
    root.querySelectorAll("[data-role]").forEach(function (node) {
      var id = node.getAttribute("data-role");
      if (!seen[id]) {
        seen[id] = true;
        var heading = node.matches("section") ? node.querySelector("h2, h3, h4") : node;
        roles.push({ id: id, name: (heading || node).textContent.replace("¶", "").trim() });
      }
    });
    return roles;
  }

  function applyRole(root, role) {
    root.querySelectorAll("[data-role]").forEach(function (node) {
      var other = role && node.getAttribute("data-role") !== role;
      var target = node.matches(".playbook-role-name") ? node.closest("li") || node : node;
      target.classList.toggle("playbook-other-role", Boolean(other));
    });
    root.querySelectorAll(".playbook-role-picker select").forEach(function (select) { select.value = role || ""; });
    root.querySelectorAll(".playbook-matrix").forEach(function (matrix) { matrix.classList.add("playbook-picked"); });
    root.querySelectorAll(".playbook-show-all").forEach(function (button) { button.hidden = !role; });
  }

  function rolePickers(root) {
    var pickers = root.querySelectorAll(".playbook-role-picker[data-roles]");
    if (!pickers.length) { return; }
    var roles = rolesOnPage(root);
    if (!roles.length) { return; }
    var current = stored(ROLE_KEY);
    if (!roles.some(function (r) { return r.id === current; })) { current = null; }
    // On a phone the matrix shows one role at a time: the first, until the rep picks theirs.
    if (!current && root.querySelector(".playbook-matrix") && window.matchMedia &&
        window.matchMedia("(max-width: 44.9375em)").matches) {
      current = roles[0].id;
    }
    pickers.forEach(function (picker, n) {
      var id = "playbook-role-" + n;
      var label = el("label", { "for": id }, "I am a ");
      var select = el("select", { id: id });
      select.appendChild(el("option", { value: "" }, "… show every role"));
      roles.forEach(function (role) { select.appendChild(el("option", { value: role.id }, role.name)); });
      select.addEventListener("change", function () {
        store(ROLE_KEY, select.value || null);
        applyRole(root, select.value || null);
      });
      var all = el("button", { type: "button", "class": "playbook-show-all md-button" }, "Show every role");
      all.addEventListener("click", function () { store(ROLE_KEY, null); applyRole(root, null); });
      picker.appendChild(label);
      picker.appendChild(select);
      picker.appendChild(all);
    });
    applyRole(root, current);
  }

  /* --- Move on when: exit criteria a rep can tick, kept per stage --------------------------- */

  /* A tick is kept under its criterion's key (data-tick: a hash of the criterion's text, written by
     the stage template), never under its place: a criterion added above, moved or reworded is not
     shown as done, and one that moved keeps its tick. A box without a key is never restored. */
  function tickKey(box) {
    var item = box.closest("li");
    var mark = item && item.querySelector("[data-tick]");
    return mark ? mark.getAttribute("data-tick") : null;
  }

  function checklists(root) {
    root.querySelectorAll(".playbook-checklist[data-checklist]").forEach(function (list) {
      var key = "playbook-ticks:" + list.getAttribute("data-checklist");
      var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
      if (!boxes.length) { return; }
      var ticked = (stored(key) || "").split(",");
      var status = el("p", { "class": "playbook-checklist__status", "aria-live": "polite" });
      var reset = el("button", { type: "button", "class": "md-button playbook-checklist__reset" }, "Reset");

      function update() {
        var done = boxes.filter(function (box) { return box.checked; }).length;
        status.textContent = done + " of " + boxes.length + " done" + (done === boxes.length ? ": move on" : "");
        var keys = boxes.filter(function (box) { return box.checked && tickKey(box); }).map(tickKey);
        store(key, keys.join(",") || null);
      }

      boxes.forEach(function (box) {
        var tick = tickKey(box);
        box.disabled = false;
        box.checked = tick !== null && ticked.indexOf(tick) >= 0;
        var item = box.closest("li");
        if (item) { box.setAttribute("aria-label", item.textContent.trim().slice(0, 120)); }
        box.addEventListener("change", update);
      });
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; });
        update();
      });
      list.appendChild(status);
      list.appendChild(reset);
      update();
    });
  }

  /* --- Scores (the ICP fit score, each scorecard): pick a row per factor, read the score ----- */

  // A scorecard's grades, highest first: each with its lowest score and its name (the row's first cell).
  function grades(calc) {
    var found = [];
    calc.querySelectorAll("[data-grade-at-least]").forEach(function (cell) {
      var row = cell.closest("tr");
      var name = row && row.cells.length ? row.cells[0].textContent.trim() : cell.textContent;
      found.push({ atLeast: Number(cell.getAttribute("data-grade-at-least")), name: name });
    });
    return found.sort(function (a, b) { return b.atLeast - a.atLeast; });
  }

  function verdict(total, goodFit, graded) {
    if (goodFit !== null) {
      return total >= goodFit ? " — a good fit" : " — under the good-fit score of " + goodFit;
    }
    for (var i = 0; i < graded.length; i++) {
      if (total >= graded[i].atLeast) { return " — grade " + graded[i].name; }
    }
    return graded.length ? " — under every grade (the lowest starts at " + graded[graded.length - 1].atLeast + ")" : "";
  }

  function calculators(root) {
    root.querySelectorAll(".playbook-icp").forEach(function (calc, n) {
      var goodFit = calc.hasAttribute("data-good-fit") ? Number(calc.getAttribute("data-good-fit")) : null;
      var graded = grades(calc);
      var cells = calc.querySelectorAll("[data-factor][data-points]");
      var result = el("p", { "class": "playbook-icp__result", "aria-live": "polite" });

      function score() {
        var total = 0;
        var picked = {};
        calc.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
          total += Number(radio.value);
          picked[radio.name] = true;
        });
        var factors = {};
        cells.forEach(function (cell) { factors[cell.getAttribute("data-factor")] = true; });
        var open = Object.keys(factors).length - Object.keys(picked).length;
        result.textContent = (goodFit !== null ? "Fit score: " : "Score: ") + total + (open ? " so far (" + open +
          " factor" + (open > 1 ? "s" : "") + " to go)" : "") + verdict(total, goodFit, graded);
      }

      cells.forEach(function (cell, i) {
        var radio = el("input", {
          type: "radio",
          name: "playbook-icp-" + n + "-" + cell.getAttribute("data-factor"),
          value: cell.getAttribute("data-points"),
          id: "playbook-icp-" + n + "-" + i,
        });
        var row = cell.closest("tr");
        var label = el("label", { "for": radio.id, "class": "playbook-icp__pick" });
        label.textContent = " " + cell.textContent;
        radio.setAttribute("aria-label", (row ? row.textContent.replace(/\s+/g, " ").trim() : cell.textContent));
        radio.addEventListener("change", score);
        cell.textContent = "";
        cell.appendChild(radio);
        cell.appendChild(label);
      });
      calc.appendChild(result);
      score();
    });
  }

  /* --- Search: the page named exactly as typed comes first ------------------------------- */

  function words(text) {
    return text.toLowerCase().replace(/[\u201c\u201d\u2018\u2019"'\u00ab\u00bb]/g, "").replace(/\s+/g, " ").trim();
  }

  function exactFirst() {
    var input = document.querySelector(".md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !list || list.hasAttribute("data-playbook-exact")) { return; }
    list.setAttribute("data-playbook-exact", "");
    var observer = new MutationObserver(promote);
    function promote() {
      var typed = words(input.value);
      if (!typed) { return; }
      var items = list.querySelectorAll(":scope > li.md-search-result__item");
      for (var i = 0; i < items.length; i++) {
        var titles = items[i].querySelectorAll("article h1, article h2");
        for (var j = 0; j < titles.length; j++) {
          if (words(titles[j].textContent) === typed) {
            if (i > 0) {
              // Material ranks by words; a rep typing a name means that page: move it up, as it is.
              observer.disconnect();
              list.insertBefore(items[i], list.firstChild);
              observer.observe(list, { childList: true });
            }
            return;
          }
        }
      }
    }
    observer.observe(list, { childList: true });
  }

  /* --- Accessible names and keyboard reach for what the theme and Markdown leave unnamed ---- */

  function accessible(root) {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) { search.setAttribute("aria-label", "Search"); }
    root.querySelectorAll(".task-list-item input[type=checkbox]:not([aria-label])").forEach(function (box) {
      var item = box.closest("li");
      if (item) { box.setAttribute("aria-label", item.textContent.trim().slice(0, 120)); }
    });
    // Wide tables scroll sideways in their own box: a keyboard user can reach it and scroll it too.
    // (Not the matrix: it never scrolls in a box, the page does, so its headers can stick to the page.)
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.closest(".playbook-matrix")) { return; }
      if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
    });
  }

  function enhance() {
    var root = document.querySelector(".md-content") || document.body;
    rolePickers(root);
    checklists(root);
    calculators(root);
    exactFirst();
    accessible(root);
  }

  // Material's instant loading swaps pages without a reload: run again on each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
