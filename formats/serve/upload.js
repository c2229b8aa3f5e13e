/* kaiji serve: files dropped on the upload page go into its file field and
   are sent.  The page works without this script (choose the files, press
   the button). */
(function () {
  "use strict";
  var drop = document.getElementById("drop");
  var form = document.getElementById("upload");
  if (!drop || !form) return;
  var input = form.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
})();
