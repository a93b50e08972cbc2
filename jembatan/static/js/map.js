// Maps with the vendored Leaflet. Without JavaScript (or with maps switched off) nothing here runs and
// the forms work as they are: the kelurahan list, and the coordinates as two optional fields.
//
// <div data-map ...>            the map; data-tile-url, data-attribution and data-center from settings
//   data-pick-lat / -lng         selectors of the inputs a click (or "use my location") fills
//   data-geojson                 URL of points to show (public reports), each with a title and a link
(function () {
  "use strict";
  if (!window.L) return;
  var DIGITS = 6;

  function setUp(element) {
    var tiles = element.getAttribute("data-tile-url");
    if (!tiles) return;
    var centre = (element.getAttribute("data-center") || "-2.13,106.11,13").split(",").map(Number);
    element.hidden = false;
    var help = document.querySelector("[data-map-help]");
    if (help) help.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false }).setView([centre[0], centre[1]], centre[2] || 13);
    L.tileLayer(tiles, { maxZoom: 19, attribution: element.getAttribute("data-attribution") || "" }).addTo(map);

    var latInput = document.querySelector(element.getAttribute("data-pick-lat") || "#none");
    var lngInput = document.querySelector(element.getAttribute("data-pick-lng") || "#none");
    if (latInput && lngInput) {
      var marker = null;
      var place = function (lat, lng, pan) {
        latInput.value = lat.toFixed(DIGITS);
        lngInput.value = lng.toFixed(DIGITS);
        if (marker) marker.setLatLng([lat, lng]); else marker = L.marker([lat, lng], { keyboard: false }).addTo(map);
        if (pan) map.setView([lat, lng], Math.max(map.getZoom(), 16));
        var status = document.getElementById(element.getAttribute("data-status"));
        if (status) status.textContent = status.getAttribute("data-placed");
      };
      if (latInput.value && lngInput.value) place(Number(latInput.value), Number(lngInput.value), true);
      map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng, false); });
      var locate = document.getElementById(element.getAttribute("data-locate"));
      if (locate && navigator.geolocation) {
        locate.hidden = false;
        locate.addEventListener("click", function () {
          var status = document.getElementById(element.getAttribute("data-status"));
          if (status) status.textContent = status.getAttribute("data-finding");
          navigator.geolocation.getCurrentPosition(
            function (position) { place(position.coords.latitude, position.coords.longitude, true); },
            function () { if (status) status.textContent = status.getAttribute("data-failed"); },
            { enableHighAccuracy: true, timeout: 15000 }
          );
        });
      }
    }

    var source = element.getAttribute("data-geojson");
    if (source) {
      fetch(source, { headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          var layer = L.geoJSON(data, {
            onEachFeature: function (feature, featureLayer) {
              var link = document.createElement("a");
              link.href = feature.properties.url;
              link.textContent = feature.properties.title;
              featureLayer.bindPopup(link);
            }
          }).addTo(map);
          if (data.features && data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
        });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), setUp);
})();
