// A Playwright selector engine registered with contentScript: true, so it runs in the
// same isolated ("utility") world as Playwright's injected script. That is the only world
// where `element._ariaRef` (set by page.aria_snapshot) is visible, which gives an exact
// ref -> element join in one round trip. The engine returns a *detached* element whose
// `data-probe` attribute carries the JSON answer: the page's DOM is never modified.
//
// Selector body: space-separated refs; a leading "+" asks for the full description
// (interactive elements), otherwise only whether the element is in the viewport.
// The `describe` method is also used alone (main world, one element) as a fallback.
({
  queryAll(root, body) {
    return [this.query(root, body)];
  },

  query(root, body) {
    const doc = root.ownerDocument || root;
    const wanted = new Map();
    for (const token of body.split(" ")) {
      if (token) wanted.set(token.replace(/^\+/, ""), token.startsWith("+"));
    }
    // One walk finds the wanted elements and every scope (document, shadow roots); the
    // uniqueness counts need all scopes before any element is described.
    const found = [];
    const scopes = [];
    const visit = (scope) => {
      scopes.push(scope);
      for (const el of scope.querySelectorAll("*")) {
        const ref = el._ariaRef && el._ariaRef.ref;
        if (ref && wanted.has(ref)) found.push([ref, el, wanted.get(ref)]);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(doc);
    const ctx = this.context(doc, scopes);
    // Viewport-only refs travel as two space-separated lists instead of one object each.
    const items = {};
    const inside = [];
    const outside = [];
    for (const [ref, el, full] of found) {
      if (full) items[ref] = this.describe(el, ctx);
      else (this.inViewport(el, ctx) ? inside : outside).push(ref);
    }
    items["~in"] = inside.join(" ");
    items["~out"] = outside.join(" ");
    const out = doc.createElement("div");
    out.setAttribute("data-probe", JSON.stringify(items));
    return out;
  },

  // Counts that make "is this selector unique?" a map lookup instead of a document query.
  // Native attribute selectors find the few elements that carry one, per scope.
  context(doc, scopes) {
    const ids = new Map();
    const testIds = new Map();
    const names = new Map();
    const bump = (map, key) => map.set(key, (map.get(key) || 0) + 1);
    if (!scopes) {
      scopes = [];
      const visit = (scope) => {
        scopes.push(scope);
        for (const el of scope.querySelectorAll("*")) if (el.shadowRoot) visit(el.shadowRoot);
      };
      visit(doc);
    }
    for (const scope of scopes) {
      for (const el of scope.querySelectorAll("[id]")) if (el.id) bump(ids, el.id);
      for (const el of scope.querySelectorAll(this.testIdSelector)) {
        const tid = this.testId(el);
        if (tid) bump(testIds, tid);
      }
      for (const el of scope.querySelectorAll("[name]")) {
        const name = el.getAttribute("name");
        if (name) bump(names, el.localName + "\u0000" + name);
      }
    }
    const win = doc.defaultView || window;
    return { doc, ids, testIds, names, positions: new Map(), vw: win.innerWidth, vh: win.innerHeight };
  },

  testIdAttributes: ["data-testid", "data-test-id", "data-test", "data-qa", "data-cy"],
  testIdSelector: "[data-testid],[data-test-id],[data-test],[data-qa],[data-cy]",

  testId(el) {
    for (const attr of this.testIdAttributes) {
      const value = el.getAttribute(attr);
      if (value) return value;
    }
    return null;
  },

  norm(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  },

  inViewport(el, ctx) {
    const r = el.getBoundingClientRect();
    return r.bottom >= 0 && r.right >= 0 && r.top <= ctx.vh && r.left <= ctx.vw;
  },

  describe(el, ctx) {
    ctx = ctx || this.context(el.ownerDocument);
    const tag = el.localName;
    const type = tag === "input" ? (el.getAttribute("type") || "text").toLowerCase() : null;
    const autocomplete = (el.getAttribute("autocomplete") || "").toLowerCase();
    const secret = type === "password" || /(^|\s)(current|new)-password\b/.test(autocomplete);
    // Empty facts are left out (Python reads a missing key as None/False): smaller JSON.
    const info = { iv: this.inViewport(el, ctx), tag };
    const facts = {
      id: el.id || null,
      tid: this.testId(el),
      type,
      lab: this.label(el),
      ph: el.getAttribute("placeholder") || el.getAttribute("aria-placeholder") || null,
      ti: el.getAttribute("title") || null,
      sec: secret,
      css: this.css(el, ctx),
      xp: this.xpath(el, ctx),
    };
    for (const key in facts) if (facts[key]) info[key] = facts[key];
    if (tag === "select") {
      info.opt = [...el.options].map((o) => this.norm(o.label || o.text));
      info.sel = [...el.selectedOptions].map((o) => this.norm(o.label || o.text));
    } else if (secret) {
      // The secret itself never crosses into Python: only whether the field is filled.
      info.hv = !!el.value;
    } else if (tag === "textarea" || (tag === "input" && type !== "checkbox" && type !== "radio")) {
      info.v = String(el.value).slice(0, 2000);
    }
    return info;
  },

  label(el) {
    const parts = [];
    for (const label of el.labels || []) parts.push(this.textOutside(label, el));
    const root = el.getRootNode();
    if (!parts.length && el.getAttribute("aria-labelledby") && root.getElementById) {
      for (const id of el.getAttribute("aria-labelledby").split(/\s+/)) {
        const target = root.getElementById(id);
        if (target) parts.push(target.textContent);
      }
    }
    if (!parts.length && el.getAttribute("aria-label")) parts.push(el.getAttribute("aria-label"));
    return this.norm(parts.join(" ")).slice(0, 300) || null;
  },

  // A <label> may wrap its control (and a select's options): keep only the label's words.
  textOutside(label, control) {
    let text = "";
    const walker = label.ownerDocument.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (control.contains(node) || (parent && /^(SELECT|OPTION|TEXTAREA|SCRIPT|STYLE)$/.test(parent.tagName)))
        continue;
      text += node.data + " ";
    }
    return text;
  },

  // [index among same-tag siblings (1-based), how many share the tag], one pass per parent.
  position(el, ctx) {
    if (!ctx.positions.has(el)) {
      const parent = el.parentNode;
      const counts = new Map();
      const seen = [];
      for (const child of parent.children) {
        const n = (counts.get(child.localName) || 0) + 1;
        counts.set(child.localName, n);
        seen.push([child, n]);
      }
      for (const [child, n] of seen) ctx.positions.set(child, [n, counts.get(child.localName)]);
    }
    return ctx.positions.get(el);
  },

  css(el, ctx) {
    const tid = this.testId(el);
    if (el.id && ctx.ids.get(el.id) === 1) return "#" + CSS.escape(el.id);
    if (tid && ctx.testIds.get(tid) === 1) {
      for (const attr of this.testIdAttributes)
        if (el.getAttribute(attr) === tid) return `[${attr}=${JSON.stringify(tid)}]`;
    }
    const name = el.getAttribute("name");
    if (name && ctx.names.get(el.localName + "\u0000" + name) === 1)
      return `${el.localName}[name=${JSON.stringify(name)}]`;
    // A child-combinator path is unique by construction; CSS does not cross shadow roots.
    if (el.getRootNode() !== ctx.doc) return null;
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node !== el && node.id && ctx.ids.get(node.id) === 1) {
        steps.unshift("#" + CSS.escape(node.id));
        break;
      }
      if (node.localName === "body" || node.localName === "html") {
        steps.unshift(node.localName);
        break;
      }
      const [index, total] = this.position(node, ctx);
      steps.unshift(total > 1 ? `${CSS.escape(node.localName)}:nth-of-type(${index})` : CSS.escape(node.localName));
    }
    return steps.join(" > ");
  },

  xpath(el, ctx) {
    if (el.getRootNode() !== ctx.doc || el.namespaceURI !== "http://www.w3.org/1999/xhtml") return null;
    if (el.id && ctx.ids.get(el.id) === 1 && !el.id.includes('"')) return `//*[@id="${el.id}"]`;
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.localName === "html") {
        steps.unshift("html");
        break;
      }
      const [index, total] = this.position(node, ctx);
      steps.unshift(total > 1 ? `${node.localName}[${index}]` : node.localName);
    }
    return "/" + steps.join("/");
  },
})
