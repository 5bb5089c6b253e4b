/* Đảng vụ — small page behaviours, bound by data attributes (no inline script or on* handler anywhere, so the
   Content-Security-Policy can forbid inline script):
   - <button data-print>            prints the page;
   - <input type=checkbox data-select-all> ticks or clears every [data-pick] box of its form;
   - <input type=file data-file-name="ID"> writes the chosen file's name into the element ID. */
(function () {
  "use strict";

  function bind() {
    document.querySelectorAll("input[type=file][data-file-name]").forEach(function (input) {
      var out = document.getElementById(input.dataset.fileName);
      if (!out) { return; }
      input.addEventListener("change", function () {
        out.textContent = input.files && input.files.length ? input.files[0].name : "Chưa chọn tệp";
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-select-all]").forEach(function (all) {
      if (!all.form) { return; }
      var boxes = all.form.querySelectorAll("[data-pick]");
      all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); });
      boxes.forEach(function (b) {
        b.addEventListener("change", function () { if (!b.checked) { all.checked = false; } });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
