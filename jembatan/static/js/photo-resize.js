// Large phone photos are reduced in the browser before they are sent (when JavaScript and the browser
// allow it), so a slow connection sends a few hundred kilobytes instead of 10 MB. The server reduces
// and checks every photo anyway; a file this cannot read (HEIC in most browsers, PDF) is sent as it is.
(function () {
  "use strict";
  if (!window.DataTransfer || !window.createImageBitmap || !HTMLCanvasElement.prototype.toBlob) return;
  var READABLE = /^image\/(jpeg|png|webp)$/;

  function reduce(file, side) {
    if (!READABLE.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size < 1500000) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) return resolve(file);
          resolve(new File([blob], file.name.replace(/\.[^.]+$/, "") + ".jpg", { type: "image/jpeg" }));
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-resize-photos]"), function (input) {
    var side = Number(input.getAttribute("data-resize-photos")) || 2560;
    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      if (!files.some(function (f) { return READABLE.test(f.type); })) return;
      input.setAttribute("aria-busy", "true");
      Promise.all(files.map(function (f) { return reduce(f, side); })).then(function (reduced) {
        var transfer = new DataTransfer();
        reduced.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
        input.removeAttribute("aria-busy");
        input.setAttribute("data-resized", "true");
      });
    });
  });
})();
