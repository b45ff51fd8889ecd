// A form that loads a new page is sent once: a second click while the first answer is on its
// way is ignored, so a double click never sends an action twice (the second would only find
// the action done and be refused). htmx forms guard themselves with hx-disabled-elt.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.method.toLowerCase() === "get" || form.hasAttribute("hx-post")) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
  });
  // Coming back with the browser's Back button shows the page as it was: let it be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(function (form) { delete form.dataset.sending; });
  });
})();
