// The page's HTML: the frame app.js fills in. Edited here; served as is.
#include "sluice/ui/ui_page.h"

namespace sluice::ui {

const std::string_view kIndexHtml = R"page(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sluice</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header>
  <div class="brand"><span class="mark"></span>Sluice</div>
  <div id="warehouse" class="where"></div>
</header>
<main>
  <div id="error" class="error" hidden></div>
  <section id="summary" class="summary"></section>
  <section class="card">
    <div class="card-head">
      <h2>Runs over time</h2>
      <div class="legend"><span class="key rows"></span>rows per run<span class="key duration"></span>duration</div>
    </div>
    <div id="runs-chart" class="chart"></div>
  </section>
  <section class="card">
    <div class="card-head"><h2>Recent runs</h2></div>
    <div class="scroll">
      <table id="runs-table" class="grid">
        <thead><tr><th>started (UTC)</th><th>connection</th><th>status</th><th class="num">duration</th><th class="num">rows</th><th class="num">requests</th><th class="num">retries</th><th>error</th></tr></thead>
        <tbody></tbody>
      </table>
    </div>
  </section>
  <h2 class="section">Tables</h2>
  <section id="tables"></section>
</main>
<script src="/app.js"></script>
</body>
</html>
)page";

}  // namespace sluice::ui
