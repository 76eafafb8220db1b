/* Upload: drag and drop onto the drop zone. Progressive enhancement: without JavaScript the plain
   <input type="file" multiple> does the same job. */
(function () {
  "use strict";
  function listFiles(input, list) {
    list.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var li = document.createElement("li");
      li.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
      list.appendChild(li);
    });
  }
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector("[data-file-list]");
    if (!input) return;
    zone.classList.add("dropzone-active");
    input.addEventListener("change", function () { if (list) listFiles(input, list); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("dragging");
      });
    });
    zone.addEventListener("drop", function (event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      try {
        input.files = files;  // supported by current browsers
      } catch (e) {
        var transfer = new DataTransfer();
        Array.prototype.forEach.call(files, function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      }
      if (list) listFiles(input, list);
    });
  });
  document.querySelectorAll("form[data-upload-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.setAttribute("aria-busy", "true"); }
      form.setAttribute("aria-busy", "true");
    });
  });
})();
