// Sortable tables: click a heading to sort by that column; numbers sort numerically.
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, index) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("asc");
      table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].dataset.sort || a.cells[index].textContent.trim(), y = b.cells[index].dataset.sort || b.cells[index].textContent.trim();
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});

// The live alert feed: new alerts from the server-sent event stream go on top of the table.
// EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed or repeated.
(function () {
  var table = document.getElementById("alerts-table");
  if (!table || !window.EventSource) return;
  var status = document.getElementById("live-status");
  var source = new EventSource(table.dataset.stream);
  function text(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  source.onopen = function () { status.textContent = "live"; };
  source.onerror = function () { status.textContent = "reconnecting…"; };
  source.onmessage = function (e) {
    var a = JSON.parse(e.data);
    if (table.querySelector('tr[data-seq="' + a.seq + '"]')) return;
    var row = table.tBodies[0].insertRow(0);
    row.dataset.seq = a.seq;
    row.className = "new";
    row.innerHTML = '<td class="num">' + a.seq + "</td><td>" + text(a.created_at) + "</td><td><code>" + text(a.kind) +
      "</code></td><td>" + text(a.title) + "</td><td>" + text(a.tlp) + "</td>";
  };
})();

// Forms that remove something ask first.
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (e) {
    if (!window.confirm(form.dataset.confirm)) e.preventDefault();
  });
});
