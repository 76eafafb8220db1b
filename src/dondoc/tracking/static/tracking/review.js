/* Review screen: (1) evidence links highlight their span in the document text; (2) unit fields get
   an autocomplete list from the registry (diacritics ignored, served by tracking:unit_autocomplete);
   (3) a paragraph clicked, or a passage selected, in the document text fills the «Thêm nhiệm vụ» form
   with the passage and its offsets in the text. All are enhancements: without JavaScript the links
   jump to the span, exact unit names work and a missed task is typed into the form. Cards replaced by
   htmx (a save, a removal) get the same behaviour (htmx:load). */
(function () {
  "use strict";

  // --- evidence highlight ---------------------------------------------------------------------------
  var text = document.getElementById("doctext");
  function highlight(id) {
    if (!text) return;
    text.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    var marks = text.querySelectorAll('mark[data-ev~="' + id + '"]');
    marks.forEach(function (m) { m.classList.add("active"); });
    var first = marks[0];
    if (!first) return;
    var box = text.getBoundingClientRect();
    var visible = box.bottom > 0 && box.top < window.innerHeight;
    if (visible) {
      text.scrollTop += first.getBoundingClientRect().top - box.top - text.clientHeight / 3;
    } else {
      first.scrollIntoView({ block: "center" });
    }
  }
  function setupLink(link) {
    if (link.hasAttribute("data-ready")) return;
    link.setAttribute("data-ready", "");
    var id = link.getAttribute("data-ev-target");
    link.addEventListener("focus", function () { highlight(id); });
    link.addEventListener("mouseenter", function () { highlight(id); });
    link.addEventListener("click", function (event) {
      event.preventDefault();
      highlight(id);
    });
  }

  // --- unit autocomplete (ARIA combobox with a listbox) -------------------------------------------
  var counter = 0;
  function setup(input) {
    if (input.hasAttribute("data-ready")) return;
    input.setAttribute("data-ready", "");
    var url = input.getAttribute("data-autocomplete-url");
    var multi = input.getAttribute("data-unit-autocomplete") === "lines";
    var list = document.createElement("ul");
    var listId = "ac-" + (++counter);
    var active = -1;
    var timer = null;
    var seq = 0;
    list.id = listId;
    list.className = "autocomplete";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gợi ý đơn vị");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    function lineBounds() {
      var value = input.value;
      var caret = input.selectionStart == null ? value.length : input.selectionStart;
      var start = value.lastIndexOf("\n", caret - 1) + 1;
      var end = value.indexOf("\n", caret);
      return [start, end === -1 ? value.length : end];
    }
    function term() {
      if (!multi) return input.value.trim();
      var b = lineBounds();
      return input.value.slice(b[0], b[1]).trim();
    }
    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(name) {
      if (multi) {
        var b = lineBounds();
        input.value = input.value.slice(0, b[0]) + name + input.value.slice(b[1]);
        var caret = b[0] + name.length;
        input.setSelectionRange(caret, caret);
      } else {
        input.value = name;
      }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function move(step) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      if (active >= 0) items[active].setAttribute("aria-selected", "false");
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function show(results) {
      list.textContent = "";
      active = -1;
      if (!results.length) { close(); return; }
      results.slice(0, 12).forEach(function (unit, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-name", unit.name);
        li.textContent = unit.name + (unit.short_name ? " (" + unit.short_name + ")" : "");
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(unit.name);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function lookup() {
      var q = term();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) show(data.results || []); })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        var item = list.querySelectorAll("[role=option]")[active];
        choose(item.getAttribute("data-name"));
      } else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  function enhance(root) {
    root.querySelectorAll("a[data-ev-target]").forEach(setupLink);
    root.querySelectorAll("[data-unit-autocomplete]").forEach(setup);
  }
  enhance(document);
  document.body.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });

  // --- a missed task from the document text --------------------------------------------------------
  var bar = document.getElementById("pick-bar");
  var picked = null;
  function offsetIn(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }
  function trimmed(start, end) {
    var all = text.textContent;
    while (start < end && /\s/.test(all.charAt(start))) start++;
    while (end > start && /\s/.test(all.charAt(end - 1))) end--;
    return start < end ? [start, end] : null;
  }
  function paragraphAt(offset) {
    var all = text.textContent;
    var start = all.lastIndexOf("\n", offset - 1) + 1;
    var end = all.indexOf("\n", offset);
    return trimmed(start, end === -1 ? all.length : end);
  }
  function pick() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount) return;
    var range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    var start = offsetIn(range.startContainer, range.startOffset);
    var span = range.collapsed ? paragraphAt(start) : trimmed(start, offsetIn(range.endContainer, range.endOffset));
    if (!span) return;
    picked = span;
    var passage = text.textContent.slice(span[0], span[1]);
    document.getElementById("pick-preview").textContent = passage.length > 220 ? passage.slice(0, 219) + "…" : passage;
    bar.hidden = false;
  }
  if (text && bar) {
    text.addEventListener("mouseup", function () { setTimeout(pick, 0); });
    text.addEventListener("keyup", function (event) { if (event.shiftKey) pick(); });
    document.getElementById("pick-add").addEventListener("click", function () {
      if (!picked) return;
      document.getElementById("add-start").value = String(picked[0]);
      document.getElementById("add-end").value = String(picked[1]);
      var content = document.getElementById("add-content");
      content.value = text.textContent.slice(picked[0], picked[1]);
      document.getElementById("them-nhiem-vu").scrollIntoView({ block: "start" });
      content.focus();
    });
  }
})();
