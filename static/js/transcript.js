// The transcript page: words seek the player, the spoken word is marked while it plays, and in
// "Correct words" mode a click opens a small editor for that word.
(function () {
  "use strict";

  function player() { return document.getElementById("recording-player"); }

  function wordSpans() {
    return Array.prototype.slice.call(document.querySelectorAll("#transcript .w[data-start]"));
  }

  // Words are in time order, so the current one is found by halving the list.
  function wordAt(spans, time) {
    var low = 0, high = spans.length - 1, found = null;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (parseFloat(spans[mid].dataset.start) <= time) { found = spans[mid]; low = mid + 1; } else { high = mid - 1; }
    }
    if (found && time > parseFloat(found.dataset.end) + 0.6) return null;
    return found;
  }

  var spans = [], current = null;
  function refresh() { spans = wordSpans(); current = null; }

  function mark() {
    var media = player();
    if (!media) return;
    var word = wordAt(spans, media.currentTime);
    if (word === current) return;
    if (current) current.classList.remove("current");
    current = word;
    if (word) {
      word.classList.add("current");
      if (!media.paused) word.scrollIntoView({ block: "nearest" });
    }
  }

  function seek(seconds) {
    var media = player();
    if (!media || isNaN(seconds)) return;
    media.currentTime = seconds;
    var playing = media.play();
    if (playing && playing.catch) playing.catch(function () { /* autoplay may be refused; the seek stands */ });
    mark();
  }

  function editing() {
    var toggle = document.querySelector("[data-edit-toggle]");
    return toggle && toggle.checked;
  }

  function openEditor(word) {
    var editor = document.querySelector("#transcript .word-editor");
    if (!editor) return;
    editor.hidden = false;
    editor.querySelector("[name=uid]").value = word.dataset.uid;
    var input = editor.querySelector("[name=text]");
    input.value = word.textContent;
    word.parentNode.parentNode.appendChild(editor);
    input.focus();
    input.select();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("[data-close]")) {
      var editor = target.closest(".word-editor");
      if (editor) editor.hidden = true;
      return;
    }
    var seekButton = target.closest("[data-seek]");
    if (seekButton) { seek(parseFloat(seekButton.dataset.seek)); return; }
    var word = target.closest("#transcript .w[data-start]");
    if (!word) return;
    if (editing()) openEditor(word); else seek(parseFloat(word.dataset.start));
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-edit-toggle]")) {
      document.getElementById("transcript").classList.toggle("is-editing", target.checked);
    } else if (target.matches("[data-original-toggle]")) {
      document.querySelectorAll("#transcript .original").forEach(function (p) { p.hidden = !target.checked; });
    } else if (target.matches(".keep input[type=checkbox]")) {
      target.closest(".sentence").classList.toggle("kept", target.checked);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var editor = document.querySelector("#transcript .word-editor:not([hidden])");
      if (editor) editor.hidden = true;
    }
  });

  // Forms that start paid or slow work are sent once, however often they are clicked.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-once")) return;
    if (button.dataset.sent) { event.preventDefault(); return; }
    button.dataset.sent = "1";
    button.setAttribute("aria-disabled", "true");
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id === "transcript" || event.detail.target.id === "transcript") {
      var toggle = document.querySelector("[data-edit-toggle]");
      if (toggle) toggle.checked = true;
      document.getElementById("transcript").classList.add("is-editing");
      refresh();
    }
  });

  function start() {
    refresh();
    var media = player();
    if (media) {
      media.addEventListener("timeupdate", mark);
      media.addEventListener("seeked", mark);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
