// Brand kit form: colour pickers beside their hex fields, derived variants, a live preview.
(function () {
  "use strict";
  var form = document.getElementById("brand-form");
  var preview = document.getElementById("kit-preview");
  if (!form || !preview) return;

  function hexToRgb(hex) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((hex || "").trim());
    if (!m) return null;
    var d = m[1].length === 3 ? m[1].replace(/(.)/g, "$1$1") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(d.substr(i, 2), 16); });
  }
  function toHex(rgb) {
    return "#" + rgb.map(function (c) { return ("0" + Math.round(Math.max(0, Math.min(255, c))).toString(16)).slice(-2); }).join("").toUpperCase();
  }
  function mix(rgb, target, amount) { return rgb.map(function (c) { return c + (target - c) * amount; }); }
  function luminance(rgb) {
    var l = rgb.map(function (c) { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function contrast(a, b) { var x = luminance(a), y = luminance(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  // The same rule the server uses when a variant is left empty.
  function variants(hex) {
    var rgb = hexToRgb(hex);
    if (!rgb) return null;
    var white = [255, 255, 255], ink = [17, 24, 39];
    return { light: toHex(mix(rgb, 255, 0.3)), dark: toHex(mix(rgb, 0, 0.3)),
             contrast_text: contrast(rgb, white) >= contrast(rgb, ink) ? "#FFFFFF" : "#111827" };
  }
  function field(name) { return form.querySelector("[name='" + name + "']"); }

  // Each hex field keeps its picker in step, both ways.
  form.querySelectorAll("input[type=color][data-color-for]").forEach(function (picker) {
    var text = document.getElementById(picker.dataset.colorFor);
    if (!text) return;
    picker.addEventListener("input", function () { text.value = picker.value.toUpperCase(); text.dispatchEvent(new Event("input", { bubbles: true })); });
    text.addEventListener("input", function () { if (hexToRgb(text.value)) picker.value = toHex(hexToRgb(text.value)).toLowerCase(); });
  });

  // A variant follows its main colour until someone types into it.
  ["primary", "secondary"].forEach(function (part) {
    var main = field(part + "_color");
    var names = ["light", "dark", "contrast_text"];
    var derived = main ? variants(main.value) : null;
    names.forEach(function (n) {
      var input = field(part + "_" + n);
      if (!input) return;
      // A saved value that is not the derived one was chosen by hand: keep it when the main colour changes.
      if (input.value && (!derived || input.value.toUpperCase() !== derived[n])) input.dataset.touched = "1";
      input.addEventListener("input", function (e) { if (e.isTrusted) input.dataset.touched = "1"; });
    });
    if (!main) return;
    main.addEventListener("input", function () {
      var v = variants(main.value);
      if (!v) return;
      names.forEach(function (n) {
        var input = field(part + "_" + n);
        if (input && !input.dataset.touched) {
          input.value = v[n];
          var picker = form.querySelector("[data-color-for='" + input.id + "']");
          if (picker) picker.value = v[n].toLowerCase();
        }
      });
    });
  });

  function logoAddress() {
    var pick = field("logo");
    var option = pick && pick.selectedOptions ? pick.selectedOptions[0] : null;
    if (option && option.dataset.url) return option.dataset.url;
    var typed = field("logo_url");
    return typed && /^https?:\/\//.test(typed.value) ? typed.value : "";
  }
  function render() {
    var get = function (name, fallback) { var f = field(name); return f && hexToRgb(f.value) ? f.value : fallback; };
    preview.style.setProperty("--kit-primary", get("primary_color", "#1F3A5F"));
    preview.style.setProperty("--kit-secondary", get("secondary_color", "#F2A541"));
    preview.style.setProperty("--kit-text", get("secondary_contrast_text", "#FFFFFF"));
    var family = field("font_family");
    var subtitle = preview.querySelector(".kit-subtitle");
    subtitle.style.fontFamily = family && family.value ? "'" + family.value.replace(/'/g, "") + "', system-ui, sans-serif" : "";
    var logo = preview.querySelector(".kit-logo");
    var address = logoAddress();
    logo.hidden = !address;
    if (address && logo.getAttribute("src") !== address) logo.src = address;
    var position = field("logo_position");
    logo.className = "kit-logo kit-logo-" + (position ? position.value : "top-right");
    var width = parseInt((field("logo_width") || {}).value, 10);
    logo.style.width = (width >= 1 && width <= 100 ? width : 15) + "%";
  }
  ["primary_color", "secondary_color"].forEach(function (name) {
    var main = field(name);
    if (main) main.dispatchEvent(new Event("input", { bubbles: true }));
  });
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  render();

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.dataset.confirm)) e.preventDefault(); });
  });
})();
