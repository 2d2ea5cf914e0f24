// Progressive enhancement only: every page works without this file.
(function () {
  // The header's "Menu" disclosure is open on a wide screen (the CSS hides its toggle there).
  var WIDE = window.matchMedia('(min-width: 48rem)');
  function openMenuWhenWide() {
    var menu = document.querySelector('.site-menu');
    if (menu && WIDE.matches) menu.open = true;
  }
  if (WIDE.addEventListener) WIDE.addEventListener('change', openMenuWhenWide);

  // On a narrow screen the cells of a table show their column's name (CSS); fill in the names the
  // server did not give, from the table's own column headers.
  function labelTableCells() {
    document.querySelectorAll('main table').forEach(function (table) {
      var headers = table.querySelectorAll('thead th');
      if (headers.length === 0) return;
      table.querySelectorAll('tbody tr').forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (index === 0 || cell.hasAttribute('data-label') || !headers[index]) return;
          var name = headers[index].textContent.trim();
          if (name) cell.setAttribute('data-label', name);
        });
      });
    });
  }

  function enhance() {
    openMenuWhenWide();
    labelTableCells();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();

  // After htmx swaps in a new page, move focus like a full page load would: to the error summary when
  // a form came back with errors (scrolled into view: it stands above the form that was sent), else to
  // the main content without scrolling, so screen readers announce the change. A form whose action
  // carries a fragment keeps htmx from scrolling to the top (hx-swap "show:none"); htmx then scrolls to
  // that fragment, as a browser without JavaScript does — the summary stays in view below its heading.
  document.addEventListener('htmx:afterSettle', function () {
    enhance();
    var summary = document.querySelector('.error-summary');
    if (summary) {
      summary.scrollIntoView({ block: 'start' });
      summary.focus({ preventScroll: true });
    } else {
      var main = document.getElementById('main');
      if (main) main.focus({ preventScroll: true });
    }
    startIdleTimers();
  });

  // hx-boost swaps only <body>. Keep what lives outside it in step with the page that came back: the
  // document language (WCAG 3.1.1: screen readers pick their voice from it) and the CSRF token
  // (it is bound to the session, which changes at sign-in).
  document.addEventListener('htmx:afterSwap', function (event) {
    var xhr = event.detail && event.detail.xhr;
    var text = xhr && xhr.responseText;
    if (!text || !/^\s*<!doctype html>/i.test(text)) return;
    var page = new DOMParser().parseFromString(text, 'text/html');
    var lang = page.documentElement.getAttribute('lang');
    if (lang) document.documentElement.setAttribute('lang', lang);
    var fresh = page.querySelector('meta[name="csrf-token"]');
    var current = document.querySelector('meta[name="csrf-token"]');
    if (fresh && current) current.setAttribute('content', fresh.getAttribute('content') || '');
  });

  // Idle warning: two minutes before a browser session ends for inactivity, offer to stay signed in.
  var WARNING_BEFORE_SECONDS = 120;
  var timers = [];
  function clearTimers() {
    timers.forEach(clearTimeout);
    timers = [];
  }
  function startIdleTimers() {
    clearTimers();
    var warning = document.getElementById('idle-warning');
    if (!warning) return;
    var seconds = Number(warning.getAttribute('data-idle-seconds'));
    if (!seconds) return;
    warning.hidden = true;
    timers.push(
      setTimeout(
        function () {
          warning.hidden = false;
          var button = document.getElementById('idle-keepalive');
          if (button) button.focus();
        },
        Math.max(0, seconds - WARNING_BEFORE_SECONDS) * 1000,
      ),
    );
    timers.push(
      setTimeout(function () {
        window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname));
      }, seconds * 1000),
    );
  }
  document.addEventListener('click', function (event) {
    if (!event.target || event.target.id !== 'idle-keepalive') return;
    var meta = document.querySelector('meta[name="csrf-token"]');
    fetch('/session/keepalive', { method: 'POST', headers: { 'x-csrf-token': meta ? meta.content : '' }, credentials: 'same-origin' }).then(
      function (response) {
        if (response.status === 204) startIdleTimers();
        else window.location.assign('/login');
      },
    );
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startIdleTimers);
  else startIdleTimers();
})();
