// Main thread: file choice, progress, and rendering the profile. All engine work is in worker.js.
const $ = (id) => document.getElementById(id);
const worker = new Worker('worker.js');
let currentName = '';

function show(id, on) {
  $(id).hidden = !on;
}

function text(tag, value) {
  const el = document.createElement(tag);
  el.textContent = value; // values are data: always text, never HTML
  return el;
}

function start(file) {
  currentName = file.name;
  show('error', false);
  show('result', false);
  show('status', true);
  $('progress').value = 0;
  $('progress-text').textContent = `Reading ${file.name}…`;
  worker.postMessage({ type: 'load', file });
}

function render({ info, profile }) {
  show('status', false);
  show('result', true);
  $('result-title').textContent =
    `${currentName}: ${profile.rows.toLocaleString()} rows, ${profile.columns.length} columns, ` +
    `quality score ${(profile.quality.score * 100).toFixed(1)}%`;
  const warnings = $('warnings');
  warnings.replaceChildren(...info.warnings.map((w) => text('li', w.message)));
  const body = $('columns').tBodies[0];
  body.replaceChildren(
    ...profile.columns.map((c) => {
      const tr = document.createElement('tr');
      const missing = profile.rows ? ((c.missing / profile.rows) * 100).toFixed(1) + '%' : '';
      const top = c.top.length ? `${c.top[0].value} (${c.top[0].count})` : '';
      tr.append(text('td', c.name), text('td', c.type), text('td', missing),
        text('td', c.distinct.toLocaleString()), text('td', top));
      return tr;
    }),
  );
  $('json').textContent = JSON.stringify(profile, null, 2);
}

worker.onmessage = ({ data }) => {
  if (data.type === 'progress') {
    $('progress').value = data.total ? data.bytes / data.total : 0;
    $('progress-text').textContent =
      `${(data.bytes / 1e6).toFixed(1)} of ${(data.total / 1e6).toFixed(1)} MB, ` +
      `${data.rows.toLocaleString()} rows`;
  } else if (data.type === 'profiling') {
    $('progress-text').textContent = `Profiling column ${data.done} of ${data.total}…`;
  } else if (data.type === 'done') {
    render(data);
  } else if (data.type === 'error') {
    show('status', false);
    show('error', true);
    $('error').textContent = `${currentName}: ${data.message}`;
  }
};

$('file').addEventListener('change', (e) => e.target.files[0] && start(e.target.files[0]));
$('cancel').addEventListener('click', () => worker.postMessage({ type: 'cancel' }));
$('sample').addEventListener('click', async () => {
  const res = await fetch('sample/customers_sample.csv');
  const blob = await res.blob();
  start(new File([blob], 'customers_sample.csv', { type: 'text/csv' }));
});
const drop = $('drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files[0]) start(e.dataTransfer.files[0]);
});
