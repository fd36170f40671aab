/* The story's sources and quotes in the admin (sourcing/admin.py):
   - a source's anonymity fields show only when its kind is "Anonymous source";
   - each quote's source list offers the sources typed above, saved or not, as the editor types them;
   - choosing a speaker fills in the quote's "role at the time" with the speaker's current role. */
"use strict";
(function () {
  const SOURCES = "sources";
  const NEW_SOURCE = "new-";

  function sourceRows() {
    const pattern = new RegExp("^" + SOURCES + "-\\d+$");
    return Array.from(document.querySelectorAll("#" + SOURCES + "-group [id^='" + SOURCES + "-']"))
      .filter((row) => pattern.test(row.id));
  }

  function field(row, name) {
    return row.querySelector("[name='" + row.id + "-" + name + "']");
  }

  function showAnonymity(row) {
    const kind = field(row, "kind");
    const anonymity = row.querySelector("fieldset.anonymity");
    if (kind && anonymity) anonymity.hidden = kind.value !== "anonymous";
  }

  // A row keeps its key when Django renumbers the new rows after one is removed, so a quote stays on it.
  let nextKey = 1;
  function keyOf(row) {
    if (!row.dataset.sourceKey) row.dataset.sourceKey = String(nextKey++);
    return row.dataset.sourceKey;
  }

  function sourceOptions() {
    const options = [];
    for (const row of sourceRows()) {
      const description = (field(row, "description") || {}).value || "";
      const deleted = field(row, "DELETE");
      if (!description.trim() || (deleted && deleted.checked)) continue;
      const id = (field(row, "id") || {}).value;
      const kind = field(row, "kind");
      const outlet = ((field(row, "outlet") || {}).value || "").trim();
      let label = (kind && kind.selectedIndex > 0 ? kind.options[kind.selectedIndex].text + ": " : "") + description.trim();
      if (outlet) label += " (" + outlet + ")";
      options.push({value: id || NEW_SOURCE + row.id.slice(SOURCES.length + 1), key: keyOf(row), label: label});
    }
    return options;
  }

  function refreshQuoteSources() {
    const options = sourceOptions();
    for (const select of document.querySelectorAll("#quotes-group select[name$='-source']")) {
      const chosen = select.selectedOptions[0];
      const chosenKey = chosen && chosen.dataset.key;
      const chosenValue = select.value;
      const placeholder = select.options[0] && select.options[0].value === "" ? select.options[0] : null;
      select.replaceChildren(...(placeholder ? [placeholder] : []));
      for (const option of options) {
        const element = new Option(option.label, option.value);
        element.dataset.key = option.key;
        element.selected = chosenKey ? option.key === chosenKey : option.value === chosenValue;
        select.append(element);
      }
    }
  }

  function fillRole(select) {
    const row = select.closest(".inline-related");
    const role = row && row.querySelector("input[name$='-speaker_role']");
    const url = select.dataset.ajaxUrl || select.getAttribute("data-ajax--url");
    if (!role || role.value.trim() || !select.value || !url) return;
    fetch(url.replace(/autocomplete\/$/, "sourcing/person/" + encodeURIComponent(select.value) + "/current-role/"), {
      credentials: "same-origin",
      headers: {Accept: "application/json"},
    })
      .then((response) => (response.ok ? response.json() : {}))
      .then((data) => {
        if (data.current_role && !role.value.trim()) role.value = data.current_role;
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    sourceRows().forEach(showAnonymity);
    refreshQuoteSources();
    const sources = document.getElementById(SOURCES + "-group");
    if (sources) {
      sources.addEventListener("input", refreshQuoteSources);
      sources.addEventListener("change", (event) => {
        const row = event.target.closest("[id^='" + SOURCES + "-']");
        if (row && event.target.name === row.id + "-kind") showAnonymity(row);
        refreshQuoteSources();
      });
    }
    document.addEventListener("formset:added", (event) => {
      if (event.detail && event.detail.formsetName === SOURCES) showAnonymity(event.target);
      refreshQuoteSources();
    });
    // Django announces a removal before it renumbers the rows left: a new source's value ("new-<row>") is
    // read once it has, or the quotes would post the numbers the rows had before.
    document.addEventListener("formset:removed", () => queueMicrotask(refreshQuoteSources));
    // Select2, which the speaker field uses, announces a choice with a jQuery event.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change", "#quotes-group select[name$='-speaker']", (event) => fillRole(event.target));
    }
  });
})();
