// Behaviour every site page shares. A file, not inline handlers: the site's
// Content-Security-Policy runs no inline script without the page's nonce.
document.addEventListener("DOMContentLoaded", function () {
  // The language menu switches as soon as a language is picked.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
