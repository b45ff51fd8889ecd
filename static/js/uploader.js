// Media uploads: the browser sends the file straight to Pictory's signed URL, with a progress bar.
// Steps: ask the studio for a signed URL, PUT the bytes there, then ask the studio to check them.
(function () {
  "use strict";
  var DIRECT_MAX = 20 * 1024 * 1024;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["x-csrftoken"]; } catch (e) { return ""; }
  }
  function megabytes(bytes) { return (bytes / 1048576).toFixed(1); }
  function post(url, data, accept) {
    return fetch(url, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": accept || "application/json" } })
      .then(function (r) { return r.json().catch(function () { return { error: "The studio answered HTTP " + r.status + "." }; })
        .then(function (body) { body._status = r.status; return body; }); });
  }
  // Width/height or duration read locally, so the library can show them without downloading.
  function measure(file) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file), done = function (v) { URL.revokeObjectURL(url); resolve(v || {}); };
      setTimeout(function () { done({}); }, 5000);
      if (file.type.indexOf("image/") === 0) {
        var img = new Image();
        img.onload = function () { done({ width: img.naturalWidth, height: img.naturalHeight }); };
        img.onerror = function () { done({}); };
        img.src = url;
      } else if (/^(video|audio)\//.test(file.type)) {
        var media = document.createElement(file.type.indexOf("video/") === 0 ? "video" : "audio");
        media.preload = "metadata";
        media.onloadedmetadata = function () {
          done({ width: media.videoWidth || "", height: media.videoHeight || "", duration: media.duration || "" });
        };
        media.onerror = function () { done({}); };
        media.src = url;
      } else { done({}); }
    });
  }
  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded, e.total); };
      xhr.onload = function () { resolve({ status: xhr.status, text: xhr.responseText }); };
      xhr.onerror = function () { resolve({ status: 0, text: "" }); };
      xhr.send(body);
    });
  }

  function Uploader(root) {
    this.root = root;
    this.input = root.querySelector("[data-uploader-input]");
    this.bar = root.querySelector(".upload-progress");
    this.message = root.querySelector(".upload-message");
    this.busy = false;
  }
  Uploader.prototype.say = function (text, kind) {
    this.message.textContent = text;
    this.message.className = "upload-message small" + (kind ? " is-" + kind : "");
  };
  Uploader.prototype.progress = function (loaded, total) {
    this.bar.hidden = false;
    var pct = total ? Math.round(loaded / total * 100) : 0;
    this.bar.querySelector("progress").value = pct;
    this.bar.querySelector(".upload-figures").textContent = megabytes(loaded) + " of " + megabytes(total) + " MB (" + pct + "%)";
  };
  Uploader.prototype.upload = function (file) {
    var self = this;
    if (self.busy || !file) return;
    self.busy = true;
    self.root.classList.add("is-busy");
    self.progress(0, file.size);
    self.say("Preparing the upload…");
    var start = new FormData();
    start.append("name", file.name);
    start.append("content_type", file.type);
    start.append("size", file.size);
    post(document.body.dataset.mediaStart, start).then(function (ticket) {
      if (ticket._status !== 200) throw new Error(ticket.error || "The upload could not start.");
      self.say("Uploading “" + file.name + "” to Pictory's storage…");
      return send("PUT", ticket.signed_url, file, { "Content-Type": ticket.content_type }, self.progress.bind(self))
        .then(function (put) {
          if (put.status >= 200 && put.status < 300) {
            return measure(file).then(function (size) {
              var finish = new FormData();
              Object.keys(size).forEach(function (k) { finish.append(k, size[k]); });
              self.say("Checking the file…");
              return post(ticket.finish_url, finish);
            });
          }
          if (put.status === 0 && file.size <= DIRECT_MAX) return self.direct(file);
          if (put.status === 0) throw new Error("The browser could not reach Pictory's storage. Check the connection and try again.");
          throw new Error("Pictory's storage refused the file (HTTP " + put.status + "). Upload it again.");
        });
    }).then(function (result) {
      if (result.error) throw new Error(result.error);
      if (result._status !== 200) throw new Error(result.refusal || "The file was refused.");
      self.progress(file.size, file.size);
      self.say("Uploaded “" + result.name + "”.", "ok");
      self.root.dispatchEvent(new CustomEvent("media:uploaded", { bubbles: true, detail: result }));
    }).catch(function (error) {
      self.say(error.message + "", "error");
    }).finally(function () {
      self.busy = false;
      self.root.classList.remove("is-busy");
      if (self.input) self.input.value = "";
    });
  };
  // Through the studio, for storage hosts the browser may not call directly.
  Uploader.prototype.direct = function (file) {
    var self = this;
    self.say("Sending “" + file.name + "” through the studio instead…");
    var body = new FormData();
    body.append("file", file);
    return send("POST", document.body.dataset.mediaDirect, body,
      { "X-CSRFToken": csrfToken(), "Accept": "application/json" }, self.progress.bind(self))
      .then(function (r) {
        var result = {};
        try { result = JSON.parse(r.text); } catch (e) { result = { error: "The studio could not take the file." }; }
        result._status = r.status;
        return result;
      });
  };

  function wire(root) {
    if (root.dataset.uploaderReady) return;
    root.dataset.uploaderReady = "1";
    var uploader = new Uploader(root);
    var form = root.querySelector("[data-uploader-form]");
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (!uploader.input.files.length) { uploader.say("Choose a file first.", "error"); return; }
        uploader.upload(uploader.input.files[0]);
      });
    } else if (uploader.input) {
      uploader.input.addEventListener("change", function () { uploader.upload(uploader.input.files[0]); });
    }
  }

  document.addEventListener("media:uploaded", function (e) {
    var root = e.target, asset = e.detail;
    if (root.hasAttribute("data-library")) {
      var grid = document.getElementById("media-grid"), empty = document.getElementById("media-empty");
      if (grid) grid.insertAdjacentHTML("afterbegin", asset.card);
      if (empty) empty.remove();
    }
    var picker = root.closest("[data-media-picker]");
    if (picker) {
      var select = picker.querySelector("select");
      var option = new Option(asset.name, asset.id, true, true);
      option.dataset.url = asset.url;
      select.appendChild(option);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  document.addEventListener("click", function (e) {
    var copy = e.target.closest("[data-copy]");
    if (!copy || !navigator.clipboard) return;
    navigator.clipboard.writeText(copy.dataset.copy).then(function () { copy.textContent = "Copied"; });
  });
  function init() { document.querySelectorAll("[data-uploader]").forEach(wire); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
