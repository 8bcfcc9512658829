// Small page actions, bound here instead of inline on*= handlers (the Content-Security-Policy
// allows no inline script): [data-print] prints the page, [data-history-back] goes back.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-history-back]");
  if (!target) return;
  event.preventDefault();
  if (target.hasAttribute("data-print")) window.print();
  else window.history.back();
});
