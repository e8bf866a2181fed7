// The console's only script: the integration page's progress bar polls the running pull's row while one runs,
// and reloads the page once it ends so the history shows it. Everything else works without JavaScript.
(function () {
  const section = document.querySelector("[data-progress-url]");
  if (!section) return;
  const bar = section.querySelector("progress");
  const text = section.querySelector(".progress-text");
  const models = section.dataset.models.split(",");
  let wasRunning = section.dataset.running === "true";
  async function poll() {
    try {
      const response = await fetch(section.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const pull = await response.json();
        if (pull && pull.status === "RUNNING") {
          wasRunning = true;
          bar.value = pull.model ? models.indexOf(pull.model) + 1 : 0;
          text.textContent = `${pull.mode}: ${pull.model || "starting"}, page ${pull.pages}, ${pull.records_read} records so far`;
        } else if (wasRunning) {
          location.reload();
          return;
        }
      }
    } catch (e) { /* the next poll tries again */ }
    setTimeout(poll, 2000);
  }
  setTimeout(poll, 2000);
})();
