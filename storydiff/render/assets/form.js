// storydiff web form: "Add another article" clones the last article box. Without
// JavaScript the form still works with the boxes it has, plus uploads and URLs.
(function () {
  "use strict";
  var add = document.getElementById("add-article");
  var list = document.getElementById("article-boxes");
  if (!add || !list) { return; }
  var max = Number(list.getAttribute("data-max")) || 20;
  add.hidden = false;
  add.addEventListener("click", function () {
    var boxes = list.querySelectorAll("fieldset");
    if (boxes.length >= max) { return; }
    var n = boxes.length + 1;
    var box = boxes[boxes.length - 1].cloneNode(true);
    box.querySelector("legend").textContent = "Article " + n;
    box.querySelectorAll("input, textarea").forEach(function (el) {
      el.value = "";
      el.id = el.name + "-" + n;
    });
    box.querySelectorAll("label").forEach(function (el) {
      el.setAttribute("for", el.getAttribute("for").replace(/-\d+$/, "-" + n));
    });
    list.appendChild(box);
    box.querySelector("textarea").focus();
    if (n >= max) { add.disabled = true; }
  });
})();
