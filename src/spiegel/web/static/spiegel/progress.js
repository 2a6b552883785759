// Updates the status of running imports on the accounts page without reloading it.
(function () {
  const rows = document.querySelectorAll("tr[data-source-status]");
  rows.forEach(function (row) {
    const url = row.getAttribute("data-source-status");
    const status = row.querySelector(".source-status");
    const progress = row.querySelector(".source-progress");
    const template = progress.getAttribute("data-template");
    function poll() {
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          status.textContent = data.label + (data.error ? ": " + data.error : "");
          progress.textContent = template.replace("0", data.processed.toLocaleString());
          if (data.status === "queued" || data.status === "running") { setTimeout(poll, 2000); }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    poll();
  });
})();
