// The admin's autocomplete (select2) types into a search field of its own that has no label,
// so a screen reader announces a nameless field (axe: "label"). Each such field is named after
// the field it searches, also when select2 draws it anew or an inline row is added. Its box for
// a single choice (role combobox) is named by the chosen value only, nothing while empty (axe:
// "aria-input-field-name"): the field's label is put first in its name.
(function () {
  "use strict";

  function labelOf(select) {
    if (!select || !select.id) return "";
    var label = document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function selectOf(field) {
    // In a multiple choice the search field sits in the selection, right after the <select>;
    // a single choice's search is in a dropdown at the end of the page, for the open one.
    var container = field.closest(".select2-container");
    var before = container && container.previousElementSibling;
    if (before && before.tagName === "SELECT") return before;
    var open = document.querySelector("select + .select2-container--open");
    return open ? open.previousElementSibling : null;
  }

  function name(root) {
    var fields = root.querySelectorAll ? root.querySelectorAll(".select2-search__field") : [];
    Array.prototype.forEach.call(fields, function (field) {
      if (field.getAttribute("aria-label")) return;
      var text = labelOf(selectOf(field));
      if (text) field.setAttribute("aria-label", text);
    });
  }

  function nameBoxes(root) {
    var boxes = root.querySelectorAll ? root.querySelectorAll(".select2-selection--single") : [];
    Array.prototype.forEach.call(boxes, function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT" || !select.id) return;
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (!label) return;
      if (!label.id) label.id = select.id + "-label";
      var ids = (box.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      if (ids.indexOf(label.id) !== -1) return;
      box.setAttribute("aria-labelledby", [label.id].concat(ids).join(" "));
      // The chosen value inside it is a read-only text box of its own.
      var shown = box.querySelector(".select2-selection__rendered[id]");
      if (shown) shown.setAttribute("aria-labelledby", label.id + " " + shown.id);
    });
  }

  function start() {
    name(document);
    nameBoxes(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType !== 1) return;
          if (node.classList.contains("select2-search__field")) node = node.parentNode;
          name(node);
          nameBoxes(node.parentNode || node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
