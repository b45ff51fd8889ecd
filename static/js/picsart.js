// The Picsart picker inside a scene form: Enter in its search box searches (it must not submit
// the scene), and a picked image becomes the scene's media URL, marked as an unsaved change.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-picsart-query]")) return;
    event.preventDefault();
    var search = event.target.parentElement.querySelector("[data-picsart-search]");
    if (search && !search.disabled) search.click();
  });

  // The thumbnail last picked stays marked, so the team sees which image the scene now uses.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var pick = event.detail.elt;
    if (!pick.matches || !pick.matches("[data-picsart-pick]")) return;
    var grid = pick.closest("ul");
    (grid ? grid.querySelectorAll("[data-picsart-pick]") : []).forEach(function (other) {
      other.setAttribute("aria-pressed", other === pick ? "true" : "false");
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var picked = event.detail.target.querySelector && event.detail.target.querySelector("[data-picked-url]");
    if (!picked) return;
    var form = picked.closest("form");
    if (!form) return;
    var url = form.querySelector("input[name=visual_url]");
    var media = form.querySelector("input[name=visual_kind][value=media]");
    if (url) {
      url.value = picked.dataset.pickedUrl;
      url.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (media && !media.checked) {
      media.checked = true;
      media.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
