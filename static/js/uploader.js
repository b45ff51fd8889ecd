// Media uploads: the browser sends the file straight to Pictory's signed URL, with a progress bar.
// Steps: ask the studio for a signed URL, PUT the bytes there, then ask the studio to check them.
// When the browser cannot reach the storage at all (no CORS, blocked host), a small file goes
// through the studio instead.
(function () {
  "use strict";
  var MB = 1048576;
  var FINISH_RETRIES = [2000, 4000, 8000];

  function csrfToken() {
    try {
      var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"];
      if (token) return token;
    } catch (e) { /* fall through to the cookie */ }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function megabytes(bytes) { return (bytes / MB).toFixed(1); }
  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  // One request with upload progress; resolves with {status, body} (status 0: the network failed).
  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress) xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded, e.total); };
      xhr.onload = function () { resolve({ status: xhr.status, text: xhr.responseText }); };
      xhr.onerror = xhr.onabort = xhr.ontimeout = function () { resolve({ status: 0, text: "" }); };
      xhr.send(body);
    });
  }
  // A POST to the studio, answered in JSON ({error} on failure); `_status` is the HTTP status.
  function post(url, data, onProgress) {
    return send("POST", url, data, { "X-CSRFToken": csrfToken(), "Accept": "application/json" }, onProgress)
      .then(function (r) {
        var body;
        try {
          body = JSON.parse(r.text);
          body._status = r.status;
        } catch (e) {
          // Not JSON: a sign-in page after the session ended, a proxy's error page, or no answer at all.
          body = { _status: -1, error: r.status === 0 ? "The studio could not be reached. Check the connection and try again."
            : r.status === 200 ? "Your session has ended. Reload the page, sign in again and retry."
            : r.status === 403 ? "Your role does not allow uploads, or the page is out of date. Reload the page and try again."
            : "The studio answered HTTP " + r.status + ". Reload the page and try again." };
        }
        return body;
      });
  }
  // What S3-like storage says in its XML refusal (<Message>…</Message>), if anything.
  function storageReason(text) {
    var match = /<Message>([^<]*)<\/Message>/.exec(text || "");
    return match ? match[1] : "";
  }

  // Width/height or duration, read locally from the file so the library shows them without downloading it.
  function measure(file, type) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file), finished = false;
      var done = function (v) { if (finished) return; finished = true; URL.revokeObjectURL(url); resolve(v || {}); };
      setTimeout(function () { done({}); }, 5000);
      if (type.indexOf("image/") === 0) {
        var img = new Image();
        img.onload = function () { done({ width: img.naturalWidth, height: img.naturalHeight }); };
        img.onerror = function () { done({}); };
        img.src = url;
      } else if (/^(video|audio)\//.test(type)) {
        var media = document.createElement(type.indexOf("video/") === 0 ? "video" : "audio");
        media.preload = "metadata";
        media.muted = true;
        media.onloadedmetadata = function () {
          var d = isFinite(media.duration) ? media.duration : "";
          done({ width: media.videoWidth || "", height: media.videoHeight || "", duration: d });
        };
        media.onerror = function () { done({}); };
        media.src = url;
      } else { done({}); }
    });
  }
  function form(fields) {
    var data = new FormData();
    Object.keys(fields).forEach(function (k) {
      if (fields[k] !== undefined && fields[k] !== null && fields[k] !== "") data.append(k, fields[k]);
    });
    return data;
  }

  function Uploader(root) {
    this.root = root;
    this.kind = root.dataset.kind || "";
    this.startUrl = root.dataset.startUrl || document.body.dataset.mediaStart;
    this.directUrl = root.dataset.directUrl || document.body.dataset.mediaDirect;
    this.directMax = parseInt(root.dataset.directMax, 10) || 20 * MB;
    this.input = root.querySelector("[data-uploader-input]");
    this.button = root.querySelector("[data-uploader-start]");
    this.bar = root.querySelector(".upload-progress");
    this.message = root.querySelector(".upload-message");
    this.busy = false;
  }
  Uploader.prototype.say = function (text, tone) {
    this.message.textContent = text;
    this.message.className = "upload-message small" + (tone ? " is-" + tone : "");
  };
  Uploader.prototype.progress = function (loaded, total) {
    this.bar.hidden = false;
    var pct = total ? Math.min(100, Math.round(loaded / total * 100)) : 0;
    this.bar.querySelector("progress").value = pct;
    // Small files (logos, fonts) count in KB, the rest in MB.
    var figures = total >= MB ? megabytes(loaded) + " of " + megabytes(total) + " MB"
      : Math.round(loaded / 1024) + " of " + Math.max(1, Math.round(total / 1024)) + " KB";
    this.bar.querySelector(".upload-figures").textContent = figures + " (" + pct + "%)";
  };
  Uploader.prototype.setBusy = function (busy) {
    this.busy = busy;
    this.root.classList.toggle("is-busy", busy);
    this.root.setAttribute("aria-busy", busy ? "true" : "false");
    // aria-disabled, not disabled: a repeated click lands and is ignored instead of queueing up.
    if (this.button) this.button.setAttribute("aria-disabled", busy ? "true" : "false");
  };
  Uploader.prototype.upload = function (file) {
    var self = this;
    if (self.busy || !file) return;
    self.setBusy(true);
    self.progress(0, file.size);
    self.say("Preparing the upload of “" + file.name + "”…");
    var start = form({ name: file.name, content_type: file.type, size: file.size, kind: self.kind });
    post(self.startUrl, start).then(function (ticket) {
      if (ticket._status !== 200) throw new Error(ticket.error || "The upload could not start. Try again.");
      var sizes = measure(file, ticket.content_type);
      self.say("Uploading “" + file.name + "” to Pictory's storage…");
      var put = send("PUT", ticket.signed_url, file, { "Content-Type": ticket.content_type }, self.progress.bind(self));
      return put.then(function (answer) {
        if (answer.status >= 200 && answer.status < 300) {
          self.progress(file.size, file.size);
          return sizes.then(function (measured) { return self.finish(ticket.finish_url, measured, 0); });
        }
        if (answer.status === 0) {
          if (file.size <= self.directMax) return sizes.then(function (measured) { return self.direct(file, measured); });
          throw new Error("This browser could not reach Pictory's storage, and files over " + Math.round(self.directMax / MB) +
            " MB cannot go through the studio. Check the connection (or ask an admin whether the storage allows " +
            "this site), then try again.");
        }
        var reason = storageReason(answer.text);
        throw new Error("Pictory's storage refused the file (HTTP " + answer.status + ")" + (reason ? ": " + reason : "") +
          ". Upload it again; if it keeps happening, reload the page first.");
      });
    }).then(function (result) {
      if (result._status === 200) {
        self.progress(file.size, file.size);
        self.say("Uploaded “" + result.name + "”.", "ok");
        self.root.dispatchEvent(new CustomEvent("media:uploaded", { bubbles: true, detail: result }));
      } else if (result._status === 422) {
        self.say(result.refusal || "The file was refused.", "error");
        self.root.dispatchEvent(new CustomEvent("media:refused", { bubbles: true, detail: result }));
      } else {
        throw new Error(result.error || "The upload did not finish. Try again.");
      }
    }).catch(function (error) {
      self.say(error.message + "", "error");
    }).then(function () {
      self.setBusy(false);
      if (self.input && self.input.files && self.input.files[0] === file) self.input.value = "";
    });
  };
  // Ask the studio to check what arrived; it answers 503 while the storage cannot be read yet.
  Uploader.prototype.finish = function (url, measured, attempt) {
    var self = this;
    self.say("Checking the file…");
    return post(url, form(measured)).then(function (result) {
      if (result._status === 503 && result.retry && attempt < FINISH_RETRIES.length) {
        self.say((result.error || "The storage is not ready.") + " Trying again…");
        return wait(FINISH_RETRIES[attempt]).then(function () { return self.finish(url, measured, attempt + 1); });
      }
      return result;
    });
  };
  // Through the studio, for storage hosts the browser may not call directly.
  Uploader.prototype.direct = function (file, measured) {
    var self = this;
    self.progress(0, file.size);
    self.say("This browser could not reach Pictory's storage directly, so the studio is sending “" + file.name + "” instead…");
    var body = form({ kind: self.kind, width: measured.width, height: measured.height, duration: measured.duration });
    body.append("file", file);
    return post(self.directUrl, body, self.progress.bind(self));
  };

  function wire(root) {
    if (root.dataset.uploaderReady) return;
    root.dataset.uploaderReady = "1";
    var uploader = new Uploader(root);
    var formEl = root.querySelector("[data-uploader-form]");
    if (formEl) {
      formEl.addEventListener("submit", function (e) {
        e.preventDefault();
        if (uploader.busy) return;
        if (!uploader.input.files.length) { uploader.say("Choose a file first.", "error"); return; }
        uploader.upload(uploader.input.files[0]);
      });
    } else if (uploader.input) {
      uploader.input.addEventListener("change", function () { uploader.upload(uploader.input.files[0]); });
      var pick = root.querySelector("[data-uploader-pick]");
      if (pick) pick.addEventListener("click", function () { if (!uploader.busy) uploader.input.click(); });
    }
    if (root.hasAttribute("data-drop")) {
      root.addEventListener("dragover", function (e) { e.preventDefault(); root.classList.add("is-dragging"); });
      root.addEventListener("dragleave", function () { root.classList.remove("is-dragging"); });
      root.addEventListener("drop", function (e) {
        e.preventDefault();
        root.classList.remove("is-dragging");
        if (e.dataTransfer.files.length) uploader.upload(e.dataTransfer.files[0]);
      });
    }
  }
  // Font cards show a sample in the font itself.
  function showFont(sample) {
    if (sample.dataset.fontReady || !window.FontFace) return;
    sample.dataset.fontReady = "1";
    var family = "media-font-" + sample.dataset.fontId;
    new FontFace(family, "url(" + JSON.stringify(sample.dataset.fontUrl) + ")").load().then(function (face) {
      document.fonts.add(face);
      sample.style.fontFamily = "'" + family + "', sans-serif";
    }).catch(function () { /* the sample stays in the page's font */ });
  }
  function init(scope) {
    scope.querySelectorAll("[data-uploader]").forEach(wire);
    scope.querySelectorAll("[data-font-url]").forEach(showFont);
  }

  function addCard(root, asset) {
    if (!root.hasAttribute("data-library")) return;
    var old = document.getElementById("asset-" + asset.asset_id);
    if (old) old.remove();
    else {
      ["all", asset.kind].forEach(function (key) {
        var count = document.querySelector("[data-count='" + key + "']");
        if (count) count.textContent = (parseInt(count.textContent, 10) || 0) + 1;
      });
    }
    var grid = document.getElementById("media-grid"), empty = document.getElementById("media-empty");
    if (!grid || (grid.dataset.kind && grid.dataset.kind !== asset.kind)) return;
    grid.insertAdjacentHTML("afterbegin", asset.card);
    grid.hidden = false;
    if (empty) empty.remove();
    init(grid.firstElementChild);
  }
  document.addEventListener("media:refused", function (e) { addCard(e.target, e.detail); });
  document.addEventListener("media:uploaded", function (e) {
    var root = e.target, asset = e.detail;
    addCard(root, asset);
    var picker = root.closest("[data-media-picker]");
    if (picker) {
      var select = picker.querySelector("select");
      var option = new Option(asset.name, asset.asset_id, true, true);
      option.dataset.url = asset.url;
      select.appendChild(option);
      select.value = String(asset.asset_id);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  document.addEventListener("click", function (e) {
    var copy = e.target.closest("[data-copy]");
    if (!copy) return;
    var address = copy.dataset.copy;
    if (!navigator.clipboard) { window.prompt("Copy the file's address:", address); return; }
    navigator.clipboard.writeText(address).then(function () {
      copy.textContent = "Copied";
      setTimeout(function () { copy.textContent = "Copy address"; }, 2000);
    }, function () { window.prompt("Copy the file's address:", address); });
  });
  window.addEventListener("beforeunload", function (e) {
    if (document.querySelector("[data-uploader].is-busy")) { e.preventDefault(); e.returnValue = ""; }
  });
  document.addEventListener("htmx:load", function (e) { init(e.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else { init(document); }
})();
