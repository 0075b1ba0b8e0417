// Flag board of olah data (step 3): "select all shown" ticks every flag checkbox of the list.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.id !== "flag-select-all") return;
    document.querySelectorAll("input.flag-check").forEach(function (box) {
      box.checked = target.checked;
    });
  });
})();
