// Unit pickers: a <select data-unit-search="URL"> with a long list of units gets a search box
// before it. What is typed is sent to URL?q=… (the server folds it: no tones, no case, "đ" as "d"),
// and the select then offers only the matching units, with the count ("12 kết quả") beside it.
// Without JavaScript the select still lists every unit.
(() => {
  const DELAY_MS = 250;

  function setUp(select) {
    const url = select.dataset.unitSearch;
    const original = Array.from(select.options).map((o) => o.cloneNode(true));
    const first = original.length && original[0].value === "" ? original[0] : null;
    const box = document.createElement("input");
    box.type = "search";
    box.className = select.classList.contains("form-select-sm") ? "form-control form-control-sm mb-1" : "form-control mb-1";
    box.placeholder = select.dataset.searchLabel || "";
    box.setAttribute("aria-label", select.dataset.searchLabel || "");
    box.autocomplete = "off";
    box.dataset.unitSearchBox = "";
    const status = document.createElement("div");
    status.className = "small text-body-secondary unit-picker-count";
    status.setAttribute("role", "status");
    select.before(box);
    select.after(status);
    let timer = null;
    let asked = 0;

    function show(options) {
      const selected = select.value;
      select.replaceChildren(...options.map((o) => o.cloneNode(true)));
      if (Array.from(select.options).some((o) => o.value === selected)) select.value = selected;
    }

    async function search() {
      const q = box.value.trim();
      const mine = ++asked;
      if (!q) {
        show(original);
        status.textContent = "";
        return;
      }
      const address = url + (url.includes("?") ? "&" : "?") + "q=" + encodeURIComponent(q);
      try {
        const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok || mine !== asked) return;
        const data = await response.json();
        const options = first ? [first] : [];
        for (const [value, label] of data.units) {
          const option = document.createElement("option");
          option.value = value;
          option.textContent = label;
          options.push(option);
        }
        show(options);
        status.textContent = data.count_label;
      } catch (error) {
        // The full list stays; searching again will retry.
      }
    }

    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        // Enter searches the units; it does not submit the filter form.
        event.preventDefault();
        clearTimeout(timer);
        search();
      }
    });
  }

  document.querySelectorAll("select[data-unit-search]").forEach(setUp);
})();

// Lists of unit checkboxes (<input type=checkbox data-unit-checklist="URL"> on each): a search box
// before the list hides the units that do not match (ticked ones stay ticked, and are still sent).
(() => {
  const DELAY_MS = 250;
  const groups = new Map();
  document.querySelectorAll("input[type=checkbox][data-unit-checklist]").forEach((input) => {
    if (!groups.has(input.name)) groups.set(input.name, []);
    groups.get(input.name).push(input);
  });
  groups.forEach((inputs) => {
    const url = inputs[0].dataset.unitChecklist;
    const rows = inputs.map((input) => input.closest(".form-check") || input.parentElement);
    const box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = inputs[0].dataset.searchLabel || "";
    box.setAttribute("aria-label", inputs[0].dataset.searchLabel || "");
    box.autocomplete = "off";
    box.dataset.unitChecklistBox = "";
    const status = document.createElement("div");
    status.className = "small text-body-secondary unit-picker-count unit-checklist-count mb-1";
    status.setAttribute("role", "status");
    rows[0].before(box, status);
    let timer = null;
    let asked = 0;

    async function search() {
      const q = box.value.trim();
      const mine = ++asked;
      if (!q) {
        rows.forEach((row) => { row.hidden = false; });
        status.textContent = "";
        return;
      }
      const address = url + (url.includes("?") ? "&" : "?") + "q=" + encodeURIComponent(q);
      try {
        const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok || mine !== asked) return;
        const data = await response.json();
        const found = new Set(data.units.map(([value]) => value));
        inputs.forEach((input, i) => { rows[i].hidden = !found.has(input.value); });
        status.textContent = data.count_label;
      } catch (error) {
        // Every unit stays shown.
      }
    }

    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        search();
      }
    });
  });
})();
