// Follows a running import: polls the run's JSON (GET /api/imports/<id>) and updates the page;
// when the run ends, reloads it to show the full report. Without JavaScript, a <noscript> meta
// refresh reloads the whole page instead.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !box.dataset.progressUrl) { return; }
  var url = box.dataset.progressUrl;
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function size(bytes) {
    var units = ["bytes", "KB", "MB", "GB"], i = 0;
    while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i += 1; }
    return (i ? bytes.toFixed(1) : bytes) + " " + units[i];
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (run) {
        if (!run) { return; }
        if (run.status !== "running") { window.location.reload(); return; }
        var bar = field("bytes");
        if (bar) { bar.max = run.bytes_total || 1; bar.value = run.bytes_read; }
        var label = field("bytes_label");
        if (label) { label.textContent = size(run.bytes_read) + " / " + size(run.bytes_total); }
        var count = field("activities_read");
        if (count) { count.textContent = run.activities_read; }
        var status = field("status_label");
        if (status) { status.textContent = run.status_label; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
