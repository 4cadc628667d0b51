// The condition picker's filter box (templates/conditions/_picker.html).
//
// Without JavaScript the picker is plain grouped checkboxes and the box stays
// hidden. With it, the box appears and narrows the list as people type: a
// condition stays if every typed word is found in its name, its synonyms, or
// its parents' and group's names (data-terms), so "crohns" and "ibd" both find
// Crohn's disease. Hiding a row never unticks it: a line under the box lists
// what is chosen, and says when that is more than the form accepts.
(function () {
  "use strict";

  // Lower case, accents and apostrophes dropped, anything else between words a space:
  // "Crohn's" and "crohns" read the same, and so do "Coeliac" and "coeliac".
  function normalise(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2019]/g, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  }

  function setUp(picker) {
    if (picker.dataset.pickerReady) return; // the macro may be on a page twice
    picker.dataset.pickerReady = "true";
    var box = picker.querySelector(".picker-filter");
    var input = picker.querySelector(".picker-filter-input");
    var status = picker.querySelector(".picker-status");
    var chosenLine = picker.querySelector(".picker-chosen");
    var noMatch = picker.querySelector(".picker-no-match");
    var groups = Array.prototype.slice.call(picker.querySelectorAll(".picker-group"));
    var options = Array.prototype.slice.call(picker.querySelectorAll(".picker-option"));
    var max = parseInt(picker.dataset.maxChoices || "0", 10);
    var terms = options.map(function (option) {
      return " " + normalise(option.dataset.terms || "") + " ";
    });

    function filter() {
      var words = normalise(input.value).split(" ").filter(Boolean);
      var shown = 0;
      options.forEach(function (option, i) {
        var match = words.every(function (word) {
          return terms[i].indexOf(word) !== -1;
        });
        option.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector(".picker-option:not([hidden])");
      });
      noMatch.hidden = shown > 0;
      if (!words.length) {
        status.textContent = "";
      } else {
        status.textContent =
          shown === 0 ? "No condition matches." : shown + (shown === 1 ? " condition matches." : " conditions match.");
      }
    }

    function showChosen() {
      var names = options
        .filter(function (option) {
          return option.querySelector("input").checked;
        })
        .map(function (option) {
          return option.querySelector("label span").textContent.trim();
        });
      var text = names.length ? "Chosen: " + names.join(", ") + "." : "None chosen yet.";
      if (max && names.length > max) {
        text += " That is " + names.length + ": please choose at most " + max + ".";
      }
      chosenLine.textContent = text;
      chosenLine.classList.toggle("error-message", Boolean(max && names.length > max));
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter in the filter must not send the whole form
      } else if (event.key === "Escape" && input.value) {
        event.preventDefault();
        input.value = "";
        filter();
      }
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") showChosen();
    });
    box.hidden = false;
    filter(); // a browser may have kept what was typed before a reload
    showChosen();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-condition-picker]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
