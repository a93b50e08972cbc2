/* Share kit: "Copy text" with the Clipboard API. Without JavaScript (or without the API) the button
   stays hidden and the text sits in a readonly textarea the user can select and copy. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () {
          if (status) { status.textContent = button.getAttribute("data-copied"); }
        },
        function () {
          source.focus();
          source.select();
          if (status) { status.textContent = button.getAttribute("data-failed"); }
        }
      );
    });
  });
})();
