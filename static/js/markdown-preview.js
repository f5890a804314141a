// "Förhandsgranska" beside each minutes field (portal.widgets.MarkdownTextarea) works by htmx.
// Django's inline script adds an agenda item by copying a hidden template row, which htmx has
// not seen: it is shown to htmx here, so the new item's button previews too.
(function () {
  "use strict";
  document.addEventListener("formset:added", function (event) {
    if (window.htmx) window.htmx.process(event.target);
  });
})();
