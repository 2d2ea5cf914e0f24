// Progressive enhancement only: every page works without this file.
(function () {
  // After htmx swaps in a new page, move focus like a full page load would: to the error summary when
  // a form came back with errors, else to the main content, so screen readers announce the change.
  document.addEventListener('htmx:afterSettle', function () {
    var summary = document.querySelector('.error-summary');
    var target = summary || document.getElementById('main');
    if (target) target.focus();
    startIdleTimers();
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
    timers.push(setTimeout(function () {
      warning.hidden = false;
      var button = document.getElementById('idle-keepalive');
      if (button) button.focus();
    }, Math.max(0, seconds - WARNING_BEFORE_SECONDS) * 1000));
    timers.push(setTimeout(function () {
      window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname));
    }, seconds * 1000));
  }
  document.addEventListener('click', function (event) {
    if (!event.target || event.target.id !== 'idle-keepalive') return;
    var meta = document.querySelector('meta[name="csrf-token"]');
    fetch('/session/keepalive', { method: 'POST', headers: { 'x-csrf-token': meta ? meta.content : '' }, credentials: 'same-origin' }).then(function (response) {
      if (response.status === 204) startIdleTimers();
      else window.location.assign('/login');
    });
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startIdleTimers);
  else startIdleTimers();
})();
