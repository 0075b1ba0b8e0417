// Collapsible plan tree: a toggle hides or shows every following row that is deeper.
(function () {
  function rowsBelow(row) {
    const depth = Number(row.dataset.depth);
    const rows = [];
    for (let next = row.nextElementSibling; next; next = next.nextElementSibling) {
      if (Number(next.dataset.depth) <= depth) break;
      rows.push(next);
    }
    return rows;
  }
  function setOpen(row, open) {
    const toggle = row.querySelector(".tree-toggle");
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.querySelector("i").className = open ? "bi bi-caret-down-fill" : "bi bi-caret-right-fill";
    rowsBelow(row).forEach((r) => { r.hidden = !open; if (open && r.classList.contains("node-row")) setOpen(r, true); });
  }
  document.addEventListener("click", (event) => {
    const toggle = event.target.closest(".tree-toggle");
    if (toggle) {
      const row = toggle.closest("tr");
      setOpen(row, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    const all = event.target.closest("[data-tree-all]");
    if (all) {
      const open = all.dataset.treeAll === "expand";
      document.querySelectorAll(".plan-tree tr.node-row[data-depth='0']").forEach((r) => setOpen(r, open));
    }
  });
})();
