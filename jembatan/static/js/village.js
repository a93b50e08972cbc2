// Remembers, in this browser only, the kelurahan a visitor last opened, and offers it again on the
// home page. Nothing is sent to the server; without JavaScript the picker works as a plain form.
(function () {
  "use strict";
  var KEY = "jembatan.kelurahan";
  var here = document.querySelector("[data-remember-village]");
  try {
    if (here) {
      window.localStorage.setItem(KEY, JSON.stringify({
        code: here.getAttribute("data-remember-village"),
        name: here.getAttribute("data-village-name")
      }));
      return;
    }
    var link = document.getElementById("my-village-link");
    var stored = JSON.parse(window.localStorage.getItem(KEY) || "null");
    if (!link || !stored || !/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(stored.code)) return;
    link.href = link.getAttribute("data-base") + stored.code + "/";
    link.textContent = link.getAttribute("data-label") + " " + stored.name;
    link.parentNode.hidden = false;
    var select = document.querySelector("select[name='kode']");
    if (select) select.value = stored.code;
  } catch (error) {
    // Storage may be switched off; the form still works.
  }
})();
