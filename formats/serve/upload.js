/* kaiji serve's upload page.  The page works without this script: choose
   files or a folder, press the button, and the answer is a page of results.
   With it, the files chosen, or dropped (folders walked), are sent one
   request a file, three at a time (POST /upload?csrf=…&one=1, the form's own
   address and token), each row of the results table showing its progress
   and then kaiji's answer for that file as it comes. */
(function () {
  "use strict";
  var drop = document.getElementById("drop");
  var form = document.getElementById("upload");
  var results = document.getElementById("results");
  if (!drop || !form || !results || !window.FormData || !window.XMLHttpRequest) return;
  var body = results.tBodies[0];
  var inputs = form.querySelectorAll("input[type=file]");
  var queue = [], running = 0, AT_ONCE = 3;

  function words(name) { return form.getAttribute("data-" + name) || ""; }

  function cell(text, span) {
    var td = document.createElement("td");
    if (span) td.colSpan = span;
    td.textContent = text;
    return td;
  }

  /* A row of the results table for a file about to be sent. */
  function pendingRow(name) {
    var tr = document.createElement("tr");
    tr.className = "pending";
    var path = cell(name);
    path.className = "path";
    tr.appendChild(path);
    var state = cell(words("sending") + " ", 3);
    var bar = document.createElement("progress");
    bar.max = 1;
    bar.value = 0;
    state.appendChild(bar);
    tr.appendChild(state);
    body.appendChild(tr);
    results.hidden = false;
    return {tr: tr, state: state, bar: bar};
  }

  /* The server's rows (escaped by it) in place of the pending one. */
  function settle(row, html) {
    var t = document.createElement("tbody");
    t.innerHTML = html;
    var rows = Array.prototype.slice.call(t.rows);
    if (!rows.length) return fail(row);
    rows.forEach(function (r) { body.insertBefore(r, row.tr); });
    body.removeChild(row.tr);
  }

  function fail(row) {
    row.tr.className = "failed";
    row.state.textContent = words("failed");
  }

  function next() {
    while (running < AT_ONCE && queue.length) send(queue.shift());
  }

  function send(job) {
    running++;
    var data = new FormData();
    data.append("files", job.file, job.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action + "&one=1");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) job.row.bar.value = e.loaded / e.total;
    });
    xhr.upload.addEventListener("load", function () {
      job.row.state.firstChild.textContent = words("checking") + " ";
      job.row.bar.removeAttribute("value");
    });
    xhr.addEventListener("loadend", function () {
      if (xhr.status === 200) settle(job.row, xhr.responseText);
      else fail(job.row);
      running--;
      next();
    });
    xhr.send(data);
  }

  /* Queues one file under the name it is shown and sent by (its path
     inside a folder chosen or dropped); hidden files (.DS_Store) skipped. */
  function add(file, name) {
    var base = name.split("/").pop();
    if (!base || base.charAt(0) === ".") return;
    queue.push({file: file, name: name, row: pendingRow(name)});
    next();
  }

  /* A dropped entry: a file, or a folder walked (readEntries answers in
     batches until it answers none). */
  function walk(entry) {
    var path = entry.fullPath ? entry.fullPath.replace(/^\//, "") : entry.name;
    if (entry.isFile) {
      entry.file(function (f) { add(f, path); });
    } else if (entry.isDirectory) {
      var reader = entry.createReader();
      var more = function () {
        reader.readEntries(function (list) {
          if (!list.length) return;
          list.forEach(walk);
          more();
        });
      };
      more();
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    Array.prototype.forEach.call(inputs, function (input) {
      Array.prototype.forEach.call(input.files, function (f) {
        add(f, f.webkitRelativePath || f.name);
      });
      input.value = "";
    });
  });
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    var dt = e.dataTransfer;
    if (!dt) return;
    var items = dt.items ? Array.prototype.slice.call(dt.items) : [];
    var entries = items.map(function (it) {
      return it.kind === "file" && it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
    });
    if (entries.length && entries.every(function (en) { return en; })) {
      entries.forEach(walk);
      return;
    }
    Array.prototype.forEach.call(dt.files, function (f) { add(f, f.name); });
  });
})();
