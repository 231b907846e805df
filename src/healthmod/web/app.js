// healthmod's page: send the draft to POST /v1/check and show the verdict. Vanilla JS, no network
// beyond this server. Every piece of the draft is put on the page as text (textContent), never as HTML.
"use strict";

(function () {
  const CATEGORY_NAMES = {
    hype: "Hype",
    overclaim: "Overclaim",
    safety: "Safety claim",
    exclusivity: "Exclusivity",
    sales: "Sales pitch",
    testimonial: "Testimonial",
    fear: "Fear",
  };
  let uploadedName = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, className, ...children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function kindName(kind) {
    const words = kind.replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function setStatus(message) {
    $("status").textContent = message;
  }

  // A suggestion split into its instruction and the wording to copy: 'Add: "This article is ..."' gives
  // ["Add:", "This article is ...", ""]. Without quoted wording, the whole suggestion is the instruction.
  function splitSuggestion(suggestion) {
    const text = suggestion || "";
    const match = /"([^"]{12,})"/.exec(text);
    if (!match) return [text, null, ""];
    const after = text.slice(match.index + match[0].length).replace(/^[\s.]+$/, "");
    return [text.slice(0, match.index).trim(), match[1], after.trim()];
  }

  function copyText(text, button) {
    const done = () => {
      button.textContent = "Copied";
      setTimeout(() => (button.textContent = "Copy wording"), 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    const area = el("textarea", "offscreen");
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      document.execCommand("copy");
      done();
    } finally {
      area.remove();
    }
  }

  // The sentence's text with its cue words in <b class="cue"> (first occurrence of each, no overlaps).
  // Lower case with typographic quotes as ASCII ones, one character for one (as healthmod reads text).
  const plain = (s) => s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');

  function withCues(text, cues) {
    const lower = plain(text);
    const spans = [];
    const sorted = Array.from(new Set(cues || [])).sort((a, b) => b.length - a.length);
    for (const cue of sorted) {
      const i = lower.indexOf(plain(cue));
      if (i >= 0 && cue && spans.every(([s, e]) => i >= e || i + cue.length <= s)) spans.push([i, i + cue.length]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [s, e] of spans) {
      frag.append(text.slice(at, s), el("b", "cue", text.slice(s, e)));
      at = e;
    }
    frag.append(text.slice(at));
    return frag;
  }

  function renderDecision(v) {
    const box = $("decision");
    clear(box);
    box.className = "decision";
    if (v.status !== "ok") {
      box.classList.add("decision-none");
      box.append(el("p", "decision-line", "Not checked (", el("strong", null, v.status), ")"));
    } else {
      box.classList.add("decision-" + v.decision);
      const score = v.promotional.score.toFixed(2);
      box.append(
        el("p", "decision-line", "Decision: ", el("strong", "decision-value", v.decision)),
        el("p", "decision-score", `Promotional score of the article: ${score} (flagged from ${v.promotional.threshold})`)
      );
    }
    const reasons = el("ul", "reasons");
    for (const r of v.reasons || []) reasons.append(el("li", null, el("code", null, r.code), " ", r.message));
    if (reasons.childElementCount) box.append(reasons);
    const lint = v.lint;
    if (lint && lint.decision_without_suppressions && lint.decision_without_suppressions !== v.decision) {
      box.append(
        el("p", "note", `Without the draft's healthmod-disable directives the decision would be ${lint.decision_without_suppressions}.`)
      );
    }
  }

  function renderMissing(v) {
    const list = $("missing-list");
    clear(list);
    const findings = ((v.lint && v.lint.findings) || []).filter((f) => f.rule.startsWith("missing-disclosure/"));
    let items = findings.map((f) => ({
      kind: f.rule.slice("missing-disclosure/".length),
      severity: f.severity,
      message: f.message,
      suggestion: f.suggestion,
      suppressed: f.suppressed,
    }));
    if (!v.lint) {
      items = Object.entries(v.disclosures || {})
        .filter(([, d]) => d.required && !d.present)
        .map(([kind, d]) => ({ kind, severity: d.severity || "warning", message: d.trigger ? `Required by: "${d.trigger}"` : "Always required", suggestion: null }));
    }
    for (const item of items) {
      const li = el("li", `missing-item severity-${item.severity}`);
      li.id = `missing-${item.kind}`;
      li.dataset.kind = item.kind;
      li.append(
        el("div", "missing-head", el("span", `sev sev-${item.severity}`, item.severity), " ", el("strong", null, kindName(item.kind)), " ", el("code", null, item.kind)),
        el("p", "why", item.message)
      );
      if (item.suppressed) li.append(el("p", "note", `Suppressed by a healthmod-disable directive on line ${item.suppressed.line}.`));
      if (item.suggestion) {
        const [instruction, wording, after] = splitSuggestion(item.suggestion);
        const box = el("div", "suggestion");
        box.dataset.suggestion = item.suggestion;
        if (instruction) box.append(el("p", "suggestion-text", instruction));
        if (wording) {
          const button = el("button", "copy", "Copy wording");
          button.type = "button";
          button.addEventListener("click", () => copyText(wording, button));
          box.append(el("blockquote", "wording", wording));
          if (after) box.append(el("p", "suggestion-text", after));
          box.append(button);
        }
        li.append(box);
      }
      list.append(li);
    }
    $("missing-none").hidden = items.length > 0;
  }

  function renderSentences(v) {
    const promo = v.promotional;
    const sentences = promo.sentences || [];
    const findings = ((v.lint && v.lint.findings) || []).filter((f) => f.scope === "sentence");
    const total = (promo.sentence_scores || []).length;
    $("promo-summary").textContent =
      `${sentences.length} sentence${sentences.length === 1 ? "" : "s"}` +
      (total ? ` of ${total}` : "") +
      ` read as promotional (sentence threshold ${promo.sentence_threshold ?? "-"}).`;

    const legend = $("legend");
    clear(legend);
    const used = new Set(sentences.map((s) => (s.categories || [])[0] || "hype"));
    for (const cat of Object.keys(CATEGORY_NAMES)) {
      if (used.has(cat)) legend.append(el("span", `chip cat-${cat}`, CATEGORY_NAMES[cat]), " ");
    }

    // The cleaned text, sentences wrapped in <mark>. Offsets count code points (Python), hence Array.from.
    const article = $("article");
    clear(article);
    const chars = Array.from(v.text || "");
    const order = sentences.map((s, i) => [s, i]).sort((a, b) => a[0].start - b[0].start);
    let at = 0;
    for (const [s, i] of order) {
      if (s.start < at || s.end > chars.length) continue;
      article.append(chars.slice(at, s.start).join(""));
      const top = (s.categories || [])[0] || "hype";
      const mark = el("mark", `promo cat-${top}`);
      mark.id = `m-${i}`;
      mark.dataset.index = String(i);
      mark.dataset.category = top;
      mark.title = `${(s.categories || []).join(", ")}; score ${s.score.toFixed(2)}`;
      mark.append(withCues(chars.slice(s.start, s.end).join(""), s.cues));
      const ref = el("a", "ref", String(i + 1));
      ref.href = `#s-${i}`;
      mark.append(el("sup", null, ref));
      article.append(mark);
      at = s.end;
    }
    article.append(chars.slice(at).join(""));
    if (!v.text) article.append(el("p", "none", "The verdict has no text to show."));

    const list = $("sentence-list");
    clear(list);
    sentences.forEach((s, i) => {
      const f = findings[i] || {};
      const top = (s.categories || [])[0] || "hype";
      const li = el("li", `sentence cat-${top}`);
      li.id = `s-${i}`;
      li.dataset.category = top;
      const head = el("div", "sentence-head");
      if (f.severity) head.append(el("span", `sev sev-${f.severity}`, f.severity), " ");
      for (const c of s.categories || []) head.append(el("span", `chip cat-${c}`, CATEGORY_NAMES[c] || c), " ");
      head.append(el("span", "score", `score ${s.score.toFixed(2)}`));
      if (f.line) head.append(" ", el("span", "pos", `line ${f.line}, column ${f.column}`));
      const back = el("a", "back", "show in text");
      back.href = `#m-${i}`;
      head.append(" ", back);
      li.append(head, el("blockquote", "sentence-text", withCues(s.text, s.cues)));
      if (f.message) li.append(el("p", "why", f.message));
      if ((s.cues || []).length) li.append(el("p", "cues", "Cue words: ", s.cues.join(", ")));
      if (f.suggestion) li.append(el("p", "hint", el("strong", null, "Rewording hint: "), f.suggestion));
      if (f.suppressed) li.append(el("p", "note", `Suppressed by a healthmod-disable directive on line ${f.suppressed.line}.`));
      list.append(li);
    });
  }

  function render(v) {
    $("error").hidden = true;
    renderDecision(v);
    renderMissing(v);
    renderSentences(v);
    $("verdict-json").textContent = JSON.stringify(v, null, 2);
    $("result").hidden = false;
  }

  async function submit(event) {
    event.preventDefault();
    const text = $("draft").value;
    if (!text.trim()) {
      showError("Paste or upload a draft first.");
      return;
    }
    const format = $("format").value;
    const body = format === "html" ? { html: text } : { text: text, format: format };
    body.id = uploadedName || "draft";
    $("check").disabled = true;
    setStatus("Checking…");
    try {
      const response = await fetch("/v1/check", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      let data = null;
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
      if (!response.ok) {
        const message = data && data.error ? data.error.message : response.statusText;
        showError(`The check failed (${response.status}): ${message}`);
        setStatus("");
        return;
      }
      render(data);
      setStatus("Done.");
    } catch (e) {
      showError(`The server could not be reached: ${e}`);
      setStatus("");
    } finally {
      $("check").disabled = false;
    }
  }

  function loadFile(file) {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      $("draft").value = String(reader.result);
      uploadedName = file.name;
      const name = file.name.toLowerCase();
      $("format").value = /\.html?$/.test(name) ? "html" : /\.(md|markdown)$/.test(name) ? "markdown" : "auto";
      setStatus(`Loaded ${file.name}.`);
    };
    reader.onerror = () => showError(`Could not read ${file.name}.`);
    reader.readAsText(file);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("check-form").addEventListener("submit", submit);
    $("file").addEventListener("change", (e) => loadFile(e.target.files[0]));
    $("draft").addEventListener("input", () => (uploadedName = null));
    $("draft").addEventListener("dragover", (e) => e.preventDefault());
    $("draft").addEventListener("drop", (e) => {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        e.preventDefault();
        loadFile(e.dataTransfer.files[0]);
      }
    });
    document.body.dataset.ready = "1";
  });
})();
