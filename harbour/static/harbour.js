// Starts GOV.UK Frontend and MOJ Frontend on the page, and again inside anything htmx swaps in.
import { initAll } from "./vendor/govuk/govuk-frontend.min.js";

initAll();
document.body.addEventListener("htmx:afterSwap", (event) => initAll({ scope: event.detail.target }));
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
// A polled region marked data-pause-while-focused is not replaced while focus is inside it, so a
// keyboard or screen reader user does not lose their place every few seconds.
document.body.addEventListener("htmx:beforeRequest", (event) => {
  const region = event.detail.elt;
  if (region.hasAttribute("data-pause-while-focused") && region.contains(document.activeElement)) event.preventDefault();
});
