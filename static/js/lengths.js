// A counter under each field with a maximum length (data-maxlength, written by
// templates/django/forms/widgets/attrs.html): "12 av 200 tecken" as the editor types, and how
// many too many when over. The form itself refuses too long text and keeps it; without
// JavaScript its message says the same. The words come from the script tag's data-count and
// data-over, translated on the server.
(function () {
  "use strict";
  var script = document.currentScript;
  var words = { count: script.dataset.count, over: script.dataset.over };

  function say(template, length, max) {
    return template
      .replace("LENGTH", length.toLocaleString(document.documentElement.lang || "sv"))
      .replace("MAX", max.toLocaleString(document.documentElement.lang || "sv"))
      .replace("OVER", (length - max).toLocaleString(document.documentElement.lang || "sv"));
  }

  function watch(field) {
    if (field.dataset.counted) return;
    field.dataset.counted = "1";
    var max = parseInt(field.dataset.maxlength, 10);
    var counter = document.createElement("p");
    counter.className = "length-count";
    counter.id = field.id + "-length";
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var wasOver = false;
    function update() {
      var length = field.value.length;
      var over = length > max;
      counter.textContent = say(over ? words.over : words.count, length, max);
      counter.classList.toggle("length-over", over);
      // Announced only when the text goes over the limit or back, not at every key.
      counter.setAttribute("aria-live", over !== wasOver ? "polite" : "off");
      wasOver = over;
    }
    field.addEventListener("input", update);
    update();
  }

  function watchAll(root) {
    root.querySelectorAll("[data-maxlength]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { watchAll(document); });
  } else {
    watchAll(document); // a form htmx swapped in, with this script in it
  }
  // Rows the admin adds to an inline, and forms htmx swaps in.
  document.addEventListener("formset:added", function (event) { watchAll(event.target); });
  document.addEventListener("htmx:afterSettle", function (event) { watchAll(event.target); });
})();
