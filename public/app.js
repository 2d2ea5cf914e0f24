// Progressive enhancement only: every page works without this file.
// After htmx swaps in a new page, move focus like a full page load would: to the error summary when
// a form came back with errors, else to the main content, so screen readers announce the change.
document.addEventListener('htmx:afterSettle', function () {
  var summary = document.querySelector('.error-summary');
  var target = summary || document.getElementById('main');
  if (target) target.focus();
});
