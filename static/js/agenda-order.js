// The agenda items of a meeting in the admin, ordered by dragging an item or with its buttons
// "Flytta upp" and "Flytta ner", instead of typing numbers. The script moves the item and keeps
// the (now hidden) order field of every item right: 1, 2, 3 … from the top; an item added with
// "Lägg till" gets the next number. Each move is announced in a live region. Without
// JavaScript the order field is shown and typed as before. The words come from the script
// tag's data attributes, translated on the server (templates/admin/meetings/meeting/).
(function () {
  "use strict";
  var script = document.currentScript;
  var words = script.dataset;
  var PREFIX = "agenda_items";
  var group, live, dragged;

  function rows() {
    return Array.prototype.filter.call(
      group.querySelectorAll(".inline-related"),
      function (row) { return !row.classList.contains("empty-form"); }
    );
  }

  function field(row, name) {
    return row.querySelector("[name^='" + PREFIX + "-'][name$='-" + name + "']");
  }

  function renumber() {
    rows().forEach(function (row, index) {
      var position = field(row, "position");
      if (position) position.value = String(index + 1);
    });
  }

  function heading(row) {
    var input = field(row, "heading");
    return (input && input.value.trim()) || words.untitled;
  }

  function say(template, row) {
    var all = rows();
    live.textContent = template
      .replace("HEADING", heading(row))
      .replace("POSITION", String(all.indexOf(row) + 1))
      .replace("TOTAL", String(all.length));
  }

  function button(text, direction) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button agenda-move";
    element.dataset.move = direction;
    element.textContent = text;
    return element;
  }

  function equip(row) {
    if (row.classList.contains("empty-form") || row.querySelector(".agenda-order")) return;
    var tools = document.createElement("div");
    tools.className = "agenda-order";
    var handle = document.createElement("span");
    handle.className = "agenda-drag";
    handle.draggable = true;
    handle.textContent = words.drag;
    tools.append(handle, button(words.up, "up"), button(words.down, "down"));
    var title = row.querySelector("h3");
    if (title) title.after(tools); else row.prepend(tools);
  }

  function place(row, before) {
    group.querySelector(".inline-related").parentNode.insertBefore(row, before);
    renumber();
    say(words.moved, row);
  }

  function move(row, direction) {
    var all = rows();
    var index = all.indexOf(row);
    if (direction === "up" && index === 0) return say(words.first, row);
    if (direction === "down" && index === all.length - 1) return say(words.last, row);
    place(row, direction === "up" ? all[index - 1] : all[index + 1].nextSibling);
  }

  // Django's inlines.js numbers the forms by their order on the page after a row is removed;
  // the formset wants the saved items first, so they are put first again.
  function reindex() {
    var all = rows();
    var saved = all.filter(function (row) {
      var id = field(row, "id");
      return id && id.value;
    });
    var added = all.filter(function (row) { return saved.indexOf(row) < 0; });
    var pattern = new RegExp("(" + PREFIX + "-(?:\\d+|__prefix__))(?=-|$)");
    saved.concat(added).forEach(function (row, index) {
      var name = PREFIX + "-" + index;
      [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (el) {
        ["id", "name", "for"].forEach(function (attribute) {
          var value = el.getAttribute(attribute);
          if (value && pattern.test(value)) el.setAttribute(attribute, value.replace(pattern, name));
        });
      });
    });
  }

  function start() {
    group = document.getElementById(PREFIX + "-group");
    if (!group) return;
    group.classList.add("agenda-ordered");
    live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    group.append(live);
    group.querySelectorAll(".inline-related").forEach(equip);

    group.addEventListener("click", function (event) {
      var control = event.target.closest("[data-move]");
      if (!control) return;
      var row = control.closest(".inline-related");
      move(row, control.dataset.move);
      // The moved item took its buttons along; the pressed one keeps the focus.
      row.querySelector("[data-move='" + control.dataset.move + "']").focus();
    });

    group.addEventListener("dragstart", function (event) {
      if (!event.target.classList || !event.target.classList.contains("agenda-drag")) return;
      dragged = event.target.closest(".inline-related");
      dragged.classList.add("agenda-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", heading(dragged));
      event.dataTransfer.setDragImage(dragged, 0, 0);
    });
    group.addEventListener("dragover", function (event) {
      var target = dragged && event.target.closest(".inline-related");
      if (target && target !== dragged && !target.classList.contains("empty-form")) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
      }
    });
    group.addEventListener("drop", function (event) {
      var target = dragged && event.target.closest(".inline-related");
      if (!target || target === dragged || target.classList.contains("empty-form")) return;
      event.preventDefault();
      // Dropped on an item, the dragged one takes its place.
      var below = dragged.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING;
      place(dragged, below ? target.nextSibling : target);
    });
    group.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("agenda-dragging");
      dragged = null;
    });

    // The form's own submit: a row added and left empty keeps its default order, so the
    // formset skips it as before instead of asking for its heading.
    var form = group.closest("form");
    if (form) {
      form.addEventListener("submit", function () {
        rows().forEach(function (row) {
          var id = field(row, "id"), title = field(row, "heading"), body = field(row, "body");
          var position = field(row, "position");
          if (position && !(id && id.value) && !(title && title.value) && !(body && body.value)) {
            position.value = position.defaultValue;
          }
        });
      });
    }
  }

  document.addEventListener("formset:added", function (event) {
    if (!group || event.detail.formsetName !== PREFIX) return;
    equip(event.target);
    renumber();
  });
  document.addEventListener("formset:removed", function (event) {
    if (!group || event.detail.formsetName !== PREFIX) return;
    setTimeout(function () { reindex(); renumber(); }, 0);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
