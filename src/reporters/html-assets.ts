// The HTML report's inline stylesheet and script. Inline because the file must open anywhere with no
// network (attached to a ticket, opened months later); system fonts only. The script only enhances:
// filters and a detail side panel over a page that is complete without it.

export const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#b42318;--fail-bg:#ffe4e1;--err:#8250df;--err-bg:#f1e8ff;--pend:#9a6700;--pend-bg:#fff3c4}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1400px;margin:0 auto;padding:16px 24px 64px}
code,pre{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,monospace;font-size:12.5px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0 0 8px}h4{margin:14px 0 6px}
.banner{padding:14px 18px;border-radius:8px;border:2px solid;margin:8px 0 12px}
.banner.pass{border-color:var(--pass);background:var(--pass-bg)}.banner.fail{border-color:var(--fail);background:var(--fail-bg)}
.banner.pending{border-color:var(--pend);background:var(--pend-bg)}
.banner h1{margin:0}.banner .counts{margin-top:4px;color:var(--muted)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
.meta dt{color:var(--muted)}.meta dd{margin:0;overflow-wrap:anywhere}
.findings{list-style:none;padding:0;margin:0}
.findings li{margin:6px 0;padding:8px 12px;border-left:6px solid var(--fail);background:var(--soft)}
.findings li.allow,.findings li.leak{border-left-width:10px;background:var(--fail-bg);font-weight:600}
.findings li.error{border-left-color:var(--err)}.findings li.pending{border-left-color:var(--pend)}
.filters{display:none;gap:14px;align-items:center;flex-wrap:wrap;margin:8px 0;padding:8px 12px;background:var(--soft);border:1px solid var(--line);border-radius:6px}
.js .filters{display:flex}
.filters label{display:flex;gap:6px;align-items:center}
.matrix{border-collapse:separate;border-spacing:4px;margin:6px 0}
.matrix caption{text-align:left;color:var(--muted);padding:2px 4px}
.matrix th.corner{color:var(--muted);font-weight:normal;text-align:left;vertical-align:bottom}
.matrix th.persona{min-width:112px;text-align:center;vertical-align:bottom}
.pname{display:block;font-size:15px}.pclass{display:block;color:var(--muted);font-weight:normal;font-size:12px}
.matrix th.check{text-align:left;min-width:200px;max-width:280px;font-weight:normal;padding-right:10px}
.cname{display:block;font-weight:600}.layer{display:inline-block;font-size:11px;border:1px solid var(--line);border-radius:9px;padding:0 6px;margin:2px 0;color:var(--muted)}
.summary{display:block;color:var(--muted);font-size:12px;overflow-wrap:anywhere}
.cell{padding:0;border-radius:6px;border:1px solid var(--line);vertical-align:middle}
.cell a{display:block;padding:8px 10px;color:inherit;text-decoration:none;min-height:54px}
.cell a:hover,.cell a:focus{outline:3px solid #0969da;outline-offset:-3px;border-radius:6px}
.cell .word{font-weight:700}.cell .note{display:block;font-size:12px;color:var(--muted)}
.cell .icon{font-weight:700}.cell .head{white-space:nowrap}
.cell.pass-allowed,.swatch.pass-allowed{background:var(--pass-bg);border-color:#8ddb9c}
.cell.pass-denied,.swatch.pass-denied{background:#eef7f0;border-color:#b7e4c0}
.pass-allowed .icon,.pass-denied .icon{color:var(--pass)}
.cell.fail,.swatch.fail{background:var(--fail-bg);border-color:var(--fail)}
.cell.allow,.cell.leak,.swatch.allow,.swatch.leak{border:3px solid var(--fail);color:#fff;
background:repeating-linear-gradient(135deg,#b42318 0 10px,#cf3a2f 10px 20px)}
.cell.allow .note,.cell.leak .note{color:#fff}
.cell.error,.swatch.error{background:var(--err-bg);border-color:var(--err);border-style:dashed}
.cell.pending,.swatch.pending{background:var(--pend-bg);border-color:var(--pend);border-style:dotted}
.cell.waived,.swatch.waived{background:var(--soft);border-color:var(--muted);border-style:dashed}.detail.waived{border-left-color:var(--muted)}.badge.waived{background:var(--muted);color:#fff}.findings li.waived,.findings li.warning{border-left-color:var(--pend)}
.owner{margin:4px 0 12px;font-weight:600}
.cell.none{border-style:none;text-align:center;color:var(--muted)}
.cell.selected{box-shadow:0 0 0 3px #0969da}
.cell.dim a{opacity:.15}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 16px;color:var(--muted);font-size:12px}
.swatch{display:inline-block;padding:1px 8px;border-radius:4px;border:1px solid;color:var(--fg);font-weight:600}
.swatch.allow,.swatch.leak{color:#fff}
table.plain{border-collapse:collapse}table.plain th,table.plain td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.detail{border:1px solid var(--line);border-left:8px solid var(--pass);border-radius:6px;padding:12px 16px;margin:12px 0}
.detail.fail,.detail.allow,.detail.leak{border-left-color:var(--fail)}.detail.error{border-left-color:var(--err)}.detail.pending{border-left-color:var(--pend)}
.detail small{color:var(--muted);font-weight:normal}
.badge{display:inline-block;padding:1px 8px;border-radius:4px;font-size:13px;border:1px solid var(--line)}
.badge.allow,.badge.leak,.badge.fail{background:var(--fail);color:#fff}.badge.error{background:var(--err);color:#fff}
.badge.pending{background:var(--pend);color:#fff}.badge.pass-allowed,.badge.pass-denied{background:var(--pass);color:#fff}
.compare{border-collapse:collapse;width:100%;margin:8px 0}
.compare th,.compare td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
.compare th[scope=row]{white-space:nowrap;width:1%}
.compare thead th{background:var(--soft)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
mark.identity{background:#fff0a8;border-radius:3px;padding:0 2px}
mark.leaked{background:var(--fail);color:#fff;border-radius:3px;padding:0 3px}
pre.json{background:var(--soft);border:1px solid var(--line);padding:8px;overflow:auto;max-height:420px}
pre.json .k{color:#0550ae}
.events{padding-left:18px}.muted{color:var(--muted)}
#panel{position:fixed;top:0;right:0;bottom:0;width:min(580px,42vw);background:var(--bg);border-left:2px solid var(--line);
box-shadow:-8px 0 24px rgba(0,0,0,.15);overflow:auto;padding:12px 16px;z-index:10}
#panel .detail{margin-top:4px}
#panel-close{float:right;font-size:14px;padding:4px 10px;cursor:pointer}
.hidden-by-filter{display:none!important}
/* Wide screens: the panel sits beside the page instead of over the matrix. */
@media (min-width:1100px){body.panel-open main{margin-right:min(580px,42vw)}}
.matrix-wrap{overflow-x:auto}
footer{margin-top:40px;color:var(--muted);font-size:12px}
.trend{overflow-x:auto;border:1px solid var(--line);border-radius:6px;padding:8px;background:var(--soft)}
.trend-tables{margin:8px 0}.trend-tables summary{cursor:pointer}tr.gone td{color:var(--muted)}
@media print{.filters,#panel{display:none!important}.cell a{min-height:0}}
`;

export const SCRIPT = `
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var data = JSON.parse(document.getElementById("tip-report").textContent);
  var panel = document.getElementById("panel"), body = document.getElementById("panel-body");
  var selected = null;
  function open(id, remember) {
    var section = document.getElementById(id);
    if (!section) return;
    var copy = section.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("details").forEach(function (d) { d.open = true; });
    body.replaceChildren(copy);
    panel.hidden = false;
    document.body.classList.add("panel-open");
    if (selected) selected.classList.remove("selected");
    selected = null;
    document.querySelectorAll("td.cell > a[data-open]").forEach(function (a) { if (a.getAttribute("data-open") === id) selected = a.parentElement; });
    if (selected) selected.classList.add("selected");
    panel.focus();
    if (remember) { try { history.replaceState(null, "", "#" + id); } catch (e) { /* file:// may refuse */ } }
  }
  function close() {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (selected) { selected.classList.remove("selected"); selected.querySelector("a").focus(); selected = null; }
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-open]");
    if (a) { e.preventDefault(); open(a.getAttribute("data-open"), true); }
  });
  document.getElementById("panel-close").addEventListener("click", close);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !panel.hidden) close(); });

  var fPersona = document.getElementById("f-persona"), fVerdict = document.getElementById("f-verdict"), fLayer = document.getElementById("f-layer");
  var shown = document.getElementById("f-count");
  function matches(el) {
    var p = fPersona.value, v = fVerdict.value, l = fLayer.value;
    var verdict = el.getAttribute("data-verdict");
    return (!p || el.getAttribute("data-persona") === p) && (!l || el.getAttribute("data-layer") === l)
      && (!v || (v === "findings" ? verdict !== "pass" && verdict !== "none" : verdict === v));
  }
  function apply() {
    var p = fPersona.value, l = fLayer.value, count = 0;
    document.querySelectorAll("[data-persona]").forEach(function (el) {
      if (el.matches("th.persona, td.cell.none")) el.classList.toggle("hidden-by-filter", !!p && el.getAttribute("data-persona") !== p);
    });
    document.querySelectorAll("table.matrix tbody tr").forEach(function (tr) {
      var any = false;
      tr.querySelectorAll("td.cell:not(.none)").forEach(function (td) {
        var personaOut = !!p && td.getAttribute("data-persona") !== p;
        td.classList.toggle("hidden-by-filter", personaOut);
        var ok = matches(td);
        td.classList.toggle("dim", !personaOut && !ok);
        if (ok) { any = true; count++; }
      });
      tr.classList.toggle("hidden-by-filter", !any || (!!l && tr.getAttribute("data-layer") !== l));
    });
    document.querySelectorAll("section.detail").forEach(function (s) { s.classList.toggle("hidden-by-filter", !matches(s)); });
    shown.textContent = "showing " + count + " of " + data.results.length + " results";
  }
  [fPersona, fVerdict, fLayer].forEach(function (s) { s.addEventListener("change", apply); });
  apply();
  if (location.hash.length > 1) open(decodeURIComponent(location.hash.slice(1)), false);
})();
`;
