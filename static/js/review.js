// Review page: keep the comment form's timecode in step with the player, and seek the player
// when a comment's timecode is clicked. Works with comments swapped in by htmx.
(function () {
  function player() { return document.getElementById("review-player"); }
  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function syncTimecode() {
    var video = player();
    if (!video) return;
    document.querySelectorAll("input[name=timecode]").forEach(function (input) {
      input.value = video.currentTime.toFixed(2);
    });
    document.querySelectorAll("[data-current-time]").forEach(function (label) {
      label.textContent = clock(video.currentTime);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var video = player();
    if (video) {
      ["timeupdate", "seeked", "loadedmetadata"].forEach(function (name) { video.addEventListener(name, syncTimecode); });
    }
  });
  document.addEventListener("htmx:afterSwap", syncTimecode);
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-seek]");
    var video = player();
    if (!target || !video) return;
    event.preventDefault();
    video.currentTime = parseFloat(target.dataset.seek);
    video.pause();
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });
})();
