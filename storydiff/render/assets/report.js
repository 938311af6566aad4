// storydiff report: links each sentence to its counterparts in the other columns.
// Reads the view map embedded as JSON; writes to the page only through textContent and
// classList, never innerHTML, so article text can never become markup here.
(function () {
  "use strict";
  var src = document.getElementById("storydiff-view");
  if (!src) { return; }
  var view = JSON.parse(src.textContent);
  var facts = view.facts || [];
  var bySentence = view.sentences || {};
  var outlets = view.outlets || [];
  var detail = document.getElementById("detail");
  var pinned = null;
  var previewed = [];

  function sentence(id) { return document.getElementById(id); }

  function linked(id) {
    // The sentence itself and every member of every fact it belongs to.
    var out = [id];
    (bySentence[id] || []).forEach(function (fi) {
      (facts[fi].members || []).forEach(function (m) {
        if (out.indexOf(m) < 0) { out.push(m); }
      });
    });
    return out;
  }

  function clear(cls) {
    document.querySelectorAll("." + cls).forEach(function (el) { el.classList.remove(cls); });
  }

  function light(id, cls) {
    linked(id).forEach(function (m) {
      var el = sentence(m);
      if (el && m !== id) { el.classList.add(cls); }
    });
  }

  function preview(id) {
    unpreview();
    var el = sentence(id);
    if (!el) { return; }
    el.classList.add("cur");
    linked(id).forEach(function (m) {
      var other = sentence(m);
      if (other && m !== id && !other.classList.contains("lit")) {
        other.classList.add("lit");
        previewed.push(other);
      }
    });
  }

  function unpreview() {
    previewed.forEach(function (el) { el.classList.remove("lit"); });
    previewed = [];
    clear("cur");
  }

  function columnOf(el) { return el.closest(".text"); }

  function reveal(id) {
    // Scroll each other column (when it scrolls on its own) so the counterpart shows.
    var here = columnOf(sentence(id));
    linked(id).forEach(function (m) {
      var el = sentence(m);
      var box = el && columnOf(el);
      if (!box || box === here || box.scrollHeight <= box.clientHeight) { return; }
      var top = el.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 40) {
        box.scrollTop = Math.max(0, top - box.clientHeight / 3);
      }
    });
  }

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = text; }
    if (cls) { el.className = cls; }
    parent.appendChild(el);
    return el;
  }

  var LABEL = {
    agree: "the outlets state the same fact",
    partial: "one version says more than the other",
    stronger: "the same claim, said more strongly or more surely by one outlet",
    weaker: "the same claim, said more strongly or more surely by one outlet",
    conflict: "the outlets disagree"
  };

  function describe(id) {
    if (!detail) { return; }
    var body = detail.querySelector(".body");
    body.textContent = "";
    var col = Number(id.split("-")[1]);
    var ids = bySentence[id] || [];
    if (!ids.length) {
      add(body, "p", "Only " + outlets[col] + " says this: no other article states it.");
    }
    var flag = sentence(id) && sentence(id).getAttribute("data-flag");
    if (flag) { add(body, "p", "⚑ Framing: " + flag); }
    ids.forEach(function (fi) {
      var f = facts[fi];
      var h = add(body, "p");
      add(h, "strong", "F" + f.n + " · " + f.label + ": ");
      h.appendChild(document.createTextNode(LABEL[f.label] || ""));
      var ul = add(body, "ul");
      f.members.forEach(function (m) {
        var other = sentence(m);
        if (!other) { return; }
        var li = add(ul, "li");
        add(li, "span", outlets[Number(m.split("-")[1])] + ": ", "who");
        li.appendChild(document.createTextNode(other.textContent));
      });
      if (f.lines && f.lines.length) {
        var ev = add(body, "ul");
        f.lines.forEach(function (line) { add(ev, "li", line); });
      }
      if (f.missing && f.missing.length) {
        add(body, "p", "Not stated by: " + f.missing.join(", "), "muted");
      }
    });
    detail.hidden = false;
    document.body.classList.add("has-detail");
  }

  function unpin() {
    pinned = null;
    clear("pinned");
    clear("lit");
    previewed = [];
    if (detail) { detail.hidden = true; }
    document.body.classList.remove("has-detail");
  }

  function pin(id) {
    var again = pinned === id;
    unpin();
    if (again) { return; }
    pinned = id;
    var el = sentence(id);
    if (!el) { return; }
    el.classList.add("pinned");
    light(id, "lit");
    reveal(id);
    describe(id);
  }

  function target(e) {
    var el = e.target.closest ? e.target.closest(".s[tabindex]") : null;
    return el && el.id ? el : null;
  }

  document.addEventListener("mouseover", function (e) {
    var el = target(e);
    if (el) { preview(el.id); }
  });
  document.addEventListener("mouseout", function (e) {
    if (target(e)) { unpreview(); }
  });
  document.addEventListener("focusin", function (e) {
    var el = target(e);
    if (el) { preview(el.id); } else { unpreview(); }
  });
  document.addEventListener("click", function (e) {
    var show = e.target.closest ? e.target.closest("button.show") : null;
    if (show) {
      var first = show.getAttribute("data-target");
      var el = first && sentence(first);
      if (el) { pin(first); el.focus(); el.scrollIntoView({ block: "center" }); }
      return;
    }
    if (e.target.closest && e.target.closest("#detail .close")) { unpin(); return; }
    var s = target(e);
    if (s) { pin(s.id); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { unpin(); return; }
    var s = target(e);
    if (s && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      pin(s.id);
    }
  });
})();
