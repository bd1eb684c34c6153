// Uploads the chosen files one per request, in sequence, showing each file's progress
// and then its status; jobs still queued are polled until they finish.
(function () {
  "use strict";
  const form = document.getElementById("ingest-upload");
  if (!form) return;
  const labels = JSON.parse(document.getElementById("ingest-labels").textContent);
  const rows = document.querySelector("#ingest-progress tbody");
  const token = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function row(file) {
    const tr = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    const barCell = document.createElement("td");
    barCell.appendChild(bar);
    const status = document.createElement("td");
    status.textContent = labels.uploading;
    tr.append(name, barCell, status);
    rows.appendChild(tr);
    return { bar: bar, status: status };
  }

  function show(view, reply) {
    // A refusal before any job exists (a parent that cannot hold records) has no status.
    view.status.textContent = labels[reply.status || "error"] || reply.status;
    if (reply.error) view.status.textContent += " — " + (reply.error.message || reply.error);
    if (reply.edit_url) {
      const link = document.createElement("a");
      link.href = reply.edit_url;
      link.textContent = " " + labels.open;
      view.status.appendChild(link);
    }
    if (reply.status === "queued" || reply.status === "running") {
      setTimeout(function () {
        fetch(reply.status_url).then((r) => r.json()).then((next) => show(view, next));
      }, 2000);
    }
  }

  function send(file, parent) {
    const view = row(file);
    return new Promise(function (resolve) {
      const data = new FormData();
      data.append("file", file);
      data.append("parent", parent);
      const request = new XMLHttpRequest();
      request.open("POST", form.dataset.url);
      request.setRequestHeader("X-CSRFToken", token);
      request.upload.onprogress = function (event) {
        if (event.lengthComputable) view.bar.value = (100 * event.loaded) / event.total;
      };
      request.onload = function () {
        view.bar.value = 100;
        try {
          show(view, JSON.parse(request.responseText));
        } catch (error) {
          view.status.textContent = labels.error + " (HTTP " + request.status + ")";
        }
        resolve();
      };
      request.onerror = function () {
        view.status.textContent = labels.error;
        resolve();
      };
      request.send(data);
    });
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const files = Array.from(form.querySelector("input[type=file]").files);
    const parent = form.querySelector("select[name=parent]").value;
    for (const file of files) await send(file, parent);
  });
})();
