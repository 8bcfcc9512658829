/* The one-step item form (submissions/item_form.html), for a correspondent on a phone.

   - Each chosen photo is scaled down in the browser when it is larger than the portal keeps
     (data-max-edge, long edge in pixels; EXIF orientation applied, JPEG quality 0.9; never
     upscaled; kept as chosen when it is small already or the browser cannot decode it, e.g. HEIC,
     and the server decides), then sent at once with a progress bar, and its verdict appears beside
     it. While the server's slower check runs ("checking") the verdict is polled until it is final.
   - A photo that cannot be sent stays on the page with why, and "Try again" when the connection
     failed. The first photo of a new form makes the draft (keyed by the form's one-time token).
   - Live character counters state the rules before any refusal.
   - The form itself is posted with fetch, so a connection lost while sending leaves everything on
     the page with "Try again"; the server answers with the address to go to.
   Without JavaScript none of this runs and the form posts the text and the photos together. */
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  if (!form || !form.dataset.uploadUrl) return;
  var S = document.getElementById("compose-strings").dataset;
  var list = document.getElementById("photo-list");
  var input = document.getElementById("id_photo");
  var announcer = document.getElementById("photo-announcer");
  var statusBox = document.getElementById("compose-status");
  var uploadUrl = form.dataset.uploadUrl;
  var postUrl = form.getAttribute("action");  // not form.action: the buttons are named "action"
  var isNew = !!form.querySelector("input[name=form_token]");
  var queue = [];       // entries waiting to be sent, one at a time (a phone's uplink is narrow)
  var active = null;    // the entry being sent
  var waitingSubmit = null;
  var counter = 0;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  function csrf() { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function say(text) { announcer.textContent = text; }

  /* ---- the rules, live: characters of the title and of the body's visible text ---- */
  function bodyText() {
    var area = form.querySelector(".rich-editor-area");
    if (area) return area.textContent;
    var div = document.createElement("div");
    div.innerHTML = (form.querySelector("#id_body") || {value: ""}).value;
    return div.textContent;
  }
  function kind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "news";
  }
  function addCounter(field, anchor) {
    if (!field) return null;
    var c = el("div", "form-text char-counter");
    c.id = field.id + "-counter";
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(c.id);
    field.setAttribute("aria-describedby", described.join(" "));
    anchor.parentNode.insertBefore(c, anchor.nextSibling);
    return c;
  }
  var title = form.querySelector("#id_title");
  var body = form.querySelector("#id_body");
  var titleCounter = addCounter(title, title);
  var bodyCounter = body ? addCounter(body, form.querySelector(".rich-editor") || body) : null;
  function showCount(c, count, min) {
    if (!c) return;
    var ok = count >= min;
    c.textContent = fmt(ok ? S.charsOk : S.chars, {count: count, min: min});
    c.classList.toggle("text-success", ok);
    c.classList.toggle("text-danger", !ok && count > 0);
  }
  function updateCounters() {
    if (title) showCount(titleCounter, title.value.trim().length, parseInt(title.dataset.minChars, 10) || 0);
    if (body) {
      var count = bodyText().replace(/\s+/g, " ").trim().length;
      showCount(bodyCounter, count, parseInt(kind() === "article" ? body.dataset.minArticle : body.dataset.minNews, 10) || 0);
    }
  }
  if (bodyCounter) {
    var area = form.querySelector(".rich-editor-area");
    if (area) area.setAttribute("aria-describedby", bodyCounter.id);
  }
  // Leaving the page while a photo is on its way, or with text not saved, asks first.
  var dirty = false, leaving = false;
  form.addEventListener("input", function () { dirty = true; });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || (!dirty && !active && !queue.length)) return;
    event.preventDefault();
    event.returnValue = "";
  });
  form.addEventListener("input", updateCounters);
  form.addEventListener("change", updateCounters);
  updateCounters();

  /* ---- scaling a photo down before it travels ---- */
  function asChosen(file) { return Promise.resolve({blob: file, name: file.name, scaled: false}); }
  function shrink(file) {
    if ((file.type && !/^image\/(jpeg|png|webp)$/.test(file.type)) || !window.createImageBitmap) return asChosen(file);
    var maxEdge = parseInt(form.dataset.maxEdge, 10) || 2560;  // read each time: bench/phone_upload.py turns it off
    return createImageBitmap(file, {imageOrientation: "from-image"}).then(function (bitmap) {
      var w = bitmap.width, h = bitmap.height, long = Math.max(w, h);
      if (long <= maxEdge) { bitmap.close(); return asChosen(file); }
      var k = maxEdge / long, cw = Math.round(w * k), ch = Math.round(h * k);
      var canvas = document.createElement("canvas");
      canvas.width = cw; canvas.height = ch;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";  // a transparent PNG becomes a JPEG on white, not on black
      ctx.fillRect(0, 0, cw, ch);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(bitmap, 0, 0, cw, ch);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          canvas.width = canvas.height = 0;
          if (!blob || blob.size >= file.size) { resolve({blob: file, name: file.name, scaled: false}); return; }
          resolve({blob: blob, name: file.name.replace(/\.[^.]*$/, "") + ".jpg", scaled: true,
                   from: w + "×" + h, to: cw + "×" + ch});
        }, "image/jpeg", 0.9);
      });
    }).catch(function () { return asChosen(file); });
  }

  /* ---- a photo on its way: its card until the server's card replaces it ---- */
  function pendingCard(file) {
    var id = "pending-" + (++counter);
    var col = el("div", "col-12 col-md-6 compose-photo pending");
    col.id = id;
    var card = el("div", "card h-100");
    var row = el("div", "d-flex gap-2 p-2");
    var img = el("img", "compose-thumb rounded flex-shrink-0");
    img.alt = "";
    img.addEventListener("error", function () { img.style.visibility = "hidden"; });
    var info = el("div", "flex-grow-1 small min-w-0");
    var name = el("div", "fw-semibold file-name", file.name);
    var state = el("div", "upload-state", S.preparing);
    state.setAttribute("role", "status");
    var bar = el("div", "progress my-1");
    bar.setAttribute("role", "progressbar");
    bar.setAttribute("aria-label", file.name);
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", "100");
    bar.setAttribute("aria-valuenow", "0");
    var fill = el("div", "progress-bar");
    fill.style.width = "0%";
    bar.appendChild(fill);
    var error = el("div", "upload-error text-danger");
    error.setAttribute("role", "alert");
    var label = el("label", "form-label mb-0 mt-1", S.caption);
    label.htmlFor = id + "-caption";
    var caption = el("input", "form-control");
    caption.type = "text"; caption.id = id + "-caption"; caption.maxLength = 500;
    var buttons = el("div", "d-flex flex-wrap gap-1 mt-1");
    info.append(name, state, bar, error, label, caption, buttons);
    row.append(img, info);
    card.appendChild(row);
    col.appendChild(card);
    list.appendChild(col);
    return {col: col, img: img, state: state, bar: bar, fill: fill, error: error, caption: caption, buttons: buttons};
  }

  function choose(files) {
    Array.prototype.forEach.call(files, function (file) {
      var entry = {file: file, ui: pendingCard(file), prepared: null};
      entry.ready = shrink(file).then(function (p) {
        entry.prepared = p;
        if (p.blob.type && /^image\//.test(p.blob.type)) entry.ui.img.src = URL.createObjectURL(p.blob);
        return p;
      });
      queue.push(entry);
    });
    next();
  }

  function next() {
    if (active || !queue.length) {
      if (!active && !queue.length && waitingSubmit) { var s = waitingSubmit; waitingSubmit = null; send(s); }
      return;
    }
    active = queue.shift();
    active.ready.then(upload);
  }

  function textFields(data) {
    // The first photo of a new form makes the draft: it carries what is typed so far.
    new FormData(form).forEach(function (value, key) {
      if (key !== "photo" && key !== "csrfmiddlewaretoken" && typeof value === "string") data.append(key, value);
    });
  }

  function upload(prepared) {
    var entry = active, ui = entry.ui;
    ui.error.textContent = "";
    ui.buttons.textContent = "";
    ui.bar.hidden = false;
    ui.state.textContent = S.uploading + (prepared.scaled ? " (" + fmt(S.scaled, prepared) + ")" : "");
    var data = new FormData();
    if (isNew) textFields(data);
    data.append("caption", ui.caption.value);
    data.append("photo", prepared.blob, prepared.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round(100 * e.loaded / e.total);
      ui.fill.style.width = pct + "%";
      ui.bar.setAttribute("aria-valuenow", String(pct));
    });
    xhr.addEventListener("load", function () {
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      if (xhr.status === 201 && answer) placed(entry, answer);
      else if (answer && answer.error) failed(entry, answer.error, false);
      else failed(entry, S.failed + " (" + xhr.status + ")", xhr.status >= 500 || xhr.status === 0);
    });
    // A stalled connection must end in "Try again", not wait forever: a generous floor of 20 kB/s.
    xhr.timeout = 60000 + Math.round(prepared.blob.size / 20);
    xhr.addEventListener("error", function () { failed(entry, S.offline, true); });
    xhr.addEventListener("timeout", function () { failed(entry, S.offline, true); });
    xhr.send(data);
  }

  function done() { active = null; next(); }

  function placed(entry, answer) {
    var holder = document.createElement("div");
    holder.innerHTML = answer.html.trim();
    var card = holder.firstElementChild;
    var typed = entry.ui.caption.value;
    var caption = card.querySelector("input[name^=caption-]");
    if (caption && typed && !caption.value) caption.value = typed;
    var hadFocus = document.activeElement === entry.ui.caption;
    entry.ui.col.replaceWith(card);
    if (hadFocus && caption) caption.focus();
    if (isNew && answer.edit_url && window.history.replaceState) {
      // A reload now shows the draft with its photos instead of an empty form.
      window.history.replaceState(null, "", answer.edit_url);
    }
    announce(card);
    if (answer.checking) poll(card, answer.verdict_url, 0);
    done();
  }

  function failed(entry, message, retryable) {
    var ui = entry.ui;
    ui.bar.hidden = true;
    ui.state.textContent = "";
    ui.error.textContent = message;
    ui.col.querySelector(".card").classList.add("border-danger");
    ui.buttons.textContent = "";
    if (retryable) {
      var retry = el("button", "btn btn-outline-primary photo-retry", S.retry);
      retry.type = "button";
      retry.addEventListener("click", function () {
        ui.col.querySelector(".card").classList.remove("border-danger");
        queue.push(entry);
        next();
      });
      ui.buttons.appendChild(retry);
    }
    var discard = el("button", "btn btn-outline-secondary photo-discard", S.discard);
    discard.type = "button";
    discard.addEventListener("click", function () { ui.col.remove(); });
    ui.buttons.appendChild(discard);
    done();
  }

  function announce(card) {
    var badge = card.querySelector(".verdict");
    var alt = card.querySelector("img") ? card.querySelector("img").alt : "";
    if (badge && !card.dataset.checking) say(fmt(S.ready, {name: alt, verdict: badge.textContent.trim()}));
  }

  /* ---- the slower check: ask again until it is final ---- */
  function poll(card, url, tries) {
    if (!url || tries > 60) return;
    window.setTimeout(function () {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html"}}).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        var checking = r.headers.get("X-Photo-Checking") === "1";
        return r.text().then(function (html) {
          var live = document.getElementById(card.id);
          if (!live) return;
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          // Only the verdict changes: the caption being typed keeps its value and focus.
          live.querySelector(".verdict-area").replaceWith(fresh.querySelector(".verdict-area"));
          live.querySelector(".card").className = fresh.querySelector(".card").className;
          live.dataset.verdict = fresh.dataset.verdict;
          var ask = fresh.querySelector("button[name=ask_acceptance]");
          var buttons = live.querySelector(".photo-remove").parentNode;
          if (ask && !live.querySelector("button[name=ask_acceptance]")) buttons.appendChild(ask);
          if (checking) { poll(live, url, tries + 1); return; }
          delete live.dataset.checking;
          delete live.dataset.verdictUrl;
          announce(live);
        });
      }).catch(function () { poll(card, url, tries + 1); });
    }, Math.min(1000 + tries * 500, 5000));
  }
  list.querySelectorAll(".compose-photo[data-checking]").forEach(function (card) {
    poll(card, card.dataset.verdictUrl, 0);
  });

  /* ---- removing a photo without leaving the page ---- */
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-remove-url]");
    if (!button) return;
    event.preventDefault();
    // Asked in the page; the server removes only with confirm=1 (without script it asks on a page).
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    fetch(button.dataset.removeUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": csrf(), "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded"},
      body: "confirm=1"
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      button.closest(".compose-photo").remove();
    }).catch(function () {
      button.disabled = false;
      statusBox.textContent = S.failed;
    });
  });

  // The native input's "Choose files" speaks the browser's language: a big button of the page's
  // own stands in for it (the input stays focusable, its label the button).
  var pick = form.querySelector(".photo-pick");
  if (pick) {
    pick.hidden = false;
    input.classList.add("visually-hidden");
    // The plain label goes (not hidden: the input keeps one visible label, the button).
    pick.previousElementSibling.previousElementSibling.remove();
  }
  input.addEventListener("change", function () {
    if (!input.files || !input.files.length) return;
    choose(input.files);
    input.value = "";  // sent one by one above; the form itself no longer carries them
  });

  /* ---- sending the form ---- */
  function send(submitter) {
    var data = new FormData(form);
    data.delete("photo");
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    statusBox.className = "small mb-2";
    statusBox.textContent = S.sending;
    form.querySelectorAll(".compose-actions button").forEach(function (b) { b.disabled = true; });
    fetch(postUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf(), "X-Compose": "1"}
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        return r.json().then(function (answer) { leaving = true; window.location.assign(answer.redirect); });
      }
      // A page to show (the form with its errors, a conflict): it replaces this one.
      return r.text().then(function (html) {
        leaving = true;
        if (window.history.replaceState) window.history.replaceState(null, "", postUrl);
        document.open(); document.write(html); document.close();
      });
    }).catch(function () {
      form.querySelectorAll(".compose-actions button").forEach(function (b) { b.disabled = false; });
      statusBox.className = "alert alert-danger py-2 mb-2";
      statusBox.textContent = S.sendOffline + " ";
      var retry = el("button", "btn btn-outline-primary ms-1 send-retry", S.retry);
      retry.type = "button";
      retry.addEventListener("click", function () { send(submitter); });
      statusBox.appendChild(retry);
    });
  }
  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    if (submitter && submitter.name === "remove_photo") return;  // handled by the click above
    if (active || queue.length) {
      waitingSubmit = submitter;
      statusBox.className = "small mb-2";
      statusBox.textContent = S.waiting;
      return;
    }
    send(submitter);
  });
})();
