// Interactive quizzes: each answer is checked against salted SHA-256 hashes (the key of grader/release/answer_key.py);
// a right answer also unwraps the key that decrypts the explanation. The page holds no plain answer.
// The site's quizzes are practice: a first wrong try shows the question's hint, a second one the worked explanation,
// read from the card's `data-practice` copy. That copy is OBFUSCATED, NOT SECRET: its key is derived from the salt
// and the card's id, both on the page (see `practice` below and site/hooks/quiz_pages.py). It keeps the explanations
// and their answers out of the page's plain text, nothing more. A question whose explanation was shown earns 0.
// A wrong answer the author foresaw (a wrong choice's feedback, a known mistake) first shows why it tempts and is wrong,
// from the key's `feedback` map, obfuscated the same way (its key comes from the wrong answer itself).
(() => {
  const encoder = new TextEncoder();
  const TRAILING = ".,;:!?。，、；：！？ ";
  const words = {
    zh: { right: "正确！", wrong: "不对，再想想。", partly: "部分正确。", empty: "请先作答。", number: "请输入一个数。",
          hint: "提示：", next: "再答错一次会显示讲解。", missed: "还是不对。", worked: "讲解：",
          shown: "（答案来自上面的讲解，不是你答出的：本题在本页得分中计 0 分。）",
          zero: "（讲解已经显示过：本题在本页得分中计 0 分。）", whyNot: "为什么不是 {label}：" },
    en: { right: "Correct! ", wrong: "Not quite, try again.", partly: "Partly right.", empty: "Answer first.", number: "Type a number.",
          hint: "A hint: ", next: "Another wrong try shows the worked explanation.", missed: "Not quite.",
          worked: "The worked explanation: ",
          shown: "(The answer comes from the explanation above, not from you: this question counts 0 in the "
                 + "page's score.)",
          zero: "(The explanation was shown before: this question counts 0 in the page's score.)",
          whyNot: "Why not {label}: " },
  };

  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  };
  const hashed = (salt, purpose, canonical) => sha256(encoder.encode(`loss-compass\0${purpose}\0${salt}\0${canonical}`));

  // The canonical forms of grader/quiz/normalise.py, so that the browser hashes what the grader hashes.
  const normaliseText = (text) => {
    let folded = text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
    while (folded && TRAILING.includes(folded[folded.length - 1])) folded = folded.slice(0, -1);
    return folded;
  };
  const roundNumeric = (value, digits) => {
    // Half up on the shortest decimal form, as Python's Decimal(repr(value)).quantize(..., ROUND_HALF_UP).
    const magnitude = Math.abs(value);
    const exact = magnitude.toString().includes("e") ? magnitude.toFixed(20) : magnitude.toString();
    const [whole, fraction = ""] = exact.split(".");
    const digitsText = whole + fraction.padEnd(Math.max(digits, 0) + 1, "0");
    const cut = whole.length + digits;
    if (cut < 0) return "0";
    const kept = digitsText.slice(0, cut).split("").map(Number);
    if (Number(digitsText[cut] || "0") >= 5) {
      let i = kept.length - 1;
      while (i >= 0 && kept[i] === 9) { kept[i] = 0; i -= 1; }
      if (i >= 0) kept[i] += 1; else kept.unshift(1);
    }
    const text = kept.join("") || "0";
    const intLength = text.length - Math.max(digits, 0);
    let result = digits > 0 ? `${text.slice(0, intLength) || "0"}.${text.slice(intLength)}` : text + "0".repeat(-digits);
    result = result.replace(/^0+(?=\d)/, "");
    if (result.startsWith(".")) result = `0${result}`;
    const isZero = !/[1-9]/.test(result);
    return value < 0 && !isZero ? `-${result}` : result;
  };

  const readAnswer = (card) => {
    const type = card.dataset.type;
    if (type === "single" || type === "true_false") {
      const picked = card.querySelector("input:checked");
      return picked ? picked.value : null;
    }
    if (type === "multiple") {
      const picked = Array.from(card.querySelectorAll("input:checked"), (input) => input.value);
      return picked.length ? picked : null;
    }
    const typed = card.querySelector('input[type="text"]').value;
    return typed.trim() ? typed : null;
  };

  const canonical = (card, answer, key) => {
    const type = card.dataset.type;
    if (type === "multiple") return [...answer].sort().join(",");
    if (type === "numeric") {
      const value = Number(answer.normalize("NFKC").trim().replace("−", "-"));
      if (!Number.isFinite(value)) return null;
      return roundNumeric(value, key.digits);
    }
    if (type === "text") return normaliseText(answer);
    return answer;
  };

  // grader/release/answer_key.py's `decrypt`: base64 text XORed with the SHA-256 stream of (key, lang).
  const decrypt = async (contentKey, lang, text) => {
    const body = fromBase64(text);
    const blocks = [];
    for (let count = 0; count * 32 < body.length; count += 1) {
      const counter = new Uint8Array(8);
      new DataView(counter.buffer).setBigUint64(0, BigInt(count));
      blocks.push(await sha256(concat(contentKey, encoder.encode(lang), counter)));
    }
    const stream = concat(...blocks);
    return new TextDecoder().decode(body.map((byte, i) => byte ^ stream[i]));
  };

  const explanation = async (key, canonicalAnswer, lang) => {
    const wanted = hex(await hashed(key.salt, "check", canonicalAnswer));
    const form = key.forms.find((item) => item.digest === wanted);
    if (!form) return null;
    const pad = await hashed(key.salt, "wrap", canonicalAnswer);
    const contentKey = fromBase64(form.wrap).map((byte, i) => byte ^ pad[i]);
    return decrypt(contentKey, lang, key.explanation[lang]);
  };

  // The practice copy of the explanation, for the second wrong try: obfuscation against reading by accident, not a
  // secret (its key, SHA-256 of the salt and the card's id, is computed from the page alone).
  const practice = async (card, key, lang) => {
    if (!card.dataset.practice) return null;
    return decrypt(await hashed(key.salt, "practice", card.id), lang, card.dataset.practice);
  };

  // The author's feedback on each wrong part of an answer: a choice's form is its id, a number's or a text's is `form`.
  const feedbackOn = async (card, key, answer, form, lang) => {
    if (!key.feedback) return [];
    const choices = card.dataset.type === "single" || card.dataset.type === "multiple";
    const forms = card.dataset.type === "multiple" ? answer : [form];
    const found = [];
    for (const item of forms) {
      const body = key.feedback[hex(await hashed(key.salt, "feedback", item))];
      if (!body) continue;
      const text = await decrypt(await hashed(key.salt, "feedback-key", item), lang, body[lang]);
      const input = choices ? card.querySelector(`input[value="${CSS.escape(item)}"]`) : null;
      const label = input ? input.parentElement.querySelector(".quiz-choice-id").textContent.replace(/\.$/, "") : "";
      found.push(label ? [text, words[lang].whyNot.replace("{label}", label), "quiz-why-not"] : [text, null, "quiz-why-not"]);
    }
    return found;
  };

  const partialCredit = async (card, key, answer) => {
    if (card.dataset.type !== "multiple" || card.dataset.scoring !== "partial" || !key.choices.length) return 0;
    let hits = 0;
    for (const choice of answer) {
      if (key.choices.includes(hex(await hashed(key.salt, "choice", choice)))) hits += 1;
    }
    return Math.max(0, (hits - (answer.length - hits)) / key.choices.length);
  };

  const texInline = (text) => {
    const parts = text.split("$");
    if (parts.length % 2 === 0) return text;
    return parts.map((part, i) => (i % 2 ? `\\(${part}\\)` : part)).join("");
  };

  const updateScore = (quiz) => {
    const earned = Array.from(quiz.querySelectorAll(".quiz-question"))
      .reduce((sum, card) => sum + Number(card.dataset.earned || 0), 0);
    const shown = quiz.querySelector(".quiz-earned");
    if (shown) shown.textContent = Number.isInteger(earned) ? String(earned) : earned.toFixed(2);
  };

  const check = async (card) => {
    const lang = card.dataset.lang;
    const w = words[lang];
    const join = (...texts) => texts.filter(Boolean).join(lang === "zh" ? "" : " ");
    const key = JSON.parse(card.dataset.key);
    const feedback = card.querySelector(".quiz-feedback");
    // Each part is a paragraph: [text] or [text, label] (the label in bold) or [text, null, className].
    const say = (parts, right) => {
      if (window.MathJax && MathJax.typesetClear) MathJax.typesetClear([feedback]);
      feedback.replaceChildren(...parts.map(([text, label, className]) => {
        const paragraph = document.createElement("p");
        // MathJax typesets .arithmatex elements only (mathjax-config.js)
        paragraph.className = className ? `arithmatex ${className}` : "arithmatex";
        if (label) {
          const strong = document.createElement("strong");
          strong.textContent = label;
          paragraph.append(strong);
        }
        paragraph.append(document.createTextNode(texInline(text)));
        return paragraph;
      }));
      feedback.className = `quiz-feedback ${right ? "right" : "wrong"}`;
      if (window.MathJax && MathJax.typesetPromise) return MathJax.typesetPromise([feedback]);
    };
    const answer = readAnswer(card);
    if (answer === null) return say([[w.empty]], false);
    const form = canonical(card, answer, key);
    if (form === null) return say([[w.number]], false);
    const why = await explanation(key, form, lang);
    const points = Number(card.dataset.points);
    const shown = card.dataset.shown === "1";  // the explanation was shown before: the question earns 0
    let parts;
    if (why !== null) {
      card.dataset.earned = shown ? "0" : String(points);
      parts = shown ? [[w.right + why], [w.zero, null, "quiz-note"]] : [[w.right + why]];
    } else {
      const share = await partialCredit(card, key, answer);
      const whyNot = await feedbackOn(card, key, answer, form, lang);
      const misses = Number(card.dataset.misses || 0) + 1;
      card.dataset.misses = String(misses);
      const worked = misses >= 2 ? await practice(card, key, lang) : null;
      if (worked !== null) {  // the second wrong try: the worked explanation, and 0 for this question from now on
        card.dataset.shown = "1";
        card.dataset.earned = "0";
        parts = [[join(share > 0 ? w.partly : "", w.missed)], ...whyNot, [worked, w.worked, "quiz-worked"],
                 [w.shown, null, "quiz-note"]];
      } else {  // the first wrong try: the hint
        card.dataset.earned = shown ? "0" : String(share * points);
        const hint = card.dataset.hint ? [[card.dataset.hint, w.hint]] : [];
        parts = [[join(share > 0 ? w.partly : "", w.wrong)], ...whyNot, ...hint, [w.next, null, "quiz-note"]];
      }
    }
    updateScore(card.closest(".quiz"));
    await say(parts, why !== null);
  };

  const attach = () => {
    for (const button of document.querySelectorAll(".quiz-check")) {
      if (button.dataset.bound) continue;
      button.dataset.bound = "1";
      button.addEventListener("click", () => check(button.closest(".quiz-question")));
    }
  };
  if (typeof document$ !== "undefined") document$.subscribe(attach);
  else document.addEventListener("DOMContentLoaded", attach);
})();
