/* The story's form (articles/admin/article.py): the headline's character counter, the refusal's links,
   which bring the editor to a field even when the field itself is hidden (CKEditor, Select2), and names for
   screen readers that Django's widgets leave out: the help of inline rows added with "Add another", the
   autocomplete boxes, the date and time of a publication. */
"use strict";
(function () {
  function countHeadline(input, output) {
    const limit = Number(input.dataset.countLimit);
    const count = Array.from(input.value).length;
    output.textContent = input.dataset.countLabel.replace("%(count)s", count).replace("%(limit)s", limit);
    output.classList.toggle("over", count > limit);
  }

  // Django's "Add another" copies a row from the formset's template and renumbers the ids, names and labels in
  // it, not the aria-describedby and aria-labelledby that point at them: a new source's description field was
  // described by "id_sources-__prefix__-description_helptext", which is on no page, and screen readers read no
  // help. The same after a row is removed and those below it renumbered.
  function renumberAria(row) {
    const match = /^(.+)-(\d+)$/.exec(row.id);
    if (!match) return;
    const stale = new RegExp(match[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-(\\d+|__prefix__)-", "g");
    for (const element of row.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
      for (const attribute of ["aria-describedby", "aria-labelledby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(stale, match[1] + "-" + match[2] + "-"));
      }
    }
  }

  function rowsOf(formsetName) {
    const pattern = new RegExp("^" + formsetName + "-\\d+$");
    const group = document.getElementById(formsetName + "-group");
    return group ? Array.from(group.querySelectorAll("[id^='" + formsetName + "-']")).filter((row) => pattern.test(row.id)) : [];
  }

  document.addEventListener("formset:added", (event) => renumberAria(event.target));
  document.addEventListener("formset:removed", (event) => {
    // Django renumbers the rows left after it has announced the removal: look at them once it has.
    const name = event.detail && event.detail.formsetName;
    if (name) queueMicrotask(() => rowsOf(name).forEach(renumberAria));
  });

  function setAttribute(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  // Django's autocomplete boxes (Select2) are named by nothing: a screen reader announced an empty event field
  // as "combobox", the tags' search field as an unlabelled search box, and the tags' "×" (remove all, a
  // mouse-only control; Backspace does it from the keyboard) as a list item that is not one. Each box is named
  // by its field's label, and its value, whenever Select2 draws or redraws it.
  function nameAutocompletes(form) {
    for (const select of form.querySelectorAll("select.admin-autocomplete")) {
      const container = select.nextElementSibling;
      const label = select.id && form.querySelector("label[for='" + select.id + "']");
      if (!label || !container || !container.classList.contains("select2")) continue;
      if (!label.id) label.id = select.id + "_label";
      const rendered = container.querySelector(".select2-selection__rendered");
      const box = container.querySelector(".select2-selection[role='combobox']");
      if (box) setAttribute(box, "aria-labelledby", (label.id + " " + (rendered ? rendered.id : "")).trim());
      if (rendered && rendered.getAttribute("role") === "textbox") setAttribute(rendered, "aria-labelledby", label.id);
      const search = container.querySelector(".select2-search__field");
      if (search) setAttribute(search, "aria-labelledby", label.id);
      for (const clear of container.querySelectorAll(".select2-selection__clear")) setAttribute(clear, "aria-hidden", "true");
    }
  }

  // A publication's date and time are two fields under one label, each preceded by the words "Date:" and
  // "Time:" but labelled by neither: each is named by both, e.g. "Published: Date".
  function nameDateAndTime(form) {
    for (const input of form.querySelectorAll("p.datetime input:not([aria-label])")) {
      const label = input.closest(".flex-container").querySelector("label");
      let words = input.previousSibling;
      while (words && words.nodeType !== Node.TEXT_NODE) words = words.previousSibling;
      const part = words ? words.textContent.trim().replace(/:$/, "") : "";
      if (label && part) input.setAttribute("aria-label", label.textContent.trim().replace(/:$/, "") + ": " + part);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("article_form");
    if (form) {
      nameDateAndTime(form);
      nameAutocompletes(form);
      let pending = false;
      new MutationObserver(() => {
        if (pending) return;
        pending = true;
        queueMicrotask(() => { pending = false; nameAutocompletes(form); });
      }).observe(form, {childList: true, subtree: true});
    }
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
