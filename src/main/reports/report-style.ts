/**
 * The report's one stylesheet, inline so the file needs nothing beside it: readable on screen,
 * on paper and in a PDF (the print rules keep rows and commands whole and the colours of the
 * chart), with colours that keep their contrast and words beside every colour.
 */
export const REPORT_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; background: #ffffff; }
main, header, footer { max-width: 1000px; margin: 0 auto; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d1d1d1; }
h3 { font-size: 15px; margin: 20px 0 6px; }
p { margin: 6px 0; }
.drill { display: inline-block; margin: 0; padding: 2px 10px; border-radius: 4px; background: #fff4ce; color: #5c4300; border: 1px solid #c19c00; font-weight: 600; }
.subtitle { color: #424242; margin: 0 0 12px; }
.ending { margin: 16px 0; padding: 10px 14px; border-left: 6px solid; border-radius: 4px; }
.ending strong { display: block; font-size: 16px; }
.ending-good { background: #f1faf1; border-color: #107c10; }
.ending-warn { background: #fff9f5; border-color: #bc4b09; }
.ending-bad { background: #fdf3f4; border-color: #c50f1f; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 24px; margin: 12px 0; }
dl.facts dt { color: #424242; font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border: 1px solid #d1d1d1; overflow-wrap: anywhere; }
thead th { background: #f0f0f0; }
tbody tr { break-inside: avoid; }
.status { font-weight: 600; white-space: nowrap; }
.status-pass, .result-done { color: #0e700e; }
.status-warn, .result-interrupted, .result-running { color: #8a3707; }
.status-fail, .result-failed { color: #b10e1c; }
.result-skipped, .result-not-run, .muted { color: #505050; }
.number { white-space: nowrap; font-variant-numeric: tabular-nums; }
ol.plan { padding-left: 28px; }
ol.plan > li { margin: 8px 0; break-inside: avoid; }
.tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; border: 1px solid #8a8a8a; color: #424242; }
.tag-destructive { border-color: #c50f1f; color: #b10e1c; }
pre { margin: 4px 0; padding: 6px 8px; background: #f5f5f5; border: 1px solid #e0e0e0; border-radius: 3px; font: 12px/1.4 Consolas, "Cascadia Mono", "DejaVu Sans Mono", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.attempt { margin: 6px 0 12px; }
.figure { overflow-x: auto; }
svg.timeline { display: block; max-width: 100%; height: auto; font: 11px "Segoe UI", system-ui, Arial, sans-serif; }
svg.timeline .lane-alt { fill: #f5f5f5; }
svg.timeline .lane-label { fill: #1b1b1b; }
svg.timeline .tick { fill: #424242; }
svg.timeline .grid { stroke: #d1d1d1; stroke-width: 1; }
svg.timeline .axis-break { fill: #ffffff; stroke: #8a8a8a; stroke-dasharray: 3 3; }
.bar-done { fill: #107c10; }
.bar-running { fill: #0f6cbd; }
.bar-failed { fill: #c50f1f; }
.bar-failed-ground { fill: #f1bbbc; }
svg.timeline .bar-failed { fill: url(#failed-stripes); stroke: #c50f1f; }
.bar-interrupted { fill: #ffffff; stroke: #bc4b09; stroke-width: 2; stroke-dasharray: 4 2; }
.bar-skipped { fill: #616161; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 6px 0; list-style: none; font-size: 13px; }
.legend svg { vertical-align: middle; margin-right: 6px; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid #d1d1d1; color: #424242; font-size: 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { padding: 0; font-size: 10.5pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  .figure { overflow: visible; }
  section.timeline-section { break-inside: avoid; }
  pre { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
}
`;
