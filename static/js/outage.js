// While the studio has lost touch with its database or its queue and cache, every htmx request
// gets a 503 carrying a one-line banner (header X-Studio-Outage). htmx does not swap error
// answers, so a status strip would freeze without a word, and one that asks again only when an
// answer arrives (hx-trigger="load delay:…") would stop for good. Here the banner is shown in
// the element that asked, that element keeps asking, and the first good answer clears it.
(function () {
  var BANNER = "[data-outage-banner]";

  function retrySeconds(xhr) {
    var seconds = parseFloat(xhr.getResponseHeader("Retry-After"));
    return seconds > 0 ? seconds : 5;
  }

  // "every 2s" keeps polling by itself; "load" (with a delay) fires once per element.
  function pollsOnce(elt) {
    var trigger = (elt && elt.getAttribute("hx-trigger")) || "";
    return elt.hasAttribute("hx-get") && /(^|[\s,])load\b/.test(trigger) && !/\bevery\b/.test(trigger);
  }

  function askAgainLater(elt, seconds) {
    if (!elt || !pollsOnce(elt) || elt.dataset.outageRetry) return;
    elt.dataset.outageRetry = "1";
    window.setTimeout(function () {
      delete elt.dataset.outageRetry;
      if (!document.body.contains(elt)) return;
      htmx.ajax("GET", elt.getAttribute("hx-get"), { source: elt, target: elt });
    }, seconds * 1000);
  }

  function showBanner(target, html) {
    var place = target && document.body.contains(target) ? target : document.querySelector("main");
    if (!place) return;
    Array.prototype.forEach.call(place.children, function (child) {
      if (child.matches(BANNER)) child.remove();
    });
    place.insertAdjacentHTML("afterbegin", html);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 503 && xhr.getResponseHeader("X-Studio-Outage")) {
      event.detail.shouldSwap = false;  // keep the element (and its polling); show the banner in it
      showBanner(event.detail.target, xhr.responseText);
      askAgainLater(event.detail.elt, retrySeconds(xhr));
    } else if (xhr.status === 502 || xhr.status === 503 || xhr.status === 504) {
      // A proxy in front of a web server that is restarting: nothing to show, just ask again.
      askAgainLater(event.detail.elt, retrySeconds(xhr));
    }
  });

  // No answer at all (the web server restarting) stops a one-shot poll too.
  document.addEventListener("htmx:sendError", function (event) {
    askAgainLater(event.detail.elt, 5);
  });

  // The studio answers again: clear the banners the good answer's own swap did not replace.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) return;
    document.querySelectorAll(BANNER).forEach(function (banner) { banner.remove(); });
  });
})();
