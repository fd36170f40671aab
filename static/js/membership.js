/* Membership forms: restate the chosen pledge in plain words as the reader picks it.
   The server restates it again on the confirmation page and in the email; this is the first look. */
(function () {
  "use strict";

  function format(amount) {
    var number = Number(amount);
    if (!isFinite(number) || number <= 0) { return null; }
    return number.toLocaleString(document.documentElement.lang || undefined, {
      minimumFractionDigits: number % 1 === 0 ? 0 : 2,
      maximumFractionDigits: 2
    });
  }

  function checked(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input : null;
  }

  function update(form, summary) {
    var tier = checked(form, "tier");
    var frequency = checked(form, "frequency");
    var currency = checked(form, "currency");
    var amountInput = form.querySelector('input[name="amount"]');
    var amount = null;
    if (tier && frequency && currency) {
      if (tier.value === "custom") {
        amount = amountInput ? amountInput.value : null;
      } else {
        var prices = JSON.parse(tier.getAttribute("data-prices") || "{}");
        amount = prices[currency.value + " " + frequency.value] || null;
      }
    }
    var shown = amount ? format(amount) : null;
    var pattern = frequency ? summary.getAttribute("data-" + frequency.value) : null;
    if (shown && pattern) {
      summary.textContent = pattern.replace("%(amount)s", shown).replace("%(currency)s", currency.value);
    } else {
      summary.textContent = summary.getAttribute("data-empty");
    }
  }

  function init(form) {
    var summary = form.querySelector(".membership-summary");
    if (!summary) { return; }
    form.addEventListener("change", function () { update(form, summary); });
    form.addEventListener("input", function () { update(form, summary); });
    update(form, summary);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".membership-form"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
