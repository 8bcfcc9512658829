/* A small rich-text editor for item bodies: no CDN, no dependency. It turns every
   textarea[data-rich-editor] into a contenteditable area with a toolbar, and copies the HTML back
   into the textarea on every change, so the form posts it as usual. The server sanitises what it
   receives (nh3 allow-list); nothing here is trusted. Without JavaScript the textarea stays. */
(function () {
  "use strict";
  var BUTTONS = [
    ["bold", "B", "fw-bold"], ["italic", "I", "fst-italic"],
    ["formatBlock:h2", "H2", ""], ["formatBlock:h3", "H3", ""], ["formatBlock:p", "¶", ""],
    ["insertUnorderedList", "• —", ""], ["insertOrderedList", "1.", ""],
    ["formatBlock:blockquote", "❝", ""], ["createLink", "↗", ""], ["unlink", "⨯↗", ""]
  ];
  // Each button's accessible name (aria-label and tooltip), in the page's language.
  var LABELS = document.documentElement.lang === "vi"
    ? {bold: "Đậm", italic: "Nghiêng", h2: "Tiêu đề mục", h3: "Tiêu đề nhỏ", p: "Đoạn văn thường",
       insertUnorderedList: "Danh sách gạch đầu dòng", insertOrderedList: "Danh sách đánh số",
       blockquote: "Trích dẫn", createLink: "Chèn liên kết", unlink: "Bỏ liên kết",
       toolbar: "Định dạng văn bản", url: "Địa chỉ liên kết (https://...)"}
    : {bold: "Bold", italic: "Italic", h2: "Section heading", h3: "Subheading", p: "Normal paragraph",
       insertUnorderedList: "Bulleted list", insertOrderedList: "Numbered list",
       blockquote: "Quotation", createLink: "Insert link", unlink: "Remove link",
       toolbar: "Text formatting", url: "Link address (https://...)"};

  function textToHtml(text) {
    if (/<[a-z][\s\S]*>/i.test(text)) return text;
    var div = document.createElement("div");
    return text.split(/\n\s*\n/).filter(function (p) { return p.trim(); }).map(function (p) {
      div.textContent = p; return "<p>" + div.innerHTML.replace(/\n/g, "<br>") + "</p>";
    }).join("");
  }

  function setup(textarea) {
    var wrap = document.createElement("div");
    wrap.className = "rich-editor border rounded";
    var bar = document.createElement("div");
    bar.className = "btn-toolbar gap-1 p-1 border-bottom bg-body-tertiary";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", LABELS.toolbar);
    var area = document.createElement("div");
    area.className = "form-control border-0 rich-editor-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    // The editing area is named by the field's own <label> (clicking the label focuses the area).
    var label = textarea.labels && textarea.labels[0];
    if (label) {
      if (!label.id) label.id = (textarea.id || "rich-editor") + "-label";
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function (e) { e.preventDefault(); area.focus(); });
    } else {
      area.setAttribute("aria-label", textarea.getAttribute("aria-label") || LABELS.toolbar);
    }
    if (textarea.getAttribute("aria-describedby")) area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    area.style.minHeight = "14rem";
    area.innerHTML = textToHtml(textarea.value);
    function sync() { textarea.value = area.innerHTML; }
    BUTTONS.forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      // btn-outline-dark: the secondary grey is under 4.5:1 on the toolbar's light background.
      btn.className = "btn btn-sm btn-outline-dark " + b[2];
      btn.textContent = b[1];
      var parts = b[0].split(":");
      var name = LABELS[parts[1] || parts[0]] || b[1];
      btn.title = name;
      btn.setAttribute("aria-label", name);
      btn.addEventListener("mousedown", function (e) { e.preventDefault(); });
      btn.addEventListener("click", function () {
        area.focus();
        if (parts[0] === "createLink") {
          var url = window.prompt(LABELS.url, "https://");
          if (!url || !/^(https?:|mailto:)/i.test(url)) return;
          document.execCommand("createLink", false, url);
        } else {
          document.execCommand(parts[0], false, parts[1] ? "<" + parts[1] + ">" : null);
        }
        sync();
      });
      bar.appendChild(btn);
    });
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    textarea.form && textarea.form.addEventListener("submit", sync);
    document.addEventListener("submit", sync, true);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(wrap, textarea);
    wrap.appendChild(bar);
    wrap.appendChild(area);
    wrap.appendChild(textarea);
  }

  document.querySelectorAll("textarea[data-rich-editor]").forEach(setup);
})();
