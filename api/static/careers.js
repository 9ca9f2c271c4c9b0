// The careers apply form: posted to the public careers API, with the answer shown in place.
import { errorText } from "./api.js";

const form = document.getElementById("apply");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = form.querySelector(".result");
  const button = form.querySelector("button");
  button.disabled = true;
  out.classList.remove("error");
  out.textContent = "Sending…";
  try {
    const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(errorText(payload, response.status));
    form.reset();
    out.textContent = "Thank you! Your application was received; we have emailed you a confirmation.";
  } catch (err) {
    out.textContent = err.message;
    out.classList.add("error");
  } finally {
    button.disabled = false;
  }
});
