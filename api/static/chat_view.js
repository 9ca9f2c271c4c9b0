// Rendering of chat messages: bubbles, tool cards, approval cards, usage.
import { renderMarkdown } from "./markdown.js";

const LINKS = { candidate: "/app/candidates/", vacancy: "/app/vacancies/" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function bubble(role) {
  const node = el("article", `message ${role}`);
  node.append(el("div", "body"), el("div", "cards"));
  return node;
}

export function setText(node, text, role) {
  const body = node.querySelector(".body");
  body.replaceChildren(role === "user" ? el("p", "", text) : renderMarkdown(text));
}

export function toolCard(call) {
  const card = el("div", "tool-card pending");
  card.dataset.call = call.id;
  card.append(el("span", "tool-name", call.tool.replaceAll("_", " ")), el("span", "tool-summary", "running…"));
  return card;
}

export function finishToolCard(card, result) {
  card.classList.remove("pending");
  card.classList.add(result.ok ? "ok" : "failed");
  card.querySelector(".tool-summary").textContent = result.summary || (result.ok ? "done" : "failed");
  for (const ref of result.refs || []) {
    if (!LINKS[ref.kind]) continue;
    const link = el("a", "tool-link", `open ${ref.kind}`);
    link.href = LINKS[ref.kind] + ref.id;
    card.append(link);
  }
}

// An approval card: buttons for those who may decide, "waiting for <name>" for others.
export function approvalCard(call, userId, people, onDecide) {
  const card = el("div", "approval-card");
  card.dataset.call = call.call_id;
  const args = Object.entries(call.args || {}).map(([k, v]) => `${k}: ${v}`).join(", ");
  card.append(el("p", "approval-title", `Approval needed: ${call.tool.replaceAll("_", " ")}`), el("p", "muted", args));
  if (call.decision) {
    card.append(el("p", "approval-state", `${call.decision === "approve" ? "Approved" : "Denied"}${call.comment ? `: ${call.comment}` : ""}`));
  } else if (!(call.approvers || []).includes(userId)) {
    const names = (call.approvers || []).map((id) => people[id] || "another user").join(", ");
    card.append(el("p", "approval-state", `Waiting for ${names}`));
  } else {
    const label = el("label", "", "Comment (optional)");
    const comment = el("input");
    comment.id = `comment-${call.call_id}`;
    label.htmlFor = comment.id;
    const approve = el("button", "", "Approve");
    const deny = el("button", "secondary", "Deny");
    approve.type = deny.type = "button";
    approve.addEventListener("click", () => onDecide(call.call_id, "approve", comment.value, card));
    deny.addEventListener("click", () => onDecide(call.call_id, "deny", comment.value, card));
    card.append(label, comment, approve, deny);
  }
  return card;
}

export function usageLine(usage) {
  const tokens = (usage.input_tokens || 0) + (usage.output_tokens || 0);
  return el("p", "usage", `${tokens.toLocaleString()} tokens · $${Number(usage.cost_usd || 0).toFixed(4)}`);
}
