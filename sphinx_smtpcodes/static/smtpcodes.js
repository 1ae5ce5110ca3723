/* sphinx-smtpcodes: a filter box above each smtp-table.
 *
 * The HTML builder writes an empty, hidden <div class="smtp-filter"> before
 * each code table, with its labels in the page's language. This script turns
 * it into a labelled search field: typing hides the rows that do not contain
 * every word typed; Escape clears it; a status line says how many rows are
 * shown (announced to screen readers). Without JavaScript nothing changes.
 */
(function () {
  "use strict";
  var count = 0;

  function setUp(holder) {
    var box = holder.nextElementSibling;
    var table = box && box.querySelector("table.smtp-table");
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var id = "smtp-filter-" + (++count);

    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = holder.getAttribute("data-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    var status = document.createElement("span");
    status.className = "smtp-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length
        ? holder.getAttribute("data-status")
            .replace("{shown}", String(shown))
            .replace("{total}", String(rows.length))
        : "";
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        apply();
      }
    });
    holder.appendChild(label);
    holder.appendChild(input);
    holder.appendChild(status);
    holder.hidden = false;
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("div.smtp-filter"), setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
