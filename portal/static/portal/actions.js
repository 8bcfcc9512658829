// Small page actions, bound here instead of inline on*= handlers (the Content-Security-Policy
// allows no inline script): [data-print] prints the page, [data-history-back] goes back.
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-history-back]");
  if (!target) return;
  event.preventDefault();
  if (target.hasAttribute("data-print")) window.print();
  else window.history.back();
});

// form[data-confirm]: asks "are you sure?" before the form is sent, and sends confirm=1 with it so
// that the server does not ask again on a page of its own (which is what happens without script).
// Bound in the capture phase, before htmx's own submit handler on the form sees the event.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (!form || form.dataset.confirmed === "1") return;
    event.preventDefault();
    event.stopPropagation();
    if (!window.confirm(form.dataset.confirm)) return;
    let input = form.querySelector("input[name=confirm]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "confirm";
      form.appendChild(input);
    }
    input.value = "1";
    // Sent again once this event is over (a form cannot be sent from inside its own submit event).
    const submitter = event.submitter;
    setTimeout(() => {
      form.dataset.confirmed = "1";
      if (submitter) form.requestSubmit(submitter);
      else form.requestSubmit();
      delete form.dataset.confirmed;
    }, 0);
  },
  true,
);

// Every form sent by POST: a form whose text would be larger than the server takes is not sent;
// the page says so and everything typed stays in the form (the limits: <meta name=portal-post-limit>).
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target.closest("form[method=post], form[method=POST]");
    const meta = document.querySelector("meta[name=portal-post-limit]");
    if (!form || !meta || event.defaultPrevented) return;
    const [maxBytes, maxFields] = meta.content.split(",").map(Number);
    const encoder = new TextEncoder();
    let bytes = 0;
    let fields = 0;
    for (const [name, value] of new FormData(form, event.submitter || undefined)) {
      fields += 1;
      if (typeof value === "string") bytes += encoder.encode(name).length + encoder.encode(value).length + 2;
    }
    if (bytes <= maxBytes && fields <= maxFields) return;
    event.preventDefault();
    event.stopPropagation();
    let alert = form.querySelector(".post-limit-alert");
    if (!alert) {
      alert = document.createElement("div");
      alert.className = "alert alert-danger post-limit-alert";
      alert.setAttribute("role", "alert");
      form.prepend(alert);
    }
    alert.textContent = meta.dataset.message;
    alert.scrollIntoView({ block: "center" });
  },
  true,
);
