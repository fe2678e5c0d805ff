// patronat: the page's script — talks to the program on this computer only (same origin,
// the token in a header), and builds every element with textContent (never HTML from data).
'use strict';
(function () {
  const token = document.querySelector('meta[name="patronat-token"]').content;
  const $ = (id) => document.getElementById(id);
  const kinds = { passport: 'паспорт', plan: 'план', order: 'приказ', report: 'отчёт', print: 'файл для печати', inventory: 'опись' };
  let state = null;
  let polling = null;

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function link(path, text) {
    return el('a', { href: path + (path.includes('?') ? '&' : '?') + 'token=' + token, target: '_blank', rel: 'noopener' }, text);
  }
  async function api(path, body) {
    const opt = { headers: { 'X-Patronat-Token': token }, cache: 'no-store' };
    if (body !== undefined) { opt.method = 'POST'; opt.body = body; }
    const r = await fetch(path, opt);
    let data = {};
    try { data = await r.json(); } catch (e) { data = { error: 'ответ не разобран' }; }
    data.status = r.status;
    return data;
  }
  function plural(n, one, few, many) {
    const d = n % 10, h = n % 100;
    return n + ' ' + (d === 1 && h !== 11 ? one : d >= 2 && d <= 4 && (h < 12 || h > 14) ? few : many);
  }

  // ---- tabs
  const tabs = ['data', 'check', 'docs', 'archive'];
  function show(name) {
    for (const t of tabs) {
      $('tab-' + t).setAttribute('aria-selected', String(t === name));
      $(t).hidden = t !== name;
    }
    if (name === 'archive') loadArchive();
  }
  for (const t of tabs) $('tab-' + t).addEventListener('click', () => show(t));

  // ---- Данные and Проверка
  function where(p) {
    if (p.cell && !p.sheet && p.line > 0) return 'строка ' + p.line + ', ячейка ' + p.cell;
    if (p.cell) return 'ячейка ' + p.cell;
    if (p.line > 0) return 'строка ' + p.line;
    return '';
  }
  function problemRows(tbody, problems) {
    tbody.replaceChildren();
    for (const p of problems) {
      tbody.append(el('tr', { className: p.level },
        el('td', {}, el('span', { className: 'level ' + p.level }, p.level === 'error' ? 'ошибка' : 'предупреждение')),
        el('td', {}, p.file || ''), el('td', {}, p.sheet || ''), el('td', {}, where(p)),
        el('td', {}, p.field || ''), el('td', {}, p.graduate || ''), el('td', {}, p.message)));
    }
  }
  function checkSummary(s) {
    if (s.errors > 0) return 'Ошибок: ' + s.errors + ', предупреждений: ' + s.warnings + '. Пока ошибки не исправлены, документы не делаются.';
    if (s.warnings > 0) return 'Ошибок нет; предупреждений: ' + s.warnings + ' — документы можно делать, но проверьте их.';
    return 'Ошибок и предупреждений нет.';
  }
  async function loadState() {
    const s = await api('api/state');
    if (s.status !== 200) { $('folders').textContent = s.error || 'нет ответа'; return; }
    state = s;
    $('folders').textContent = 'Входная папка: ' + s.input + ' · документы: ' + s.output + ' · дата документов: ' + s.date.split('-').reverse().join('.');
    $('summary').textContent = 'Учебный год ' + s.year + '/' + (s.year + 1) + ' · ' + plural(s.graduates, 'выпускник', 'выпускника', 'выпускников');
    const tb = $('tables').tBodies[0];
    tb.replaceChildren();
    for (const t of s.tables)
      tb.append(el('tr', {}, el('td', {}, t.title), el('td', {}, t.file || 'нет'), el('td', { className: 'num' }, t.file ? String(t.rows) : '—')));
    $('sample').hidden = !s.sample_workbook;
    problemRows($('problems').tBodies[0], s.problems);
    $('check-summary').textContent = checkSummary(s);
    const badge = $('badge');
    badge.textContent = s.errors ? String(s.errors) : s.warnings ? String(s.warnings) : '';
    badge.className = 'badge ' + (s.errors ? 'error' : s.warnings ? 'warning' : '');
    const blocked = $('docs-blocked');
    blocked.hidden = !s.failed;
    blocked.textContent = s.failed ? 'Документы сделать нельзя: во входных данных ' + plural(s.errors, 'ошибка', 'ошибки', 'ошибок') + '. Их список — в разделе «Проверка».' : '';
    for (const b of document.querySelectorAll('[data-docs]')) b.disabled = s.failed;
    const year = $('year');
    if (!year.options.length) {
      for (let y = s.year - 5; y <= s.year + 1; y++) year.append(el('option', { value: String(y), selected: y === s.year }, y + '/' + (y + 1)));
    }
  }
  $('recheck').addEventListener('click', loadState);

  // ---- uploads
  async function upload(files) {
    if (!files.length) return;
    const out = $('upload-result');
    out.className = '';
    out.textContent = 'Проверка: ' + Array.from(files, (f) => f.name).join(', ') + '…';
    const fd = new FormData();
    for (const f of files) fd.append('file', f, f.name);
    const r = await api('api/upload', fd);
    out.replaceChildren();
    if (r.status === 200) {
      out.className = 'ok';
      out.append('Таблицы заменены: ' + r.files.join(', ') + '. ' + checkSummary(r));
    } else if (r.status === 422) {
      out.className = 'alert';
      out.append('Таблицы не заменены: в них ' + plural(r.errors, 'ошибка', 'ошибки', 'ошибок') + '; прежние остались как были. Исправьте и загрузите снова.');
      const t = el('table', { id: 'upload-problems' }, el('thead', {}, el('tr', {}, ...['Уровень', 'Файл', 'Лист', 'Строка, ячейка', 'Поле', 'Выпускник', 'Что не так'].map((h) => el('th', {}, h)))), el('tbody'));
      problemRows(t.tBodies[0], r.problems.filter((p) => p.level === 'error'));
      out.append(t);
    } else {
      out.className = 'alert';
      out.textContent = 'Не загружено: ' + (r.error || r.status);
    }
    $('file').value = '';
    out.scrollIntoView({ block: 'nearest' });
    await loadState();
  }
  $('file').addEventListener('change', (e) => upload(e.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); upload(e.dataTransfer.files); });

  // ---- Документы
  function seconds(t) {
    const s = Math.max(0, Math.round(t));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function fileList(files) {
    const box = $('files');
    box.replaceChildren();
    if (!files.length) return;
    const main = el('ul');
    const groups = { passport: [], plan: [] };
    const rank = { order: 0, report: 1, print: 2, inventory: 3 };
    files = files.slice().sort((a, b) => ((rank[a.kind] ?? 4) - (rank[b.kind] ?? 4)) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of files) {
      if (groups[f.kind]) groups[f.kind].push(f);
      else main.append(el('li', {}, link('out/' + f.path, f.path), ' — ' + (kinds[f.kind] || f.kind) + ', ' + plural(f.pages, 'страница', 'страницы', 'страниц')));
    }
    main.append(el('li', {}, link('zip/documents.zip', 'Все документы одним архивом (.zip)')));
    box.append(el('h2', {}, 'Готовые документы'), main);
    for (const [kind, title] of [['passport', 'Паспорта'], ['plan', 'Планы мероприятий']]) {
      if (!groups[kind].length) continue;
      const ul = el('ul', { className: 'cols' });
      for (const f of groups[kind]) ul.append(el('li', {}, link('out/' + f.path, f.graduate || f.path)));
      box.append(el('details', {}, el('summary', {}, title + ': ' + groups[kind].length), ul));
    }
  }
  function setRunning(on) {
    $('progress').hidden = !on;
    for (const b of document.querySelectorAll('[data-docs]')) b.disabled = on || (state && state.failed);
  }
  async function poll() {
    const p = await api('api/progress');
    if (p.status !== 200) return;
    const bar = $('bar');
    bar.max = Math.max(1, p.total);
    bar.value = p.done;
    $('progress-text').textContent = p.total ? 'готово ' + p.done + ' из ' + p.total + (p.left >= 0 ? ', осталось ≈ ' + seconds(p.left) : '') : 'подготовка…';
    if (p.state === 'running') return;
    clearInterval(polling);
    polling = null;
    setRunning(false);
    const msg = $('run-message');
    msg.textContent = p.message;
    msg.className = p.state === 'done' ? 'ok' : 'alert';
    msg.id = 'run-message';
    msg.dataset.state = p.state;
    fileList(p.files);
    if (p.state === 'input') await loadState();
  }
  async function run(docs, graduate) {
    const form = new URLSearchParams({ docs: docs, year: $('year').value || '', graduate: graduate || '' });
    $('run-message').textContent = '';
    $('run-message').className = '';
    delete $('run-message').dataset.state;
    const r = await api('api/run', form);
    if (r.status !== 202) {
      $('run-message').className = 'alert';
      $('run-message').textContent = 'Не начато: ' + (r.error || r.status);
      return;
    }
    $('files').replaceChildren();
    setRunning(true);
    if (!polling) polling = setInterval(poll, 400);
  }
  for (const b of document.querySelectorAll('[data-docs]')) b.addEventListener('click', () => run(b.dataset.docs));
  $('cancel').addEventListener('click', () => api('api/cancel', new URLSearchParams()));

  // one graduate, found by surname
  let graduates = null;
  let asked = 0; // the latest search: an earlier answer arriving late is dropped
  async function find() {
    const q = $('surname').value.trim().toLocaleLowerCase('ru');
    const ul = $('found');
    const mine = ++asked;
    if (q && !graduates) {
      const list = (await api('api/graduates')).graduates || [];
      if (!graduates) graduates = list;
    }
    if (mine !== asked) return;
    ul.replaceChildren();
    if (!q) return;
    const hits = graduates.filter((g) => (g.surname || '').toLocaleLowerCase('ru').startsWith(q)).slice(0, 20);
    if (!hits.length) ul.append(el('li', {}, 'никого с такой фамилией'));
    for (const g of hits) {
      const li = el('li', {}, [g.surname, g.name, g.patronymic].filter(Boolean).join(' ') + ' (' + g.id + '): ');
      if (g.passport) li.append(link('out/passports/' + g.id + '.pdf', 'паспорт'), ' ');
      if (g.plan) li.append(link('out/plans/' + g.id + '.pdf', 'план'), ' ');
      const b = el('button', { type: 'button' }, g.passport ? 'сделать заново' : 'сделать паспорт и план');
      b.addEventListener('click', async () => { await run('graduate', g.id); graduates = null; });
      li.append(b);
      ul.append(li);
    }
  }
  $('surname').addEventListener('input', find);

  // ---- Архив
  function lines(box, v, none) {
    box.replaceChildren();
    if (v.error) { box.append(el('p', { className: 'alert' }, v.error)); return; }
    if (!v.count) { box.append(el('p', { className: 'ok' }, none)); return; }
    const ul = el('ul');
    for (const l of v.lines) ul.append(el('li', {}, l));
    box.append(el('p', {}, 'Найдено: ' + v.count), ul);
  }
  async function loadArchive() {
    const a = await api('api/archive');
    if (a.status !== 200) return;
    const links = $('archive-links');
    links.replaceChildren();
    if (a.inventory) links.append(link('out/print/inventory.pdf', 'Опись документов (PDF)'));
    if (a.manifest) links.append(link('out/manifest.csv', 'manifest.csv'));
    links.append(link('zip/documents.zip', 'Весь архив (.zip)'));
    lines($('verify'), a.verify, 'Все файлы совпадают с описью.');
    lines($('expired'), a.expired, 'Документов с истёкшим сроком хранения нет.');
  }

  loadState();
  api('api/progress').then((p) => { if (p.state === 'running') { setRunning(true); polling = setInterval(poll, 400); } });
})();
