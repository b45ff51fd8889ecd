// Storyboard builder: small behaviours htmx does not cover. Scene forms warn before typed work
// is lost, errors step aside while a field is being corrected, the colour swatch follows the
// typed colour, and a player that cannot load its video says so instead of staying black.
(function () {
  var NEUTRAL = "linear-gradient(135deg, #c7d2fe, #e0e7ff)";

  function sceneForms() { return document.querySelectorAll("form[data-scene-form]"); }
  function isDirty(form) { return form && form.dataset.dirty === "1"; }
  function anyDirty() { return Array.prototype.some.call(sceneForms(), isDirty); }

  function markDirty(form) {
    if (!form || isDirty(form)) return;
    form.dataset.dirty = "1";
    var note = form.querySelector(".unsaved-note");
    if (note) note.textContent = "Unsaved changes";
  }

  function paintSwatches(input) {
    var value = input.value.trim();
    var colour = value && window.CSS && CSS.supports("color", value) ? value : NEUTRAL;
    var row = input.closest("li.scene") || input.closest("form");
    row.querySelectorAll("[data-swatch], .scene-side .swatch").forEach(function (swatch) {
      swatch.style.background = colour;
    });
  }

  function stepAsideError(field) {
    var label = field.closest(".field.has-error");
    if (!label) return;
    label.classList.remove("has-error");
    label.querySelectorAll(".field-error").forEach(function (message) { message.hidden = true; });
  }

  function onEdit(event) {
    var form = event.target.closest("form[data-scene-form]");
    if (!form || event.target.closest("[data-picsart]")) return;  // searching Picsart changes no scene
    markDirty(form);
    stepAsideError(event.target);
    if (event.target.name === "visual_color") paintSwatches(event.target);
  }
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  // Leaving the page (reload, another link, closing the tab) with a scene typed but not saved.
  window.addEventListener("beforeunload", function (event) {
    if (!anyDirty()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // A submitted form is no longer at risk; htmx swaps in the saved row, or the form again
  // (marked dirty by the server) when something typed could not be stored.
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-scene-form]")) delete event.target.dataset.dirty;
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-scene-form]")) delete form.dataset.dirty;
  });

  // Cancel on a form with typed changes asks first; the capture phase runs before htmx.
  document.addEventListener("click", function (event) {
    var discard = event.target.closest("[data-discard]");
    if (discard) {
      var form = discard.closest("form[data-scene-form]");
      if (isDirty(form) && !window.confirm("Discard the changes you typed in this scene?")) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      if (form) delete form.dataset.dirty;
      if (discard.hasAttribute("data-remove-row")) discard.closest("li").remove();
      return;
    }
    var add = event.target.closest("[data-add-scene]");
    var open = document.getElementById("scene-new");
    if (add && open) {
      event.preventDefault();
      open.scrollIntoView({ block: "center" });
      var text = open.querySelector("textarea");
      if (text) text.focus();
    }
  }, true);

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var fresh = document.getElementById("scene-new");
    if (fresh && target && target.contains(fresh)) {
      var text = fresh.querySelector("textarea");
      if (text && document.activeElement !== text) text.focus();
    }
    checkPlayers();
  });

  function showPlayerError(video) {
    var message = video.parentElement.querySelector(".player-error");
    if (!message) return;
    message.hidden = false;
    video.classList.add("failed");
  }
  function checkPlayers() {
    document.querySelectorAll("video[data-player]").forEach(function (video) {
      if (video.error) showPlayerError(video);
    });
  }
  // Media errors do not bubble: listen in the capture phase.
  document.addEventListener("error", function (event) {
    if (event.target.matches && event.target.matches("video[data-player]")) showPlayerError(event.target);
  }, true);
  document.addEventListener("DOMContentLoaded", checkPlayers);
})();
