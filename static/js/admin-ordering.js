/* Inline rows ordered by dragging, or with their Up and Down buttons (newsroom/admin_ordering.py).
   Each row's hidden position field is numbered 1, 2, 3… in the order the rows stand on the page. */
"use strict";
(function () {
  function rowsOf(group) {
    const prefix = group.id.replace(/-group$/, "");
    const pattern = new RegExp("^" + prefix + "-\\d+$");
    return Array.from(group.querySelectorAll("[id^='" + prefix + "-']")).filter((row) => pattern.test(row.id));
  }

  function renumber(group) {
    let position = 1;
    for (const row of rowsOf(group)) {
      const input = row.querySelector("input[data-row-order]");
      if (input) input.value = position++;
    }
  }

  // Positions are written only once something moved or was added: a story opened and saved as it was keeps
  // its rows untouched.
  const reordered = new Set();

  function move(row, before) {
    const group = row.closest(".inline-group");
    row.parentNode.insertBefore(row, before);
    reordered.add(group);
    renumber(group);
    group.dispatchEvent(new CustomEvent("rows:reordered", {bubbles: true}));
  }

  function button(text, className, label) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = text;
    element.title = label;
    element.setAttribute("aria-label", label);
    return element;
  }

  function addControls(row) {
    const input = row.querySelector("input[data-row-order]");
    if (!input || row.querySelector(".row-order")) return;
    const controls = document.createElement("span");
    controls.className = "row-order";
    // The handle is for the mouse (and touch): the Up and Down buttons are the keyboard's way, so the handle
    // is not a button to tab to that would do nothing. Chrome starts no drag from a button, nor from a row
    // made draggable on the button's mousedown: the handle itself is what is dragged.
    const handle = document.createElement("span");
    handle.className = "row-drag";
    handle.textContent = "⠿";
    handle.title = input.dataset.dragLabel;
    handle.draggable = true;
    handle.setAttribute("aria-hidden", "true");
    const up = button("↑", "row-up", input.dataset.upLabel);
    const down = button("↓", "row-down", input.dataset.downLabel);
    controls.append(handle, up, down);
    const place = row.querySelector("h3") || row.querySelector("td.original, td") || row;
    place.prepend(controls);

    up.addEventListener("click", () => {
      const rows = rowsOf(row.closest(".inline-group"));
      const index = rows.indexOf(row);
      if (index > 0) move(row, rows[index - 1]);
      up.focus();
    });
    down.addEventListener("click", () => {
      const rows = rowsOf(row.closest(".inline-group"));
      const index = rows.indexOf(row);
      if (index < rows.length - 1) move(row, rows[index + 1].nextSibling);
      down.focus();
    });
    // Only the handle moves the row: an image or a link dragged out of a field is not a row being moved.
    handle.addEventListener("dragstart", (event) => {
      row.classList.add("row-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
      event.dataTransfer.setDragImage(row, 16, 16);
    });
    handle.addEventListener("dragend", () => row.classList.remove("row-dragged"));
    row.addEventListener("dragover", (event) => {
      const dragged = row.parentNode.querySelector(".row-dragged");
      if (dragged && dragged !== row) event.preventDefault();
    });
    row.addEventListener("drop", (event) => {
      const dragged = row.parentNode.querySelector(".row-dragged");
      if (!dragged || dragged === row) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      move(dragged, after ? row.nextSibling : row);
    });
  }

  function setUp(group) {
    rowsOf(group).forEach(addControls);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const groups = Array.from(document.querySelectorAll(".inline-group")).filter(
      (group) => group.querySelector("fieldset.ordered-by-dragging, .ordered-by-dragging")
    );
    groups.forEach(setUp);
    document.addEventListener("formset:added", (event) => {
      const group = event.target.closest(".inline-group");
      if (groups.includes(group)) {
        setUp(group);
        reordered.add(group);
      }
    });
    for (const form of document.querySelectorAll("form")) {
      form.addEventListener("submit", () => reordered.forEach(renumber));
    }
  });
})();
