// The page's style sheet. Edited here; served as is.
#include "sluice/ui/ui_page.h"

namespace sluice::ui {

const std::string_view kStyleCss = R"page(:root {
  --ink: #1c2430; --muted: #6a7483; --line: #e3e7ee; --bg: #f5f7fa; --card: #ffffff;
  --blue: #2f6fde; --blue-soft: #dbe7fb; --orange: #e8772e; --green: #1f9d61; --red: #d2423b;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
header { display: flex; align-items: baseline; gap: 18px; padding: 14px 32px;
  background: #16202e; color: #fff; }
.brand { font-size: 18px; font-weight: 650; letter-spacing: 0.2px; display: flex; align-items: center; gap: 9px; }
.mark { width: 14px; height: 14px; border-radius: 3px; background: linear-gradient(135deg, #5b9bff, #2f6fde); display: inline-block; }
.where { color: #aab6c6; font-size: 13px; font-family: ui-monospace, Menlo, Consolas, monospace; }
main { max-width: 1200px; margin: 0 auto; padding: 22px 32px 40px; }
h2 { font-size: 15px; font-weight: 620; margin: 0; }
h2.section { margin: 26px 0 12px; }
.card { min-width: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin-bottom: 16px; }
.card-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 10px; }
.legend { color: var(--muted); font-size: 12px; display: flex; align-items: center; gap: 6px; }
.key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-left: 12px; }
.key.rows { background: var(--blue); }
.key.duration { background: var(--orange); height: 3px; }
.summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px; margin-bottom: 16px; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; }
.stat .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.5px; }
.stat .value { font-size: 24px; font-weight: 640; margin-top: 2px; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .axis { stroke: var(--line); }
.chart .tick { fill: var(--muted); font-size: 11px; }
.chart .run-bar { fill: var(--blue); }
.chart .run-bar.failed { fill: var(--red); }
.chart .run-bar.unfinished { fill: #9aa5b5; }
.chart .duration-line { fill: none; stroke: var(--orange); stroke-width: 2; }
.chart .duration-dot { fill: #fff; stroke: var(--orange); stroke-width: 2; }
.scroll { overflow-x: auto; }
table.grid { border-collapse: collapse; width: 100%; font-size: 13px; }
.grid th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; border-bottom: 1px solid var(--line); padding: 6px 10px; white-space: nowrap; }
.grid td { border-bottom: 1px solid #f0f2f6; padding: 6px 10px; white-space: nowrap; max-width: 280px; overflow: hidden; text-overflow: ellipsis; }
.grid .num { text-align: right; font-variant-numeric: tabular-nums; }
.grid .null { color: #b3bbc7; font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.succeeded { background: #e3f5ec; color: var(--green); }
.badge.failed { background: #fbe6e5; color: var(--red); }
.badge.unfinished { background: #eceff3; color: var(--muted); }
.error-text { color: var(--red); }
#tables { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
.table-card .card-head h2 { font-family: ui-monospace, Menlo, Consolas, monospace; }
.row-count { color: var(--muted); font-size: 13px; }
.row-count b { color: var(--ink); font-size: 15px; }
.columns { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 12px; }
.column { border: 1px solid var(--line); border-radius: 5px; padding: 1px 7px; font-size: 12px; background: #fafbfc; }
.column .type { color: var(--blue); font-size: 11px; margin-left: 5px; font-weight: 600; }
.caption { color: var(--muted); font-size: 12px; margin: 4px 0 6px; }
.error { background: #fbe6e5; color: var(--red); border: 1px solid #f1c4c1; border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; }
.empty { color: var(--muted); padding: 18px 0; text-align: center; }
)page";

}  // namespace sluice::ui
