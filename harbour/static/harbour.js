// Starts GOV.UK Frontend and MOJ Frontend on the page, and again inside anything htmx swaps in.
import { initAll } from "./vendor/govuk/govuk-frontend.min.js";

initAll();
document.body.addEventListener("htmx:afterSwap", (event) => initAll({ scope: event.detail.target }));
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
