// A tiny Markdown renderer that builds DOM nodes (never HTML strings), so text
// cannot inject markup. Supports paragraphs, headings, lists, code blocks,
// inline code, **bold**, *italic* and [links](https:// or /app/…).

const INLINE = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\[[^\]]+\]\([^)\s]+\))/;

function safeHref(href) {
  return /^(https?:\/\/|\/(app|careers)\/)/i.test(href) ? href : null;
}

function inline(text, parent) {
  for (const part of text.split(INLINE)) {
    if (!part) continue;
    let node;
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2) {
      node = document.createElement("code");
      node.textContent = part.slice(1, -1);
    } else if (part.startsWith("**") && part.endsWith("**") && part.length > 4) {
      node = document.createElement("strong");
      inline(part.slice(2, -2), node);
    } else if (/^([*_]).+\1$/.test(part)) {
      node = document.createElement("em");
      inline(part.slice(1, -1), node);
    } else if (/^\[[^\]]+\]\([^)\s]+\)$/.test(part)) {
      const [, label, href] = part.match(/^\[([^\]]+)\]\(([^)\s]+)\)$/);
      const safe = safeHref(href);
      if (safe) {
        node = document.createElement("a");
        node.href = safe;
        if (/^https?:/i.test(safe)) node.rel = "noopener noreferrer";
        node.textContent = label;
      } else {
        node = document.createTextNode(label);
      }
    } else {
      node = document.createTextNode(part);
    }
    parent.append(node);
  }
}

export function renderMarkdown(text) {
  const root = document.createDocumentFragment();
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  let list = null;
  let para = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("```")) {
      const pre = document.createElement("pre");
      const code = document.createElement("code");
      const body = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
      code.textContent = body.join("\n");
      pre.append(code);
      root.append(pre);
      list = para = null;
      continue;
    }
    const heading = line.match(/^(#{1,4})\s+(.*)$/);
    const bullet = line.match(/^\s*[-*•]\s+(.*)$/);
    const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
    if (heading) {
      const h = document.createElement(`h${Math.min(heading[1].length + 2, 6)}`);
      inline(heading[2], h);
      root.append(h);
      list = para = null;
    } else if (bullet || numbered) {
      const tag = bullet ? "UL" : "OL";
      if (!list || list.tagName !== tag) {
        list = document.createElement(tag);
        root.append(list);
      }
      const li = document.createElement("li");
      inline((bullet || numbered)[1], li);
      list.append(li);
      para = null;
    } else if (!line.trim()) {
      list = para = null;
    } else {
      if (!para) {
        para = document.createElement("p");
        root.append(para);
      } else {
        para.append(document.createElement("br"));
      }
      inline(line, para);
      list = null;
    }
  }
  return root;
}
