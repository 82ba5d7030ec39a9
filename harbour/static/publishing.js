// Writing a post (publishing/edit.html): only the chosen channels' "different version" boxes are shown.
// Without JavaScript every channel's box is there, and only the chosen channels use theirs.
const form = document.querySelector("[data-post-form]");
if (form) {
  const boxes = form.querySelectorAll("[data-variant-for]");
  const show = () => {
    const chosen = new Set(Array.from(form.querySelectorAll("input[name=channels]:checked"), (box) => box.value));
    boxes.forEach((box) => { box.hidden = !chosen.has(box.dataset.variantFor); });
    const none = form.querySelector("[data-variant-none]");
    if (none) none.hidden = chosen.size > 0;
  };
  form.addEventListener("change", (event) => { if (event.target.name === "channels") show(); });
  show();
}
