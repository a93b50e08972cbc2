// Plain-language advice while writing: re-checks the text a moment after the writer stops typing.
// Without JavaScript the same advice is shown after saving.
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  var panel = document.getElementById("readability");
  if (!form || !panel || !window.fetch) return;
  var url = form.getAttribute("data-readability-url");
  var timer = null;
  var latest = 0;
  function field(name) {
    var input = form.elements.namedItem(name);
    return input ? input.value : "";
  }
  function check() {
    var request = ++latest;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken"));
    data.append("title", field("title"));
    data.append("summary", field("summary"));
    data.append("body", field("body"));
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && request === latest) panel.innerHTML = html;
      })
      .catch(function () { /* advice only: keep the last one */ });
  }
  form.addEventListener("input", function (event) {
    var name = event.target && event.target.name;
    if (name !== "title" && name !== "summary" && name !== "body") return;
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 700);
  });
})();
