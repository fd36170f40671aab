/* The story's form (articles/admin/article.py): the headline's character counter, and the refusal's links,
   which bring the editor to a field even when the field itself is hidden (CKEditor, Select2). */
"use strict";
(function () {
  function countHeadline(input, output) {
    const limit = Number(input.dataset.countLimit);
    const count = Array.from(input.value).length;
    output.textContent = input.dataset.countLabel.replace("%(count)s", count).replace("%(limit)s", limit);
    output.classList.toggle("over", count > limit);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const input of document.querySelectorAll("input[data-count-limit]")) {
      const output = document.createElement("output");
      output.className = "char-count";
      output.id = input.id + "_count";
      output.setAttribute("aria-live", "polite");
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + output.id).trim());
      input.after(output);
      input.addEventListener("input", () => countHeadline(input, output));
      countHeadline(input, output);
    }
    for (const link of document.querySelectorAll(".refusal a[href^='#']")) {
      link.addEventListener("click", (event) => {
        const target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        const visible = target.offsetParent ? target : target.closest(".form-row, .inline-related, .inline-group") || target;
        visible.scrollIntoView({block: "center"});
        const focusable = target.offsetParent ? target : visible.querySelector("[contenteditable=true], .select2-selection, input, select, textarea");
        if (focusable) focusable.focus({preventScroll: true});
      });
    }
  });
})();
