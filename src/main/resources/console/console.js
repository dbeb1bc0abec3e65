// WooTrack console: plain JavaScript, no framework, no inline code (the Content-Security-Policy allows scripts
// from this origin only). Every call goes to /admin with the admin token, which lives in this closure only:
// no cookie, no storage, so another site cannot act with it (no CSRF) and a reload signs out.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const numbers = new Intl.NumberFormat();
  const times = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  const VIEWS = ['sign-in', 'status', 'connect', 'orders', 'dead-letters', 'needs-review'];
  const PAGE = 25;

  let token = null;
  let state = null;          // the last /admin/status answer
  let refreshTimer = null;
  const wizard = { step: 1, code: null, tenant: null, id: null, stores: [], store: null };
  const orders = { page: 1, total: 0, q: '', state: '' };
  // an order's state (what its decisions add up to: GET /admin/orders?state=), as the list shows it
  const STATES = {
    sent: 'sent', 'tracking-written': 'tracking written', delivered: 'delivered', cancelled: 'cancelled',
    'dead-letter': 'dead letter', parked: 'parked', 'not-shippable': 'not shippable', ignored: 'ignored',
    deleted: 'deleted',
  };

  // ---- the admin API ------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message, field) {
      super(message);
      this.status = status;
      this.code = code;
      this.field = field;
    }
  }

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + token, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let answer;
    try {
      answer = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit', cache: 'no-store', redirect: 'error',
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'WooTrack did not answer. Is it running?');
    }
    let data = null;
    try {
      data = await answer.json();
    } catch (e) {
      data = null;
    }
    if (!answer.ok) {
      if (answer.status === 401 && path !== '/admin/status') signOut('Your session ended: sign in again.');
      const message = data && typeof data.message === 'string' && answer.status < 500
        ? data.message : answer.status >= 500 ? 'WooTrack could not do that; its log says why.'
          : 'The request was refused (HTTP ' + answer.status + ').';
      throw new ApiError(answer.status, data && data.error, message, data && data.field);
    }
    return data;
  }

  // ---- small helpers ------------------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : times.format(d);
  }

  function timeEl(iso) {
    return iso ? el('time', { datetime: iso, text: when(iso) }) : '—';
  }

  function num(n) {
    return n === null || n === undefined ? '—' : numbers.format(n);
  }

  function facts(dl, rows) {
    dl.replaceChildren();
    for (const [term, value, cls] of rows) {
      dl.append(el('dt', { text: term }), el('dd', { class: cls }, value === null || value === undefined ? '—' : value));
    }
  }

  function notice(text, kind) {
    const n = $('notice');
    n.textContent = text || '';
    n.className = 'notice' + (kind ? ' ' + kind : '');
  }

  function fieldError(id, message) {
    const input = $(id);
    const error = $(id + '-error');
    if (error) error.textContent = message || '';
    if (input) {
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  function busy(form, on) {
    for (const b of form.querySelectorAll('button')) b.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function badge(node, trackingtech) {
    const s = (trackingtech && trackingtech.state) || 'unknown';
    const label = { connected: 'Connected', disconnected: 'Disconnected', 'login-required': 'Login required' }[s] || s;
    node.textContent = label;
    node.className = 'badge ' + s;
    node.dataset.state = s;
    node.hidden = false;
  }

  // ---- views --------------------------------------------------------------------------------------------------

  function show(view) {
    if (!token) view = 'sign-in';
    notice(''); // a message belongs to the view it was shown on
    for (const v of VIEWS) $('view-' + v).hidden = v !== view;
    for (const b of document.querySelectorAll('#nav [data-view]')) {
      if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    }
    document.body.dataset.view = view;
    const title = $('view-' + view).querySelector('h2');
    if (title) title.focus();
    if (location.hash !== '#' + view && view !== 'sign-in') history.replaceState(null, '', '#' + view);
    clearInterval(refreshTimer);
    refreshTimer = null;
    if (view === 'status') {
      loadStatus();
      refreshTimer = setInterval(() => { if (!document.hidden) loadStatus(); }, 10000);
    } else if (view === 'connect') {
      loadStatus().then(showConnection);
    } else if (view === 'orders') {
      loadOrders();
    } else if (view === 'dead-letters') {
      loadDeadLetters();
    } else if (view === 'needs-review') {
      loadReviews();
    }
  }

  function signOut(message) {
    token = null;
    state = null;
    clearInterval(refreshTimer);
    // nothing of what was shown stays in the page
    for (const id of ['tt-facts', 'day-counts', 'hook-facts', 'poll-facts', 'wait-facts', 'history-list', 'stores']) {
      $(id).replaceChildren();
    }
    for (const t of document.querySelectorAll('tbody')) t.replaceChildren();
    $('history').hidden = true;
    $('nav').hidden = true;
    $('badge').hidden = true;
    resetWizard();
    history.replaceState(null, '', location.pathname);
    show('sign-in');
    notice(message || '', message ? 'bad' : '');
  }

  // ---- sign in ------------------------------------------------------------------------------------------------

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const given = $('token').value.trim();
    fieldError('token', '');
    if (!given) {
      fieldError('token', 'Enter the admin token.');
      $('token').focus();
      return;
    }
    busy(form, true);
    token = given;
    try {
      state = await api('GET', '/admin/status');
      $('token').value = '';
      $('nav').hidden = false;
      badge($('badge'), state.trackingtech);
      notice('');
      const wanted = location.hash.slice(1);
      show(VIEWS.includes(wanted) && wanted !== 'sign-in' ? wanted : 'status');
    } catch (e) {
      token = null;
      fieldError('token', e.status === 401 ? 'That is not this WooTrack\'s admin token.'
        : e.code === 'admin_api_off' ? 'The admin API is off: start WooTrack with wootrack.admin.token set.'
          : e.message);
      $('token').focus();
    } finally {
      busy(form, false);
    }
  });

  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  for (const b of document.querySelectorAll('#nav [data-view]')) {
    b.addEventListener('click', () => show(b.dataset.view));
  }
  window.addEventListener('hashchange', () => {
    const v = location.hash.slice(1);
    if (token && VIEWS.includes(v) && document.body.dataset.view !== v) show(v);
  });

  // ---- status -------------------------------------------------------------------------------------------------

  async function loadStatus() {
    try {
      state = await api('GET', '/admin/status');
    } catch (e) {
      if (token) notice(e.message, 'bad');
      return state;
    }
    renderStatus(state);
    return state;
  }

  function renderStatus(s) {
    const tt = s.trackingtech || {};
    badge($('badge'), tt);
    badge($('tt-badge'), tt);
    $('status-now').textContent = when(s.now);
    $('status-now').setAttribute('datetime', s.now || '');
    const failure = tt.lastFailure;
    facts($('tt-facts'), [
      ['Store', tt.storeName ? tt.storeName + ' (' + tt.store + ')' : null],
      ['Courier', tt.tenant ? tt.tenant + ' (' + tt.code + ')' : null],
      ['Linked', tt.linkedAt ? timeEl(tt.linkedAt) : null],
      ['Last order sent', s.lastSent ? el('span', {}, '#' + s.lastSent.order + ', ', timeEl(s.lastSent.at)) : null],
      ['Last answer', tt.lastAnswer ? el('span', {}, 'HTTP ' + tt.lastAnswerStatus + ', ', timeEl(tt.lastAnswer)) : null],
      ['Last failure', failure ? el('span', {}, failure.what + ', ', timeEl(failure.at)) : 'none', failure ? 'bad' : ''],
      ['Health', tt.healthy ? 'answering' : tt.problem || 'failing lately', tt.healthy ? 'good' : 'bad'],
    ].filter((r) => r[1] !== null || ['Store', 'Last order sent'].includes(r[0])));
    const day = Object.entries(s.last24h || {});
    facts($('day-counts'), day.length ? day.map(([k, v]) => [k, num(v), k === 'dead-letter' ? 'bad' : ''])
      : [['decisions', '0']]);
    const w = s.webhooks || {};
    // the webhooks WooTrack installed in the store (`webhooks install`), as its webhooks check saw them last
    const installed = w.installed || [];
    const hookRows = installed.length ? installed.map((h) => [h.topic + (h.id ? ' (#' + h.id + ')' : ''),
      h.alarm ? h.status || 'alarm' : (h.status || 'installed') + (h.repairs ? ', repaired ' + num(h.repairs) + '×' : ''),
      h.alarm ? 'bad' : h.status === 'active' ? 'good' : ''])
      : [['Installed', 'none by WooTrack (wootrack webhooks install)']];
    const repaired = installed.filter((h) => h.lastRepair && h.repairedAt)
      .sort((a, b) => (a.repairedAt < b.repairedAt ? 1 : -1))[0];
    facts($('hook-facts'), hookRows.concat([
      ['Last repair', repaired ? el('span', {}, repaired.topic + ', ', timeEl(repaired.repairedAt)) : null],
      ['Last signed delivery', timeEl(w.lastSigned)],
      ['Signature failures', num(w.signatureFailures), w.signatureFailures ? 'bad' : ''],
      ['Last failure', timeEl(w.lastSignatureFailure)],
    ]).filter((r) => r[1] !== null || r[0] !== 'Last repair'));
    // an alarm stays in view, above the cards, until the webhook is repaired (active, the gap read again)
    const alarms = installed.filter((h) => h.alarm);
    $('alarms').hidden = alarms.length === 0;
    $('alarm-list').replaceChildren(...alarms.map((h) => el('li', { text: h.alarm })));
    $('c-hooks').textContent = w.scope ? 'Webhooks (all nodes)' : 'Webhooks';
    // every node that shares the database, this one first: alive (its heartbeat) or since when it is gone
    const nodes = (s.nodes || []).slice().sort((a, b) => (b.self ? 1 : 0) - (a.self ? 1 : 0));
    $('c-nodes-card').hidden = nodes.length === 0;
    facts($('node-facts'), nodes.map((n) => [n.id + (n.self ? ' (this one)' : ''),
      n.alive ? el('span', {}, 'alive, last webhook ', timeEl(n.webhooks && n.webhooks.lastSigned))
        : el('span', {}, n.stoppedAt ? 'stopped ' : 'not seen since ', timeEl(n.stoppedAt || n.lastSeen)),
      n.alive ? 'good' : '']));
    const p = s.poller || {};
    facts($('poll-facts'), [
      ['Polling', p.enabled ? 'on' : 'off'],
      ['Last poll', p.lastPoll ? el('span', {}, timeEl(p.lastPoll), ', ' + num(p.lastPollRead) + ' read') : null],
      ['Cursor', p.cursor ? timeEl(p.cursor.endsWith('Z') ? p.cursor : p.cursor + 'Z') : null],
      ['Problem', p.problem || 'none', p.problem ? 'bad' : ''],
    ]);
    facts($('wait-facts'), [
      ['Dead letters', num(s.deadLetters), s.deadLetters ? 'bad' : ''],
      ['Oldest parked', s.oldestParked ? el('span', {}, '#' + s.oldestParked.order + ' ' + s.oldestParked.reason
        + ', since ', timeEl(s.oldestParked.since)) : 'none'],
    ]);
    renderReconcile(s.reconcile);
  }

  // the last reconciliation (the scheduled route's or the `reconcile` command's): GET /admin/status carries its
  // summary; with differences, GET /admin/reconcile lists the orders (ids, categories, field names: no personal data)
  function renderReconcile(r) {
    if (!r) {
      facts($('reconcile-facts'), [['Last run', 'none yet']]);
      return;
    }
    const outcome = r.outcome === 'in-step' ? 'in step'
      : r.outcome === 'failed' ? 'could not reconcile: ' + r.problem : num(r.differences) + ' difference(s)';
    const rows = [
      ['Last run', el('span', {}, timeEl(r.finishedAt), ' (' + (r.by === 'schedule' ? 'scheduled' : 'command')
        + (r.fix ? ', with fix' : '') + ')')],
      ['Orders changed', el('span', {}, 'from ', timeEl(r.since), ' to ', timeEl(r.until))],
      ['Outcome', outcome, r.outcome === 'in-step' ? 'good' : 'bad'],
    ];
    if (r.outcome !== 'failed') {
      rows.push(['Checked', num(r.checked)]);
      Object.entries(r.counts || {}).filter(([k, v]) => v > 0 && k !== 'in-step')
        .forEach(([k, v]) => rows.push([k, num(v), ['parked', 'dead-letter', 'in-progress'].includes(k) ? '' : 'bad']));
    }
    facts($('reconcile-facts'), rows);
    if (r.outcome === 'differences') {
      api('GET', '/admin/reconcile').then((full) => {
        const lines = (full.orders || []).filter((l) => !['in-step', 'parked', 'dead-letter', 'in-progress']
          .includes(l.category)).slice(0, 10);
        facts($('reconcile-facts'), rows.concat(lines.map((l) => ['#' + l.order, l.category + ': ' + l.detail, 'bad'])));
      }).catch(() => {});
    }
  }

  $('status-refresh').addEventListener('click', loadStatus);

  // ---- connection: the wizard and disconnect ------------------------------------------------------------------

  function showConnection(s) {
    const tt = (s && s.trackingtech) || {};
    const linked = tt.state === 'connected' || tt.state === 'login-required';
    $('connected-panel').hidden = !linked;
    $('wizard').hidden = linked && tt.state !== 'login-required';
    if (linked) {
      $('connected-store').textContent = (tt.storeName || '') + ' (' + (tt.store || '') + ')';
      $('connected-tenant').textContent = tt.tenant || tt.code || '';
    }
    if (!$('wizard').hidden) step(wizard.step);
  }

  function resetWizard() {
    Object.assign(wizard, { step: 1, code: null, tenant: null, id: null, stores: [], store: null });
    for (const id of ['code', 'email', 'password']) { $(id).value = ''; fieldError(id, ''); }
    fieldError('store', '');
    step(1);
  }

  function step(n) {
    wizard.step = n;
    for (let i = 1; i <= 4; i++) $('step-' + i).hidden = i !== n;
    for (const li of document.querySelectorAll('.steps li')) {
      const s = Number(li.dataset.step);
      if (s === n) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
      li.classList.toggle('done', s < n);
    }
    const first = $('step-' + n).querySelector('input:not([type=hidden]), button[type=submit]');
    if (first && !$('wizard').hidden && !$('view-connect').hidden) first.focus();
  }

  for (const b of document.querySelectorAll('[data-back]')) {
    b.addEventListener('click', () => step(Number(b.dataset.back)));
  }

  $('step-1').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('code').value.trim();
    fieldError('code', '');
    if (!code) { fieldError('code', 'Enter the courier code.'); $('code').focus(); return; }
    busy(event.target, true);
    try {
      const r = await api('POST', '/admin/connect/resolve', { code });
      wizard.code = r.code;
      wizard.tenant = r.tenant;
      $('tenant-name').textContent = r.tenant + ' (' + r.code + ')';
      step(2);
    } catch (e) {
      fieldError('code', e.message);
      $('code').focus();
    } finally {
      busy(event.target, false);
    }
  });

  $('step-2').addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = $('email').value.trim();
    const password = $('password').value;
    fieldError('email', '');
    fieldError('password', '');
    if (!email) { fieldError('email', 'Enter the email of your TrackingTech account.'); $('email').focus(); return; }
    if (!password) { fieldError('password', 'Enter the password.'); $('password').focus(); return; }
    busy(event.target, true);
    try {
      const r = await api('POST', '/admin/connect/login', { code: wizard.code, email, password });
      $('password').value = '';
      wizard.id = r.wizard;
      wizard.stores = r.stores;
      const list = $('stores');
      list.replaceChildren();
      r.stores.forEach((s, i) => {
        const id = 'store-' + i;
        list.append(el('label', { class: 'choice', for: id },
          el('input', { type: 'radio', name: 'store', id, value: s.id, checked: r.stores.length === 1 || null }),
          s.name + ' (' + s.id + ')'));
      });
      step(3);
    } catch (e) {
      const field = e.field === 'code' ? 'code' : e.field === 'email' ? 'email' : 'password';
      if (field === 'code') { step(1); }
      fieldError(field, e.message);
      $(field).focus();
    } finally {
      busy(event.target, false);
    }
  });

  $('step-3').addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = document.querySelector('#stores input[name=store]:checked');
    fieldError('store', '');
    if (!chosen) { fieldError('store', 'Choose a store.'); return; }
    wizard.store = wizard.stores.find((s) => s.id === chosen.value);
    $('confirm-store').textContent = wizard.store.name + ' (' + wizard.store.id + ')';
    $('confirm-tenant').textContent = wizard.tenant;
    step(4);
  });

  $('step-4').addEventListener('submit', async (event) => {
    event.preventDefault();
    busy(event.target, true);
    try {
      const r = await api('POST', '/admin/connect/link', { wizard: wizard.id, storeId: wizard.store.id });
      resetWizard();
      notice('Connected: ' + r.storeName + ' of ' + r.tenant + '.'
        + (r.released ? ' ' + num(r.released) + ' waiting order(s) released.' : ''), 'good');
      showConnection(await loadStatus());
    } catch (e) {
      if (e.code === 'wizard_expired') {
        step(2);
        fieldError('password', e.message);
      } else {
        step(3);
        fieldError('store', e.message);
      }
    } finally {
      busy(event.target, false);
    }
  });

  $('disconnect').addEventListener('click', () => $('disconnect-dialog').showModal());
  $('disconnect-dialog').addEventListener('close', async () => {
    if ($('disconnect-dialog').returnValue !== 'confirm') return;
    try {
      await api('POST', '/admin/disconnect', {});
      notice('Disconnected from TrackingTech. Orders wait until you connect again.', 'good');
    } catch (e) {
      notice(e.message, 'bad');
    }
    showConnection(await loadStatus());
  });

  // ---- orders -------------------------------------------------------------------------------------------------

  async function loadOrders() {
    const params = new URLSearchParams({ page: orders.page, size: PAGE });
    if (orders.q) params.set('q', orders.q);
    if (orders.state) params.set('state', orders.state);
    let r;
    try {
      r = await api('GET', '/admin/orders?' + params);
    } catch (e) {
      notice(e.message, 'bad');
      return;
    }
    orders.total = r.total;
    const body = $('orders').tBodies[0];
    body.replaceChildren();
    for (const o of r.orders) {
      body.append(el('tr', {},
        el('td', { 'data-label': 'Order' }, el('button', {
          type: 'button', class: 'link', text: '#' + o.order, 'aria-label': 'History of order ' + o.order,
          onclick: () => loadHistory(o.order),
        })),
        el('td', { 'data-label': 'Status seen', text: o.statusSeen || '—' }),
        el('td', {
          'data-label': 'State', class: 'state ' + (o.state || ''), text: STATES[o.state] || o.state || o.decision,
          title: 'Latest: ' + o.decision + (o.reason ? ' — ' + o.reason : ''),
        }),
        el('td', { 'data-label': 'TrackingTech id', text: o.trackingTechId || '—' }),
        el('td', { 'data-label': 'Tracking number', text: o.trackingNumber || '—' }),
        el('td', { 'data-label': 'Last update' }, timeEl(o.at))));
    }
    const from = r.total === 0 ? 0 : (r.page - 1) * r.size + 1;
    const to = (r.page - 1) * r.size + r.orders.length;
    $('orders-count').textContent = r.total === 0 ? 'No orders match.'
      : num(from) + '–' + num(to) + ' of ' + num(r.total) + ' orders';
    $('orders-prev').disabled = r.page <= 1;
    $('orders-next').disabled = to >= r.total;
  }

  $('order-search').addEventListener('submit', (event) => {
    event.preventDefault();
    orders.q = $('q').value.trim();
    orders.state = $('state').value;
    orders.page = 1;
    loadOrders();
  });
  $('orders-prev').addEventListener('click', () => { orders.page = Math.max(1, orders.page - 1); loadOrders(); });
  $('orders-next').addEventListener('click', () => { orders.page += 1; loadOrders(); });

  async function loadHistory(order) {
    let r;
    try {
      r = await api('GET', '/admin/orders/' + encodeURIComponent(order));
    } catch (e) {
      notice(e.message, 'bad');
      return;
    }
    $('history-title').textContent = 'Order #' + r.order + ': what happened';
    const list = $('history-list');
    list.replaceChildren();
    for (const d of r.decisions) {
      list.append(el('li', {},
        el('p', {}, timeEl(d.at), ' — ', el('span', { class: 'decision ' + d.decision, text: d.decision }),
          ' (' + d.source + (d.statusSeen ? ', status ' + d.statusSeen : '') + ')'),
        el('p', { text: d.reason }),
        d.trackingNumber ? el('p', { text: 'Tracking number ' + d.trackingNumber }) : null));
    }
    $('history').hidden = false;
    $('history-title').focus();
  }
  $('history-close').addEventListener('click', () => { $('history').hidden = true; $('q').focus(); });

  // ---- dead letters -------------------------------------------------------------------------------------------

  async function loadDeadLetters() {
    let list;
    try {
      list = await api('GET', '/admin/dead-letters');
    } catch (e) {
      notice(e.message, 'bad');
      return;
    }
    const body = $('dead-letters').tBodies[0];
    body.replaceChildren();
    for (const d of list) {
      const result = el('td', { 'data-label': 'Result', class: 'result', id: 'dl-result-' + d.id });
      body.append(el('tr', { 'data-id': d.id },
        el('td', { 'data-label': 'Select' }, el('input', {
          type: 'checkbox', value: d.id, 'aria-label': 'Select dead letter of order ' + d.order,
        })),
        el('td', { 'data-label': 'Order' }, el('button', {
          type: 'button', class: 'link', text: '#' + d.order, onclick: () => { show('orders'); loadHistory(d.order); },
        })),
        el('td', { 'data-label': 'Reason', text: d.reason }),
        el('td', { 'data-label': 'HTTP', class: 'num', text: d.httpStatus ? String(d.httpStatus) : '—' }),
        el('td', { 'data-label': 'Attempts', class: 'num', text: num(d.attempts) }),
        el('td', { 'data-label': 'Since' }, timeEl(d.createdAt)),
        result,
        el('td', { 'data-label': 'Action' }, el('button', {
          type: 'button', text: 'Replay', 'aria-label': 'Replay order ' + d.order,
          onclick: (event) => replay([d.id], event.target),
        }))));
    }
    $('dl-empty').hidden = list.length > 0;
    $('dl-replay-selected').disabled = list.length === 0;
    $('dl-replay-all').disabled = list.length === 0;
  }

  async function replay(ids, button) {
    if (button) button.disabled = true;
    let ok = 0;
    const failed = [];
    for (const id of ids) {
      const cell = $('dl-result-' + id);
      try {
        await api('POST', '/admin/dead-letters/' + encodeURIComponent(id) + '/replay');
        ok++;
        if (cell) { cell.textContent = 'Replayed'; cell.className = 'result good'; }
      } catch (e) {
        failed.push(id);
        if (cell) { cell.textContent = e.message; cell.className = 'result bad'; }
      }
    }
    const r = $('dl-result');
    r.textContent = num(ok) + ' replayed' + (failed.length ? ', ' + num(failed.length) + ' failed' : '')
      + '. Replayed orders go through the pipeline again; refresh to see what is left.';
    r.className = 'notice ' + (failed.length ? 'bad' : 'good');
    if (button) button.disabled = false;
  }

  $('dl-replay-selected').addEventListener('click', (event) => {
    const ids = [...document.querySelectorAll('#dead-letters tbody input[type=checkbox]:checked')].map((c) => c.value);
    if (ids.length === 0) {
      $('dl-result').textContent = 'Select the dead letters to replay first.';
      $('dl-result').className = 'notice bad';
      return;
    }
    replay(ids, event.target);
  });

  $('dl-replay-all').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      const r = await api('POST', '/admin/dead-letters/replay-all');
      for (const cell of document.querySelectorAll('#dead-letters td.result')) {
        cell.textContent = 'Replayed';
        cell.className = 'result good';
      }
      $('dl-result').textContent = 'All open dead letters replayed: ' + num(r.replayed)
        + '. They go through the pipeline again.';
      $('dl-result').className = 'notice good';
    } catch (e) {
      $('dl-result').textContent = e.message;
      $('dl-result').className = 'notice bad';
    } finally {
      event.target.disabled = false;
    }
  });
  $('dl-refresh').addEventListener('click', () => { $('dl-result').textContent = ''; loadDeadLetters(); });

  // ---- needs review: orders an address check holds, and "send anyway" -------------------------------------------

  async function loadReviews() {
    let list;
    try {
      list = await api('GET', '/admin/needs-review');
    } catch (e) {
      notice(e.message, 'bad');
      return;
    }
    const body = $('needs-review').tBodies[0];
    body.replaceChildren();
    for (const h of list) {
      const result = el('td', { 'data-label': 'Result', class: 'result', id: 'nr-result-' + h.order });
      body.append(el('tr', { 'data-order': h.order },
        el('td', { 'data-label': 'Order' }, el('button', {
          type: 'button', class: 'link', text: '#' + h.order, onclick: () => { show('orders'); loadHistory(h.order); },
        })),
        el('td', { 'data-label': 'What the checks found', class: 'reason', text: h.reason || '—' }),
        el('td', { 'data-label': 'State', class: 'state ' + (h.state || ''), text: STATES[h.state] || h.state || '—' }),
        el('td', { 'data-label': 'Since' }, timeEl(h.since)),
        result,
        el('td', { 'data-label': 'Action' }, el('button', {
          type: 'button', class: 'primary', text: 'Send anyway', 'aria-label': 'Send order ' + h.order + ' anyway',
          onclick: (event) => sendAnyway(h.order, event.target),
        }))));
    }
    $('nr-empty').hidden = list.length > 0;
  }

  async function sendAnyway(order, button) {
    button.disabled = true;
    const cell = $('nr-result-' + order);
    const r = $('nr-result');
    try {
      await api('POST', '/admin/orders/' + encodeURIComponent(order) + '/send-anyway');
      if (cell) { cell.textContent = 'Sent anyway'; cell.className = 'result good'; }
      r.textContent = 'Order #' + order + ' goes to TrackingTech within seconds; its history says when it is sent.';
      r.className = 'notice good';
    } catch (e) {
      button.disabled = false;
      if (cell) { cell.textContent = e.message; cell.className = 'result bad'; }
      r.textContent = e.message;
      r.className = 'notice bad';
    }
  }
  $('nr-refresh').addEventListener('click', () => { $('nr-result').textContent = ''; loadReviews(); });

  show('sign-in');
})();
