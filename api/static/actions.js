// Forms marked data-api="<path>" call the REST API instead of navigating:
// fields become JSON, the submit button's formaction may override the path, and
// data-done (on the form, or on the submit button) says what follows: reload, reset,
// token (show a new API token once) or secret (show a new signing secret once).
import { api } from "./api.js";

function fields(form) {
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === "checkbox") body[el.name] = el.checked;
    else if (el.type === "select-multiple") body[el.name] = Array.from(el.selectedOptions, (o) => o.value);
    else if (el.value === "") continue;
    else if (el.type === "number") body[el.name] = Number(el.value);
    else body[el.name] = el.value;
  }
  return body;
}

function showOnce(out, value, what) {
  out.replaceChildren();
  const note = document.createElement("p");
  note.textContent = `Copy this ${what} now: it is shown only once.`;
  const code = document.createElement("code");
  code.className = "token";
  code.textContent = value;
  out.append(note, code);
}

async function submit(event) {
  const form = event.target.closest("form[data-api]");
  if (!form) return;
  event.preventDefault();
  const submitter = event.submitter;
  const path = submitter && submitter.hasAttribute("formaction")
    ? new URL(submitter.formAction).pathname : form.dataset.api;
  const method = form.dataset.method || "POST";
  const out = form.querySelector(".result");
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const done = (submitter && submitter.dataset.done) || form.dataset.done;
    const data = await api(method, path, method === "DELETE" ? undefined : fields(form));
    if (done === "reload") { window.location.reload(); return; }
    if (done === "token") showOnce(out, data.token, "token");
    else if (done === "secret") showOnce(out, data.secret, "signing secret");
    else if (out) out.textContent = "Done.";
    if (done === "reset") form.reset();
  } catch (err) {
    if (out) { out.textContent = err.message; out.classList.add("error"); }
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

document.addEventListener("submit", submit);
