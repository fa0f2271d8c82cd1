// Enhancements only: every page works without this file.
(function () {
  "use strict";

  // Questions that depend on an answer on the same page appear in place when it is chosen.
  function setUpReveals() {
    document.querySelectorAll("[data-reveal-question]").forEach(function (block) {
      var name = block.getAttribute("data-reveal-question");
      var values = block.getAttribute("data-reveal-values").split(" ");
      var inputs = document.querySelectorAll('input[name="' + name + '"]');
      var seen = block.querySelector('input[name="seen"]');
      function update() {
        var checked = document.querySelector('input[name="' + name + '"]:checked');
        var show = checked !== null && values.indexOf(checked.value) !== -1;
        block.hidden = !show;
        if (seen) { seen.disabled = !show; }
      }
      inputs.forEach(function (input) { input.addEventListener("change", update); });
      update();
    });
  }

  // After a failed submit, start from the list of problems; after a decision is recorded,
  // from the message that says so.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) { summary.focus(); return; }
    var recorded = document.getElementById("decision-recorded");
    if (recorded && window.location.hash === "#decision-recorded") { recorded.focus(); }
  }

  // Warn before answers are cleared for inactivity, and offer to keep them (WCAG 2.2.1).
  function setUpTimeout() {
    var timeout = document.querySelector("[data-timeout]");
    var dialog = document.getElementById("timeout-dialog");
    if (!timeout || !dialog || typeof dialog.showModal !== "function") { return; }
    var form = timeout.querySelector("form");
    var token = form.querySelector('input[name="csrf_token"]').value;
    var warning = parseInt(timeout.getAttribute("data-warning-seconds"), 10) * 1000;
    var timers = [];

    function schedule(secondsLeft) {
      timers.forEach(clearTimeout);
      timers = [
        setTimeout(warn, Math.max(0, secondsLeft * 1000 - warning)),
        setTimeout(function () { window.location.reload(); }, secondsLeft * 1000 + 1000)
      ];
    }

    function warn() {
      if (!dialog.open) { dialog.showModal(); }
      var button = dialog.querySelector("[data-timeout-extend]");
      if (button) { button.focus(); }
    }

    function extend() {
      var body = new URLSearchParams();
      body.append("csrf_token", token);
      fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json" },
        body: body,
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error("not kept"); }
        return response.json();
      }).then(function (kept) {
        dialog.close();
        // Keeping the answers starts the full time again: show when they will now be cleared.
        document.querySelectorAll("[data-clears-at]").forEach(function (time) {
          time.textContent = kept.clears_at;
        });
        schedule(kept.seconds_left);
      }).catch(function () { window.location.reload(); });
    }

    dialog.querySelector("[data-timeout-extend]").addEventListener("click", extend);
    schedule(parseInt(timeout.getAttribute("data-seconds-left"), 10));
  }

  // Switching language on a question page, or on the outcome page with a decision half typed,
  // keeps what is already entered: the form is sent with the switch, instead of the link
  // dropping what has not been saved yet.
  function setUpLanguageSwitch() {
    var form = document.querySelector("main form[data-page-form], main form[data-keep-on-switch]");
    if (!form) { return; }
    document.querySelectorAll(".header-nav a[hreflang]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "switch_language";
        input.value = link.getAttribute("hreflang");
        form.appendChild(input);
        form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpReveals();
    setUpLanguageSwitch();
    focusErrorSummary();
    setUpTimeout();
  });
})();
