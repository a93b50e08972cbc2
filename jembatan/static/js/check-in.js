/* Check-in at the door. A code typed or scanned is put in a queue kept on the phone (localStorage) and
   sent to the server one by one; on a bad connection it stays there and is sent when the connection is
   back (the "online" event, and every few seconds). The server records each code once, so a code sent
   twice changes nothing. Without JavaScript the form posts the code itself. The camera is read with the
   browser's BarcodeDetector when it has one, otherwise with the vendored jsQR. */
(function () {
  "use strict";
  var form = document.getElementById("check-in");
  if (!form || !window.fetch || !window.localStorage) {
    return;
  }
  var key = form.getAttribute("data-queue");
  var api = form.getAttribute("data-api");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var input = document.getElementById("code");
  var results = document.getElementById("results");
  var waiting = document.getElementById("waiting");
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(key, JSON.stringify(queue)); }
  function show(text, ok) {
    var item = document.createElement("li");
    item.textContent = text;
    item.className = ok ? "ok" : "refused";
    results.insertBefore(item, results.firstChild);
  }
  function status() {
    var n = load().length;
    waiting.textContent = n ? n + " · " + form.getAttribute("data-queued") : "";
  }
  function enqueue(code) {
    code = (code || "").trim();
    if (!code) { return; }
    var queue = load();
    if (queue.indexOf(code) === -1) { queue.push(code); save(queue); }
    status();
    flush();
  }
  function flush() {
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { status(); return; }
    sending = true;
    var code = queue[0];
    fetch(api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify({code: code})
    }).then(function (response) {
      if (!response.ok) { throw new Error("server " + response.status); }
      return response.json();
    }).then(function (answer) {
      save(load().filter(function (c) { return c !== code; }));
      show(answer.message, answer.ok);
      sending = false;
      flush();
    }).catch(function () {
      sending = false;
      status();
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    enqueue(input.value);
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 5000);
  status();
  flush();

  var scan = document.getElementById("scan");
  var video = document.getElementById("camera");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  scan.hidden = false;
  var detector = ("BarcodeDetector" in window) ? new window.BarcodeDetector({formats: ["qr_code"]}) : null;
  var canvas = document.createElement("canvas");
  var last = "";
  function decode() {
    if (video.hidden) { return; }
    if (video.readyState >= 2) {
      if (detector) {
        detector.detect(video).then(function (codes) { found(codes.length ? codes[0].rawValue : ""); });
      } else if (window.jsQR) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        var context = canvas.getContext("2d");
        context.drawImage(video, 0, 0);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var result = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
        found(result ? result.data : "");
      }
    }
    setTimeout(decode, 250);
  }
  function found(code) {
    if (code && code !== last) { last = code; enqueue(code); }
  }
  scan.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      decode();
    }).catch(function () { show(form.getAttribute("data-no-camera"), false); });
  });
}());
