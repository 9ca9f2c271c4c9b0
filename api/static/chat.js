// The chat page: streams turns from POST /api/v1/chat, renders tool and approval
// cards, uploads dropped CVs, stops a turn, and reloads the conversation after a drop.
import { api, apiHeaders, errorText } from "./api.js";
import { readEvents } from "./sse.js";
import { approvalCard, bubble, finishToolCard, setText, toolCard, usageLine } from "./chat_view.js";

const root = document.getElementById("chat");
const messages = document.getElementById("messages");
const form = document.getElementById("composer");
const input = document.getElementById("message");
const status = document.getElementById("status");
const stopButton = document.getElementById("stop");
const sendButton = document.getElementById("send");
const tray = document.getElementById("attachments");
const people = JSON.parse(document.getElementById("people").textContent);
const userId = root.dataset.user;
let conversationId = root.dataset.conversation || null;
let controller = null;
let attachments = [];

function say(text) { status.textContent = text; }

function scroll() { messages.scrollTop = messages.scrollHeight; }

function busy(on) {
  stopButton.hidden = !on;
  sendButton.disabled = on;
}

async function decide(callId, decision, comment, card) {
  card.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  const done = await stream(`/api/v1/conversations/${conversationId}/approvals/${callId}`, { decision, comment });
  if (!done) { card.querySelectorAll("button").forEach((b) => { b.disabled = false; }); return; }
  const verdict = decision === "approve" ? "Approved" : "Denied";
  card.querySelectorAll("button, input, label").forEach((n) => n.remove());
  card.append(Object.assign(document.createElement("p"), { className: "approval-state",
    textContent: `${verdict}${comment ? `: ${comment}` : ""}` }));
  const paused = messages.querySelector(`.tool-card.pending[data-call="${CSS.escape(callId)}"]`);
  if (paused) finishToolCard(paused, { ok: decision === "approve", summary: `${verdict.toLowerCase()}; continued below` });
}

function renderStored(detail) {
  messages.replaceChildren();
  const pending = Object.fromEntries(detail.pending_approvals.map((p) => [p.call_id, p]));
  for (const message of detail.messages) {
    const node = bubble(message.role);
    setText(node, message.text || "", message.role);
    const cards = node.querySelector(".cards");
    for (const call of message.tool_calls || []) {
      const card = toolCard(call);
      finishToolCard(card, call);
      cards.append(card);
    }
    for (const call of message.approvals || []) {
      const current = pending[call.call_id] || { ...call, decision: "decided" };
      cards.append(approvalCard(current, userId, people, decide));
    }
    messages.append(node);
  }
  messages.append(usageLine({ input_tokens: detail.input_tokens, output_tokens: detail.output_tokens,
    cost_usd: detail.cost_usd }));
  scroll();
}

async function reload(attempt = 0) {
  if (!conversationId) { window.location.assign("/app"); return; }
  try {
    renderStored(await api("GET", `/api/v1/conversations/${conversationId}`));
    say("");
  } catch (err) {
    if (attempt < 3) setTimeout(() => reload(attempt + 1), 1000 * (attempt + 1));
    else say(`Could not reload the conversation: ${err.message}`);
  }
}

// One streamed turn into a new assistant bubble; a dropped stream reloads the stored conversation.
// Resolves true when the turn finished.
async function stream(path, body) {
  controller = new AbortController();
  busy(true);
  say("Thinking…");
  const node = bubble("assistant");
  messages.append(node);
  const cards = node.querySelector(".cards");
  let text = "";
  let finished = false;
  try {
    const response = await fetch(path, { method: "POST", headers: apiHeaders(), body: JSON.stringify(body),
      credentials: "same-origin", signal: controller.signal });
    if (!response.ok) throw new Error(errorText(await response.json().catch(() => ({})), response.status));
    for await (const { event, data } of readEvents(response)) {
      if (event === "text") { text += data.delta; setText(node, text, "assistant"); }
      else if (event === "tool_call") cards.append(toolCard(data));
      else if (event === "tool_result") {
        const card = cards.querySelector(`[data-call="${CSS.escape(data.id)}"]`);
        if (card) finishToolCard(card, data);
      } else if (event === "approval_required") cards.append(approvalCard(data, userId, people, decide));
      else if (event === "done") {
        finished = true;
        node.append(usageLine(data.usage));
        if (data.conversation_id !== conversationId) {
          conversationId = data.conversation_id;
          history.replaceState(null, "", `/app?c=${conversationId}`);
        }
      } else if (event === "error") {
        finished = true;
        node.append(Object.assign(document.createElement("p"), { className: "error", textContent: data.message }));
      }
      scroll();
    }
    if (!finished) throw new TypeError("stream ended early");
    say("");
    return true;
  } catch (err) {
    if (err.name === "AbortError") { say("Stopped."); setTimeout(() => reload(), 500); }
    else if (err instanceof TypeError) { say("Connection lost; reloading the conversation…"); setTimeout(() => reload(), 1000); }
    else { node.remove(); say(err.message); }
    return false;
  } finally {
    controller = null;
    busy(false);
  }
}

async function upload(files) {
  const list = [...files].slice(0, 5);
  if (files.length > 5) say("Up to five CVs at a time; the first five are uploading.");
  const body = new FormData();
  for (const file of list) body.append("files[]", file);
  body.append("create_candidates", "true");
  const vacancy = document.getElementById("cv-vacancy");
  if (vacancy && vacancy.value) body.append("vacancy_id", vacancy.value);
  const chip = Object.assign(document.createElement("span"), { className: "chip", textContent: `Uploading ${list.length} file(s)…` });
  tray.append(chip);
  try {
    const data = await api("POST", "/api/v1/parse", body);
    chip.remove();
    for (const result of data.results || []) {
      const item = document.createElement(result.candidate_id ? "a" : "span");
      item.className = result.success ? "chip" : "chip error";
      if (result.candidate_id) {
        item.href = `/app/candidates/${result.candidate_id}`;
        attachments.push(result.file_id);
      }
      const score = result.evaluation ? ` · ${result.evaluation.score} ${result.evaluation.band}` : "";
      item.textContent = result.success ? `${result.candidate?.name || result.filename} (${result.filename})${score}`
        : `${result.filename}: ${result.error?.message || "could not be read"}`;
      tray.append(item);
    }
  } catch (err) {
    chip.textContent = err.message;
    chip.classList.add("error");
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const message = input.value.trim();
  if (!message || controller) return;
  const mine = bubble("user");
  setText(mine, message, "user");
  messages.append(mine);
  input.value = "";
  const body = { message, attachments };
  if (conversationId) body.conversation_id = conversationId;
  attachments = [];
  tray.replaceChildren();
  await stream("/api/v1/chat", body);
});

input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
});
stopButton.addEventListener("click", () => { if (controller) controller.abort(); });
document.getElementById("cv-files").addEventListener("change", (event) => {
  upload(event.target.files);
  event.target.value = "";
});
root.addEventListener("dragover", (event) => { event.preventDefault(); root.classList.add("dropping"); });
root.addEventListener("dragleave", () => root.classList.remove("dropping"));
root.addEventListener("drop", (event) => {
  event.preventDefault();
  root.classList.remove("dropping");
  if (event.dataTransfer.files.length) upload(event.dataTransfer.files);
});

if (conversationId) reload();
