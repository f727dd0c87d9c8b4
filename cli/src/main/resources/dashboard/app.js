'use strict';
// The dashboard's page: the runs, and one run as it goes, from the server's event stream; actions are POSTs that carry
// the token. Everything shown is set as text, never as markup.
(() => {
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = id => document.getElementById(id);
  const count = n => (n === null || n === undefined) ? '' : Number(n).toLocaleString('en-US');
  let source = null;
  let shown = null;
  let current = null;

  function api(path) {
    return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
  }

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([key, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (key === 'className') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    });
    children.forEach(child => node.append(child));
    return node;
  }

  function seconds(s) {
    if (s === null || s === undefined) return '';
    if (s < 60) return (s < 10 ? s.toFixed(1) : Math.round(s)) + ' s';
    const m = Math.floor(s / 60);
    return m < 60 ? m + ' min ' + Math.round(s % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function time(iso) {
    return iso ? iso.substring(11, 19) : '';
  }

  function statusOf(run) {
    return run.live === 'running' ? 'running' : run.live === 'stopped' ? 'stopped' : run.status;
  }

  function connect() {
    if (source) source.close();
    source = new EventSource(api('/api/events' + (shown ? '?run=' + encodeURIComponent(shown) : '')));
    source.addEventListener('runs', event => renderRuns(JSON.parse(event.data)));
    source.addEventListener('run', event => renderRun(JSON.parse(event.data)));
    source.onopen = () => connection('live', true);
    source.onerror = () => connection('reconnecting…', false);
  }

  function connection(text, live) {
    $('connection').textContent = text;
    $('connection').classList.toggle('live', live);
  }

  function route() {
    const match = location.hash.match(/^#run\/(.+)$/);
    shown = match ? decodeURIComponent(match[1]) : null;
    current = null;
    $('runs-view').hidden = shown !== null;
    $('run-view').hidden = shown === null;
    if (shown !== null) {
      $('run-id').textContent = 'run ' + shown;
      ['run-mode', 'run-status', 'run-env', 'progress-total', 'action-reply'].forEach(id => { $(id).textContent = ''; });
      $('tables').tBodies[0].replaceChildren();
    }
    connect();
  }

  function renderRuns(board) {
    $('where').textContent = 'runs in ' + board.where;
    const rows = board.runs.map(run => {
      const status = statusOf(run);
      const items = run.total ? count(run.items) + ' / ' + count(run.total) : count(run.items);
      const row = el('tr', {className: run.status === 'refused' ? 'refused' : null, 'data-run': run.runId},
        el('td', {}, el('a', {href: '#run/' + encodeURIComponent(run.runId), text: run.runId})),
        el('td', {text: run.environment || ''}),
        el('td', {text: run.mode}),
        el('td', {}, el('span', {className: 'badge ' + status, text: status})),
        el('td', {className: 'num', text: items}),
        el('td', {className: 'num', text: seconds(run.seconds)}),
        el('td', {text: run.verdict ? run.verdict + (run.why ? ': ' + run.why : '') : (run.why || '')}));
      row.addEventListener('click', event => {
        if (event.target.tagName !== 'A') location.hash = '#run/' + encodeURIComponent(run.runId);
      });
      return row;
    });
    $('runs').tBodies[0].replaceChildren(...rows);
    $('no-runs').hidden = rows.length > 0;
    renderCommands($('commands'), board.commands, 'None yet.');
  }

  function renderCommands(container, commands, none) {
    if (!commands || commands.length === 0) {
      container.replaceChildren(el('p', {className: 'quiet', text: none}));
      return;
    }
    container.replaceChildren(...commands.map(command => el('div', {className: 'command'},
      el('div', {}, el('code', {text: command.command}), ' ',
        el('span', {className: 'quiet', text: command.running ? '(running)' : '(ended, exit code ' + command.exitCode + ')'})),
      el('pre', {text: command.output.join('\n')}))));
  }

  function renderRun(run) {
    if (run.runId !== shown) return;
    current = run;
    const status = statusOf(run);
    $('run-mode').textContent = '(' + run.mode + ')';
    $('run-status').textContent = status;
    $('run-status').className = 'badge ' + status;
    $('run-env').textContent = 'into environment ' + (run.environment || '?') + ' (tables *' + (run.target || '') + ')'
      + ', from *' + (run.source || '') + '; started ' + (run.createdAt || '').replace('T', ' ').substring(0, 19);
    const verdict = $('verdict');
    verdict.hidden = !run.verdict;
    verdict.textContent = run.verdict ? run.verdict + (run.verdictText && run.verdictText.toUpperCase() !== run.verdict
      ? ': ' + run.verdictText : '') : '';
    verdict.classList.toggle('bad', !!run.verdict && run.verdict !== 'SUCCEEDED');
    const failure = $('failure');
    failure.hidden = !run.failure && !run.recovery;
    failure.textContent = [run.failure ? run.failure.why : null, run.recovery ? 'recovery: ' + run.recovery : null]
      .filter(Boolean).join(' · ');
    $('stop').disabled = !run.actions.stop;
    $('resume').disabled = !run.actions.resume;
    $('rollback').disabled = !run.actions.rollback;
    $('report').href = api('/report?id=' + encodeURIComponent(run.runId));
    $('report').hidden = !run.report;
    renderProgress(run.progress);
    renderTrails(run.trails);
    renderFollowing(run.following);
    renderValidation(run.validation);
    renderRollback(run.rollback);
    renderEvents(run.trails);
    renderCommands($('run-commands'), run.commands, 'None.');
  }

  function renderProgress(progress) {
    $('total-bar').max = Math.max(progress.total, 1);
    $('total-bar').value = Math.min(progress.done, progress.total);
    $('progress-total').textContent = count(progress.done) + ' of ' + count(progress.total) + ' items read'
      + (progress.items ? ' · ' + progress.items : '');
    $('tables').tBodies[0].replaceChildren(...progress.tables.map(table => el('tr', {'data-table': table.model},
      el('td', {text: table.model}),
      el('td', {className: 'num', text: String(table.level)}),
      el('td', {}, el('progress', {max: Math.max(table.total, 1), value: Math.min(table.done, table.total)})),
      el('td', {className: 'num', text: count(table.done) + ' / ' + count(table.total)}),
      el('td', {text: table.items}),
      el('td', {className: 'num', text: table.itemsPerSecond ? count(table.itemsPerSecond) : ''}),
      el('td', {text: table.throttled ? 'throttled now' : table.refusedWrites ? 'no (' + count(table.refusedWrites)
        + ' writes refused and sent again)' : 'no'}),
      el('td', {className: 'num', text: table.segmentsDone + ' / ' + table.segments + (table.finished ? ' done' : '')}))));
  }

  function renderTrails(trails) {
    if (!trails || trails.length === 0) {
      $('trails').replaceChildren(el('p', {className: 'quiet', text: 'No execution seen yet.'}));
      return;
    }
    $('trails').replaceChildren(...trails.map(trail => el('div', {className: 'trail'},
      el('div', {className: 'trail-title', text: trail.mode + ' execution ' + trail.execution + ': '
        + (trail.status === 'RUNNING' ? 'running' + (trail.current ? ', now in ' + trail.current : '') : trail.status.toLowerCase())}),
      el('ol', {className: 'path'}, ...trail.path.map(step => el('li', {
        className: step.error ? 'failed' : step.state === trail.current && !step.end ? 'current' : 'done',
        title: step.error ? step.error : step.type,
        text: step.state}))))));
  }

  // A run that follows its source: the lag, and per table the changes applied and pending, in dmig status's words.
  function renderFollowing(following) {
    $('following-view').hidden = !following;
    if (!following) return;
    $('following').textContent = 'lag ' + following.lag + ' · ' + count(following.applied) + ' changes applied'
      + (following.cutoverAsked ? ' · cut-over asked' : '');
    $('following-tables').replaceChildren(...following.tables.map(table => el('li',
      {'data-table': table.table, className: table.caughtUp ? 'caught-up' : 'behind'}, table.table + ': ' + table.text)));
  }

  function renderValidation(validation) {
    const p = $('validation');
    if (!validation) {
      p.textContent = 'Not yet.';
    } else if (validation.state === 'running') {
      p.textContent = 'validating: ' + count(validation.segmentsDone) + ' of ' + count(validation.segments) + ' segments checked';
    } else {
      const undone = validation.undone ? ' (of what the run wrote, before the rollback undid it)' : '';
      p.textContent = validation.state === 'passed' ? 'passed' + undone + ': ' + validation.tables + ' tables matched the source'
        : 'found differences' + undone + ' in ' + validation.failedTables.join(', ');
    }
    p.className = validation ? '' : 'quiet';
  }

  function renderRollback(rollback) {
    const p = $('rollback-progress');
    p.className = rollback ? '' : 'quiet';
    p.textContent = !rollback ? 'None.' : (rollback.state === 'running' ? 'rolling back: ' : rollback.state === 'done'
      ? 'rolled back: ' : 'incomplete: ') + count(rollback.deleted) + ' items deleted, ' + count(rollback.restored)
      + ' restored' + (rollback.absent ? '; ' + rollback.absentText : '')
      + (rollback.left ? '; ' + rollback.leftText : '')
      + (rollback.kept ? '; ' + rollback.keptText : '')
      + (rollback.besides && rollback.besides.length ? '; ' + rollback.besides.join('; ') : '')
      + (rollback.failed ? ', ' + count(rollback.failed) + ' could not be restored' : '');
  }

  function renderEvents(trails) {
    const events = [];
    (trails || []).forEach(trail => trail.events.forEach(event => events.push(event)));
    events.sort((a, b) => b.at.localeCompare(a.at));
    $('events').replaceChildren(...events.slice(0, 60).map(event => el('li', {className: event.kind},
      el('time', {text: time(event.at)}), event.text)));
  }

  async function post(action, reply) {
    reply.className = 'reply';
    reply.textContent = 'sending…';
    try {
      const response = await fetch('/api/action', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-Dmig-Token': token},
        body: JSON.stringify(action)
      });
      const answer = await response.json();
      reply.className = 'reply ' + (answer.accepted ? 'accepted' : 'refused');
      reply.textContent = answer.message;
      return answer;
    } catch (failure) {
      reply.className = 'reply refused';
      reply.textContent = 'the dashboard did not answer (' + failure.message + ')';
      return null;
    }
  }

  function modeChanged() {
    const mode = $('mode').value;
    $('table-label').hidden = mode !== 'test';
    $('backup-label').hidden = mode !== 'full';
    $('start-confirm-label').hidden = mode === 'dry-run';
  }

  $('mode').addEventListener('change', modeChanged);
  $('start').addEventListener('submit', async event => {
    event.preventDefault();
    const answer = await post({action: 'start', mode: $('mode').value, plan: $('plan').value, table: $('table').value,
      noBackup: $('no-backup').checked, confirm: $('start-confirm').value}, $('start-reply'));
    if (answer && answer.accepted) location.hash = '#run/' + encodeURIComponent(answer.runId);
  });
  ['stop', 'resume', 'rollback'].forEach(action => $(action).addEventListener('click', () => {
    if (!current) return;
    post({action, runId: current.runId, confirm: $('confirm').value}, $('action-reply'));
  }));
  window.addEventListener('hashchange', route);
  modeChanged();
  route();
})();
