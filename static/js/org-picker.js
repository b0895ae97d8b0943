/* The organisation picker (templates/components/org_picker.html): type two letters, see up to 20
   organisations of what the form accepts, tap or press Enter to choose one. The chosen pk goes in the
   hidden input; the server checks it again. No inline script or style (strict CSP).
   The member picker (templates/components/member_picker.html) is the same box with its own attribute
   prefix (data-member-picker-*), its words (data-noun, data-hint, data-none) and a ready-made
   description of each result ("details"); the organisation picker's words are the defaults. */
(function () {
  "use strict";
  if (window.ptdvOrgPicker) { return; } // the widget's <script> is written once per picker on a page
  window.ptdvOrgPicker = true;

  var DELAY = 250;

  function key(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().trim();
  }

  var PREFIXES = ["data-org-picker", "data-member-picker"];

  function setup(box, prefix) {
    if (box.hasAttribute("data-ready")) { return; }
    box.setAttribute("data-ready", "");
    function part(name) { return box.querySelector("[" + prefix + "-" + name + "]"); }
    var text = part("text");
    var value = part("value");
    var status = part("status");
    var list = part("results");
    var multiple = box.hasAttribute("data-multiple");
    var chosenList = part("chosen");
    var noun = box.getAttribute("data-noun") || "tổ chức";
    var hint = box.getAttribute("data-hint") || "Gõ vài chữ trong tên (không cần dấu) hoặc mã tổ chức.";
    var none = box.getAttribute("data-none") || "Không tìm thấy tổ chức nào. Hãy thử gõ ít chữ hơn, hoặc gõ mã tổ chức.";
    var min = parseInt(box.getAttribute("data-min"), 10) || 2;
    var emptyLabel = box.getAttribute("data-empty-label");
    var chosen = { id: value ? value.value : "", name: text.value, status: status.innerHTML };
    var timer = null;
    var sequence = 0;
    var options = [];
    var active = -1;

    function say(message) { status.textContent = message; }

    function close() {
      list.hidden = true;
      list.textContent = "";
      options = [];
      active = -1;
      text.setAttribute("aria-expanded", "false");
      text.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        var on = i === index;
        option.classList.toggle("active", on);
        option.setAttribute("aria-selected", on ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        text.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        text.removeAttribute("aria-activedescendant");
      }
    }

    function describe(row) {
      if (typeof row.details === "string") { return row.details; }
      return (row.parent ? "thuộc " + row.parent + " · " : "") + "mã " + row.code + " · " + row.kind;
    }

    function add(org) {
      var already = Array.prototype.some.call(chosenList.querySelectorAll("input[type=hidden]"), function (input) {
        return input.value === String(org.id);
      });
      if (!already) {
        var item = document.createElement("li");
        item.className = "list-group-item d-flex align-items-center gap-2 py-2";
        var label = document.createElement("span");
        label.className = "flex-grow-1";
        var name = document.createElement("span");
        name.className = "d-block fw-semibold";
        name.textContent = org.name;
        var details = document.createElement("small");
        details.className = "d-block text-secondary";
        details.textContent = typeof org.details === "string" ? org.details
          : (org.parent ? "thuộc " + org.parent + " · " : "") + "mã " + org.code;
        label.appendChild(name);
        label.appendChild(details);
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = box.getAttribute("data-name");
        hidden.value = String(org.id);
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-sm btn-outline-secondary";
        remove.setAttribute(prefix + "-remove", "");
        remove.setAttribute("aria-label", "Bỏ " + org.name);
        remove.textContent = "Bỏ";
        item.appendChild(label);
        item.appendChild(hidden);
        item.appendChild(remove);
        chosenList.appendChild(item);
      }
      text.value = "";
      close();
      say((already ? "Đã có trong danh sách: " : "Đã thêm: ") + org.name + ". Gõ để thêm " + noun + " khác.");
    }

    function choose(org) {
      if (multiple) { add(org); return; }
      value.value = String(org.id);
      text.value = org.name;
      chosen = { id: value.value, name: org.name, status: null };
      status.textContent = "";
      status.appendChild(document.createTextNode("Đã chọn: "));
      var strong = document.createElement("strong");
      strong.textContent = org.name;
      status.appendChild(strong);
      status.appendChild(document.createTextNode(" · " + describe(org)));
      chosen.status = status.innerHTML;
      close();
      value.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function note(message) {
      var item = document.createElement("li");
      item.className = "list-group-item text-secondary small";
      item.textContent = message;
      list.appendChild(item);
    }

    function show(data) {
      list.textContent = "";
      options = [];
      active = -1;
      data.results.forEach(function (org, i) {
        var item = document.createElement("li");
        item.id = list.id + "_" + i;
        item.className = "list-group-item list-group-item-action py-2";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "d-block fw-semibold";
        name.textContent = org.name;
        var details = document.createElement("small");
        details.className = "d-block text-secondary";
        details.textContent = describe(org);
        item.appendChild(name);
        item.appendChild(details);
        item.addEventListener("click", function () { choose(org); text.focus(); });
        list.appendChild(item);
        options.push(item);
      });
      if (!data.results.length) { note(none); }
      if (data.more) { note("Chỉ hiện " + data.results.length + " " + noun + " đầu tiên: gõ thêm để thu hẹp."); }
      list.hidden = false;
      text.setAttribute("aria-expanded", "true");
    }

    function search() {
      var q = text.value;
      var mine = ++sequence;
      var url = box.getAttribute("data-url") + "?muc=" + encodeURIComponent(box.getAttribute("data-purpose")) +
        "&q=" + encodeURIComponent(q);
      say("Đang tìm…");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("json") === -1) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (mine !== sequence) { return; } // an older answer arriving after a newer one
          say(data.results.length ? "Chạm vào " + noun + " cần chọn trong danh sách dưới đây." : "");
          show(data);
        })
        .catch(function () {
          if (mine !== sequence) { return; }
          close();
          say("Không tải được danh sách " + noun + ". Hãy thử lại; nếu vẫn lỗi, tải lại trang (có thể phiên đăng nhập đã hết).");
        });
    }

    text.addEventListener("input", function () {
      if (!multiple && value.value) {
        value.value = ""; // the text no longer names the chosen organisation
        value.dispatchEvent(new Event("change", { bubbles: true }));
      }
      window.clearTimeout(timer);
      sequence++;
      if (key(text.value).length < min) {
        close();
        if (multiple) { say(text.value.trim() ? "Gõ thêm để tìm " + noun + " cần thêm." : ""); }
        else if (!text.value.trim() && emptyLabel) { say(emptyLabel); }
        else { say("Chưa chọn " + noun + ". " + hint); }
        return;
      }
      timer = window.setTimeout(search, DELAY);
    });

    text.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        if (!list.hidden && options.length) {
          event.preventDefault(); // choosing, not submitting the form
          options[active >= 0 ? active : 0].click();
        } else if (text.value.trim() && (multiple || !value.value)) {
          event.preventDefault();
          window.clearTimeout(timer);
          if (key(text.value).length >= min) { search(); }
        }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
        if (!multiple && !value.value && chosen.id) { // back to what was chosen before typing
          value.value = chosen.id;
          text.value = chosen.name;
          status.innerHTML = chosen.status || "";
        }
      }
    });

    if (chosenList) {
      chosenList.addEventListener("click", function (event) {
        var button = event.target.closest("[" + prefix + "-remove]");
        if (!button) { return; }
        var item = button.closest("li");
        var name = item.querySelector(".fw-semibold");
        say("Đã bỏ: " + (name ? name.textContent : "") + ".");
        item.remove();
        text.focus();
      });
    }

    // Keep the focus in the box while a result is tapped, so the list is not closed by the blur first.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    text.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function setupAll(root) {
    PREFIXES.forEach(function (prefix) {
      Array.prototype.forEach.call((root || document).querySelectorAll("[" + prefix + "]"), function (box) {
        setup(box, prefix);
      });
    });
  }

  document.addEventListener("htmx:load", function (event) { setupAll(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  } else {
    setupAll(document);
  }
})();
