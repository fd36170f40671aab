/* Membership forms: the chosen pledge in plain words as the reader picks it, or what the server would refuse. */
(function () {
  "use strict";

  // The page's separators, as the server writes and reads amounts (membership/amounts.py).
  function separatorsOf(summary) {
    return {
      decimal: summary.getAttribute("data-decimal") || ".",
      thousands: summary.getAttribute("data-thousands") || ","
    };
  }

  // An amount as typed, read as the server reads it (newsroom/formats/amounts.py); null if it reads two ways.
  function plainAmount(text, thousands) {
    text = String(text).trim().replace(/[\s\u00a0\u202f\u2009]+/g, " ");
    if (!/^\d(?:[\d., ]*\d)?$/.test(text)) { return null; }
    var separators = text.replace(/[^.,]/g, "");
    var integer = text, fraction = "";
    if (separators) {
      var last = separators.charAt(separators.length - 1);
      var digitsAfter = text.length - text.lastIndexOf(last) - 1;
      var decimal = last;
      if (separators.split(last).length - 1 > 1) {
        decimal = null;
      } else if (separators.indexOf(last === "." ? "," : ".") === -1 && digitsAfter === 3) {
        if (last !== thousands) { return null; }
        decimal = null;
      }
      if (decimal) {
        integer = text.slice(0, text.lastIndexOf(decimal));
        fraction = text.slice(text.lastIndexOf(decimal) + 1);
      }
    }
    var group = integer.replace(/\d/g, "");
    if (group && !/^[1-9]\d{0,2}(?:([., ])\d{3})(?:\1\d{3})*$/.test(integer)) { return null; }
    if (fraction && !/^\d+$/.test(fraction)) { return null; }
    return integer.replace(/\D/g, "") + (fraction ? "." + fraction : "");
  }

  // As the server writes prices. Not toLocaleString: without a language's data browsers write English.
  function format(amount, separators) {
    var plain = plainAmount(amount, separators.thousands);
    var number = plain === null ? NaN : Number(plain);
    if (!isFinite(number) || number <= 0) { return null; }
    var parts = (number % 1 === 0 ? number.toFixed(0) : number.toFixed(2)).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, separators.thousands);
    return parts.length > 1 ? whole + separators.decimal + parts[1] : whole;
  }

  // A choice's label text (or that of `part` in it).
  function labelOf(form, input, part) {
    var label = form.querySelector('label[for="' + input.id + '"]');
    var words = label && part ? label.querySelector(part) : label;
    return words ? words.textContent.trim() : input.value;
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
    var separators = separatorsOf(summary);
    if (tier && frequency && currency) {
      if (tier.value === "custom") {
        amount = amountInput ? amountInput.value : null;
        var plain = amount ? plainAmount(amount, separators.thousands) : null;
        var low = Number(summary.getAttribute("data-min")), high = Number(summary.getAttribute("data-max"));
        var smallest = currency.getAttribute("data-min");
        var refused = plain === null ? amount && amount.trim() && "data-invalid"
          : Number(plain) < Number(smallest) ? "data-below"
          : Number(plain) < low ? "data-too_small"
          : Number(plain) > high && "data-too_large";
        if (refused) {
          summary.textContent = summary.getAttribute(refused).replace("%(currency)s", currency.value)
            .replace("%(minimum)s", format(smallest, separators));
          return;
        }
      } else {
        var prices = JSON.parse(tier.getAttribute("data-prices") || "{}");
        amount = prices[currency.value + " " + frequency.value] || null;
        if (!amount) {  // no price for that frequency and currency: the server's words
          summary.textContent = summary.getAttribute("data-not_offered")
            .replace("%(tier)s", labelOf(form, tier, "strong"))
            .replace("%(frequency)s", labelOf(form, frequency).toLowerCase())
            .replace("%(currency)s", currency.value);
          return;
        }
      }
    }
    var shown = amount ? format(amount, separators) : null;
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
    // Mistakes: start from their list (role="alert" alone is not reliably announced on load).
    var errors = document.querySelector(".membership-error-summary");
    if (errors) { errors.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
