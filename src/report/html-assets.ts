// The HTML report's only style and script. The page's CSP allows exactly these by their
// sha256 hash, so any change here changes the policy with it (html.ts computes both).

export const HTML_STYLE = `
:root {
  color-scheme: light;
  --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --panel: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --error: #8250df;
  --manual: #0969da; --skip: #818b98;
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
[hidden] { display: none !important; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0; }
code { font: .85em ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.tool { color: var(--muted); font-size: .85rem; }
.total { font-weight: 600; }
.chips { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.chip { border: 1px solid var(--line); border-radius: 1rem; padding: .1rem .7rem; }
.chip .n { font-weight: 700; }
.sections { border-collapse: collapse; width: 100%; }
.sections th { text-align: left; font-weight: normal; padding: .15rem 1rem .15rem 0; width: 18rem; }
.sections td { padding: .15rem 0; }
.sections .tally { color: var(--muted); font-size: .85rem; padding-left: 1rem; width: 16rem; }
.bar { display: block; width: 100%; height: .8rem; background: var(--panel); }
rect.s-pass { fill: var(--pass); } rect.s-fail { fill: var(--fail); }
rect.s-warn { fill: var(--warn); } rect.s-error { fill: var(--error); }
rect.s-manual { fill: var(--manual); } rect.s-skip { fill: var(--skip); }
.filters {
  position: sticky; top: 0; z-index: 1; background: var(--panel); border: 1px solid var(--line);
  border-radius: .4rem; padding: .5rem .8rem; margin: 1.5rem 0 0;
  display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center;
}
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .8rem; }
.filters legend { float: left; margin-right: .5rem; color: var(--muted); }
.shown { margin: 0; color: var(--muted); }
.item { border: 1px solid var(--line); border-left-width: .35rem; border-radius: .3rem;
  padding: .6rem .8rem; margin: .6rem 0; break-inside: avoid; }
.item.s-pass { border-left-color: var(--pass); } .item.s-fail { border-left-color: var(--fail); }
.item.s-warn { border-left-color: var(--warn); } .item.s-error { border-left-color: var(--error); }
.item.s-manual { border-left-color: var(--manual); } .item.s-skip { border-left-color: var(--skip); }
.item-summary { margin: .3rem 0; }
.badge { display: inline-block; min-width: 4.2rem; text-align: center; border-radius: .2rem;
  color: #fff; font-size: .75rem; font-weight: 700; padding: .05rem .3rem; }
.badge.s-pass { background: var(--pass); } .badge.s-fail { background: var(--fail); }
.badge.s-warn { background: var(--warn); } .badge.s-error { background: var(--error); }
.badge.s-manual { background: var(--manual); } .badge.s-skip { background: var(--skip); }
.tag { font-size: .8rem; font-weight: normal; color: var(--warn); }
.checks { list-style: none; padding: 0; margin: .4rem 0 0; }
.check { border-top: 1px dashed var(--line); padding: .4rem 0; }
.check p { margin: .2rem 0; }
.severity { font-size: .8rem; color: var(--muted); text-transform: uppercase; }
.evidence { margin: .2rem 0; padding-left: 1.2rem; color: var(--muted); }
.location, .url { color: var(--muted); }
.fix { background: var(--panel); padding: .3rem .5rem; border-radius: .2rem; }
.waived { color: var(--warn); font-style: italic; }
.waived.expired { color: var(--fail); }
.waivers .expired { color: var(--fail); } .waivers .unused { color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .filters { display: none !important; }
  .item, .sections tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  .badge, .bar, rect { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;

export const HTML_SCRIPT = `
(() => {
  const form = document.querySelector('form.filters');
  const items = Array.from(document.querySelectorAll('article.item'));
  const sections = Array.from(document.querySelectorAll('main > section'));
  const shown = form.querySelector('.shown');
  const update = () => {
    const statuses = new Set(
      Array.from(form.querySelectorAll('input[name=status]:checked'), (input) => input.value),
    );
    const section = form.elements.namedItem('section').value;
    let visible = 0;
    for (const item of items) {
      const show = statuses.has(item.dataset.status) &&
        (section === '' || item.dataset.section === section);
      item.hidden = !show;
      if (show) visible += 1;
    }
    for (const block of sections) block.hidden = !block.querySelector('article.item:not([hidden])');
    shown.textContent = 'Showing ' + visible + ' of ' + items.length + ' items';
  };
  form.addEventListener('change', update);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.hidden = false;
  update();
})();
`;
