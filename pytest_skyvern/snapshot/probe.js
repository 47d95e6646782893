// A Playwright selector engine registered with contentScript: true, so it runs in the
// same isolated ("utility") world as Playwright's injected script. That is the only world
// where `element._ariaRef` (set by page.aria_snapshot) is visible, which gives an exact
// ref -> element join in one round trip. Answers travel as a *detached* element whose
// `data-probe` attribute carries JSON: the page's DOM is never modified.
//
// Selector bodies:
//   "+e5 e6 ..."  describe refs ("+" = full description, else only whether the element is
//                 in the viewport), and find the clickables the aria tree has no element for
//   "@s3"         the element of a probe-assigned ref (an actionable locator)
//   "?<json>"     elements whose whole visible text is exactly one of the given strings
// The `describe` method is also used alone (main world, one element) as a fallback.
({
  queryAll(root, body) {
    const found = this.query(root, body);
    return found ? [found] : [];
  },

  query(root, body) {
    const doc = root.ownerDocument || root;
    if (body.startsWith("@")) return this.byRef(body.slice(1));
    if (body.startsWith("?")) return this.answer(doc, this.findTexts(doc, JSON.parse(decodeURIComponent(body.slice(1)))));
    const wanted = new Map();
    for (const token of body.split(" ")) {
      if (token) wanted.set(token.replace(/^\+/, ""), token.startsWith("+"));
    }
    // Refs of the latest snapshot: only those are valid aria-ref selectors.
    this.lastRefs = new Set(wanted.keys());
    const walk = this.walk(doc, wanted);
    const ctx = this.context(doc, walk.scopes);
    // Viewport-only refs travel as two space-separated lists instead of one object each.
    const items = {};
    const inside = [];
    const outside = [];
    const clickable = new Map(walk.clickables.map((c) => [c.el, c]));
    const dialog = this.openDialog(doc);
    for (const [ref, el, full] of walk.found) {
      const extra = clickable.get(el);
      if (full || extra) {
        items[ref] = this.describe(el, ctx);
        if (extra) this.addClickFacts(items[ref], extra);
        if (dialog && !dialog.contains(el) && this.covered(el, doc)) items[ref].cov = true;
      } else (this.inViewport(el, ctx) ? inside : outside).push(ref);
    }
    items["~in"] = inside.join(" ");
    items["~out"] = outside.join(" ");
    items["~syn"] = walk.clickables.filter((c) => !c.ref).map((c) => this.synthetic(c, ctx));
    items["~hid"] = walk.hidden;
    items["~own"] = this.owners(doc, wanted);
    return this.answer(doc, items);
  },

  // The collapsed toggle that holds each hidden control: "Sign out" in a closed account
  // menu, "Place order" in a closed accordion section. A name held by several toggles
  // (a Continue in each section) belongs to none.
  owners(doc, wanted) {
    const nameOf = (el) => this.norm(el.getAttribute("aria-label") || el.textContent || el.value || "");
    // How many hidden controls carry each name: a name is held by a toggle only when
    // every one of them is inside it (the other section's Continue may have no toggle).
    const total = new Map();
    for (const el of doc.querySelectorAll(this.namedControlSelector)) {
      if (el.checkVisibility()) continue;
      const name = nameOf(el);
      if (name && name.length <= 80) total.set(name, (total.get(name) || 0) + 1);
    }
    if (!total.size) return {};
    const held = new Map();
    const count = new Map();
    // A header with a handler or a tab stop right before a hidden body is an
    // accordion section's toggle too, though it says nothing of its state.
    const headers = new Set([...doc.querySelectorAll("[tabindex],[onclick]")].filter((el) =>
      (el.tabIndex >= 0 || el.hasAttribute("onclick")) && !el.hasAttribute("aria-expanded") &&
      el.nextElementSibling && !el.nextElementSibling.checkVisibility() && el.checkVisibility()));
    const toggles = [...doc.querySelectorAll('[aria-expanded="false"],details:not([open])>summary'), ...headers];
    for (const toggle of toggles) {
      // Its aria ref, or the probe ref it got as a role-less clickable in this walk.
      const aria = toggle._ariaRef && toggle._ariaRef.ref;
      const ref = aria && wanted.has(aria) ? aria : toggle._skyvernRef;
      if (!ref) continue;
      const scopes = headers.has(toggle) ? [toggle.nextElementSibling] : [];
      for (const id of (toggle.getAttribute("aria-controls") || "").split(/\s+/).filter(Boolean)) {
        const target = doc.getElementById(id);
        if (target) scopes.push(target);
      }
      const box = toggle.parentElement;
      if (!scopes.length && toggle.localName === "summary") scopes.push(box);
      else if (!scopes.length && box && box.querySelectorAll('[aria-expanded="false"]').length === 1)
        scopes.push(box);
      for (const scope of scopes) {
        for (const el of scope.querySelectorAll(this.namedControlSelector)) {
          if (toggle.contains(el) || el.contains(toggle) || el.checkVisibility()) continue;
          const name = nameOf(el);
          if (!name || name.length > 80) continue;
          held.set(name, held.has(name) && held.get(name) !== ref ? null : ref);
          count.set(name, (count.get(name) || 0) + 1);
        }
      }
    }
    const owners = {};
    for (const [name, ref] of held) if (ref && count.get(name) === total.get(name)) owners[name] = ref;
    return owners;
  },

  answer(doc, data) {
    const out = doc.createElement("div");
    out.setAttribute("data-probe", JSON.stringify(data));
    return out;
  },

  // ------------------------------------------------------------------ probe refs
  refs: new Map(),
  seq: 0,

  byRef(ref) {
    const weak = this.refs.get(ref);
    const el = weak && weak.deref();
    return el && el.isConnected ? el : null;
  },

  refOf(el) {
    if (!el._skyvernRef) {
      el._skyvernRef = "s" + ++this.seq;
      this.refs.set(el._skyvernRef, new WeakRef(el));
    }
    return el._skyvernRef;
  },

  // ---------------------------------------------------------------- the DOM walk
  interactiveRoles: new Set([
    "button", "link", "textbox", "searchbox", "combobox", "listbox", "option", "checkbox",
    "radio", "switch", "slider", "spinbutton", "menuitem", "menuitemcheckbox",
    "menuitemradio", "tab", "treeitem",
  ]),
  controlSelector:
    "a[href],button,input,select,textarea,option,[role=button],[role=link],[role=checkbox]," +
    "[role=radio],[role=switch],[role=tab],[role=menuitem],[role=option],[role=textbox],[role=combobox]",
  namedControlSelector:
    "a,button,input[type=submit],input[type=button],[role=button],[role=link],[role=tab]," +
    "[role=menuitem],[role=option],option,li,summary",
  skipTags: new Set(["script", "style", "noscript", "template", "head", "meta", "link", "title", "br", "wbr"]),
  handlerAttributes: ["onclick", "onmousedown", "onmouseup", "onpointerdown", "onpointerup", "ondblclick", "ontouchstart"],

  // Elements the page's own script listens on, as reported by listeners.js (main world).
  listenersOf(doc) {
    const got = { c: new Set(), k: new Set(), t: new Set() };
    const handlers = Object.keys(got).map((code) => [
      "skyvern:mark-" + code,
      (event) => got[code].add(event.composedPath()[0]),
    ]);
    for (const [type, handler] of handlers) doc.addEventListener(type, handler, true);
    try {
      doc.dispatchEvent(new Event("skyvern:ask"));
    } finally {
      for (const [type, handler] of handlers) doc.removeEventListener(type, handler, true);
    }
    return got;
  },

  // One walk in tree order over the document and its open shadow roots: the wanted refs,
  // every scope, and the elements a user can click or type into that have no interactive
  // role (script listeners, on* attributes, cursor:pointer, tabindex, contenteditable,
  // labels of hidden checkboxes).
  walk(doc, wanted) {
    const found = [];
    const scopes = [doc];
    const clickables = [];
    const listeners = this.listenersOf(doc);
    const win = doc.defaultView || window;
    const self = this;
    // The last aria ref met in tree order: a clickable without one is shown after it.
    let previous = null;
    // Controls the aria tree left out (hidden, collapsed): their names, so that a loose
    // match on a visible control is not taken for one named exactly so.
    const hidden = new Set();

    // How many controls the subtree holds, and the control itself when there is one.
    function visit(parent, inControl, parentCursor, anchor, owner) {
      let controls = 0;
      let only = null;
      for (const el of parent.children) {
        const aria = el._ariaRef;
        const ref = aria && wanted.has(aria.ref) ? aria.ref : null;
        const before = previous;
        if (ref) {
          found.push([ref, el, wanted.get(ref)]);
          previous = ref;
        } else if (!inControl && hidden.size < 300 && !el.shadowRoot) {
          // Only elements that say something of their own (a menu item's label span).
          const own = el.matches(self.namedControlSelector) ? el.textContent || el.value : self.ownText(el);
          const name = self.norm(el.getAttribute("aria-label") || own || "");
          if (name && name.length <= 80) hidden.add(name);
        }
        const tag = el.localName;
        if (self.skipTags.has(tag)) continue;
        const isControl =
          !inControl && ((ref && self.interactiveRoles.has(aria.role)) || el.matches(self.controlSelector));
        let cursor = parentCursor;
        let candidate = null;
        if (!inControl && !isControl) {
          cursor = win.getComputedStyle(el).cursor;
          candidate = self.candidate(el, ref, cursor, parentCursor, listeners, anchor, owner);
          if (candidate && before !== anchor) candidate.previous = before;
        }
        const under = inControl || isControl || !!(candidate && (candidate.proxy || candidate.editable));
        const sub = { controls: 0, only: null };
        if (tag !== "svg") {
          for (const scope of el.shadowRoot ? [el.shadowRoot, el] : [el]) {
            if (scope !== el) scopes.push(scope);
            const inner = visit(scope, under, cursor, ref || anchor, candidate || owner);
            sub.controls += inner.controls;
            sub.only = sub.only || inner.only;
          }
        }
        if (candidate && self.keep(candidate, sub)) clickables.push(candidate);
        if (tag === "svg" && candidate && candidate.signals.some((s) => s !== "pointer")) self.shapes(el, candidate, wanted, found, clickables);
        const mine = (isControl ? 1 : 0) + sub.controls;
        if (mine === 1) only = isControl ? el : sub.only;
        controls += mine;
      }
      return { controls, only: controls === 1 ? only : null };
    }

    visit(doc, false, "auto", null, null);
    for (const c of this.delegated(clickables, wanted)) clickables.push(c);
    return { found, scopes, clickables, hidden: [...hidden] };
  },

  candidate(el, ref, cursor, parentCursor, listeners, anchor, owner) {
    const proxy = el.localName === "label" ? el.control : null;
    // A label of a visible control is part of that control: clicking it is clicking it.
    // So is one whose control the aria tree lists anyway (transparent, over its icon).
    const listed = proxy && proxy._ariaRef && this.lastRefs && this.lastRefs.has(proxy._ariaRef.ref);
    if (proxy && (listed || !this.hiddenToggle(proxy))) return null;
    const signals = [];
    if (listeners.c.has(el)) signals.push("listener");
    if (listeners.t.has(el)) signals.push("handler");
    if (this.handlerAttributes.some((a) => el.hasAttribute(a)) || this.jsactionClick(el)) signals.push("onclick");
    if (el.hasAttribute("tabindex") && el.tabIndex >= 0) signals.push("tabindex");
    else if (listeners.k.has(el) && el.tabIndex >= 0) signals.push("keys");
    if (el.localName === "summary") signals.push("summary");
    const editable = el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable);
    if (editable) signals.push("editable");
    if (cursor === "pointer" && parentCursor !== "pointer") signals.push("pointer");
    // An icon with a title inside a clickable row or card (a star, a trash can): an
    // action of its own, though its pointer cursor is the row's.
    else if (cursor === "pointer" && owner && el.getAttribute("title") &&
             this.norm(el.textContent).length <= 2) signals.push("titled");
    if (!signals.length && !proxy) return null;
    if (!this.visible(el)) return null;
    const text = this.norm(el.textContent).slice(0, 300);
    const label = el.getAttribute("aria-label") || el.getAttribute("title") || "";
    // The same target as a clickable around it (a span with its own handler inside a
    // card that has one too, with the same words): one element, the outer one. An icon
    // with a name of its own in a wordless wrapper (a password field's eye) is not.
    if (owner && owner.text === text && owner.label === label && !proxy && !editable) return null;
    return { el, ref, anchor, signals, text, label, proxy, editable };
  },

  // A listener on a drawing handles its shapes (a click on the letter in a chart): each
  // shape the aria tree lists is a target of its own.
  shapes(svg, owner, wanted, found, clickables) {
    for (const shape of svg.querySelectorAll("*")) {
      const aria = shape._ariaRef;
      if (!aria || !wanted.has(aria.ref) || !this.visible(shape)) continue;
      found.push([aria.ref, shape, wanted.get(aria.ref)]);
      clickables.push({ el: shape, ref: aria.ref, anchor: owner.ref || owner.anchor, signals: ["delegated"],
                        text: this.norm(shape.textContent).slice(0, 300), label: "", proxy: null, editable: false });
    }
  },

  jsactionClick(el) {
    const value = el.getAttribute("jsaction");
    if (!value) return false;
    // "click:ns.fn; mouseover:..." or a bare handler name, whose event is click.
    return value.split(";").some((part) => !part.includes(":") || /^\s*(click|mousedown|mouseup)\s*:/.test(part));
  },

  // A candidate whose subtree holds exactly one control with the same words is that
  // control (a tab around its link, a row handler around its only button).
  keep(candidate, sub) {
    if (candidate.proxy || candidate.editable) return true;
    if (sub.controls === 1 && sub.only) {
      const only = sub.only;
      const words = this.norm(only.textContent || only.getAttribute("aria-label") || only.value || "");
      if (!words || words === candidate.text) return false;
    }
    // A listener on a wrapper of several controls handles their events, not its own click.
    if (sub.controls > 1 && candidate.signals.every((s) => s === "listener" || s === "keys")) return false;
    return true;
  },

  // A listener on a list-like parent whose children repeat (li, tr, cards) is delegation:
  // the children are the targets, not the parent.
  delegated(clickables, wanted) {
    const out = [];
    const seen = new Set(clickables.map((c) => c.el));
    const parents = clickables.filter((c) => c.signals.length === 1 && c.signals[0] === "listener");
    for (const parent of parents) {
      const kids = [...parent.el.children].filter((k) => this.visible(k));
      if (kids.length < 2 || !kids.every((k) => k.localName === kids[0].localName)) continue;
      const texts = kids.map((k) => this.norm(k.textContent).slice(0, 300));
      if (texts.some((t) => !t || t.length > 200)) continue;
      if (kids.some((k) => k.matches(this.controlSelector) || k.querySelector(this.controlSelector))) continue;
      clickables.splice(clickables.indexOf(parent), 1);
      kids.forEach((kid, i) => {
        if (seen.has(kid)) return;
        const aria = kid._ariaRef;
        const ref = aria && wanted.has(aria.ref) ? aria.ref : null;
        out.push({ el: kid, ref, anchor: parent.ref || parent.anchor, signals: ["delegated"], text: texts[i], label: "", proxy: null, editable: false });
      });
    }
    return out;
  },

  ownText(el) {
    let text = "";
    for (const node of el.childNodes) if (node.nodeType === 3) text += node.data;
    return text;
  },

  openDialog(doc) {
    for (const el of doc.querySelectorAll("dialog[open], [aria-modal=true], [role=dialog], [role=alertdialog]"))
      if (this.visible(el)) return el;
    return null;
  },

  // Whether something else (a modal's overlay) is what a click at its centre would hit.
  covered(el, doc) {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > doc.defaultView.innerWidth || y > doc.defaultView.innerHeight) return false;
    const hit = doc.elementFromPoint(x, y);
    return !!hit && hit !== el && !el.contains(hit) && !hit.contains(el);
  },

  hiddenToggle(control) {
    if (control.localName !== "input" || !/^(checkbox|radio)$/.test(control.type)) return false;
    if (control.checkVisibility && !control.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }))
      return true;
    const r = control.getBoundingClientRect();
    return r.width * r.height < 4;
  },

  visible(el) {
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  },

  addClickFacts(info, c) {
    info.ck = c.signals.join(" ") || "label";
    if (c.proxy) {
      info.rl = c.proxy.type === "radio" ? "radio" : "checkbox";
      info.chk = c.proxy.checked;
      info.lab = this.norm(this.textOutside(c.el, c.proxy)).slice(0, 300) || info.lab;
    } else if (c.editable) {
      info.rl = "textbox";
      info.v = this.norm(c.el.innerText || c.el.textContent).slice(0, 2000);
    }
    return info;
  },

  synthetic(c, ctx) {
    const info = this.addClickFacts(this.describe(c.el, ctx), c);
    info.r = this.refOf(c.el);
    if (c.anchor) info.a = c.anchor;
    if (c.previous) info.p = c.previous;
    if (!c.editable) info.tx = c.text;
    return info;
  },

  // ------------------------------------------------------------- text fallback
  // For each wanted text: the elements whose whole visible text is exactly it (case and
  // spacing aside), each reduced to the element that handles the click: the innermost
  // such element, or an enclosing one with the same words that carries a click signal.
  findTexts(doc, texts) {
    const wanted = new Map(texts.map((t) => [this.norm(t).toLowerCase(), t]));
    const hits = new Map(texts.map((t) => [t, new Set()]));
    const listeners = this.listenersOf(doc);
    const scopes = [];
    const collect = (scope) => {
      scopes.push(scope);
      for (const el of scope.querySelectorAll("*")) if (el.shadowRoot) collect(el.shadowRoot);
    };
    collect(doc);
    const ctx = this.context(doc, scopes);
    for (const scope of scopes) {
      const walker = doc.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const piece = this.norm(node.data).toLowerCase();
        if (!piece) continue;
        for (const [key, original] of wanted) {
          if (!key.includes(piece)) continue;
          const el = this.textOwner(node.parentElement, key, listeners);
          if (el) hits.get(original).add(el);
        }
      }
    }
    const out = {};
    for (const [text, els] of hits) {
      out[text] = [...els].filter((el) => this.visible(el)).slice(0, 5).map((el) => {
        const aria = el._ariaRef;
        const info = this.describe(el, ctx);
        const current = !!(aria && aria.ref && this.lastRefs && this.lastRefs.has(aria.ref));
        info.r = current ? aria.ref : this.refOf(el);
        if (current) {
          info.aria = true;
          info.ar = aria.role;
        }
        info.tx = this.norm(el.textContent).slice(0, 300);
        info.a = this.anchorOf(el);
        const ck = this.signalsOf(el, listeners);
        if (ck) info.ck = ck;
        return info;
      });
    }
    return out;
  },

  textOwner(start, key, listeners) {
    let el = start;
    let match = null;
    for (let depth = 0; el && depth < 6; depth++, el = this.parentOf(el)) {
      // A label's click is its control's, which the snapshot shows already.
      if (/^(script|style|option|select|textarea|title|noscript|label)$/.test(el.localName)) return null;
      const text = this.norm(el.textContent).toLowerCase();
      if (text.length > key.length) break;
      if (text === key) {
        if (!match) match = el;
        if (this.signalsOf(el, listeners) || el.matches(this.controlSelector)) return el;
      }
    }
    return match;
  },

  parentOf(el) {
    return el.parentElement || (el.parentNode && el.parentNode.host) || null;
  },

  anchorOf(el) {
    for (let node = this.parentOf(el); node; node = this.parentOf(node)) {
      if (node._ariaRef && node._ariaRef.ref) return node._ariaRef.ref;
    }
    return null;
  },

  signalsOf(el, listeners) {
    const win = el.ownerDocument.defaultView || window;
    const parent = this.parentOf(el);
    const cursor = win.getComputedStyle(el).cursor;
    const parentCursor = parent ? win.getComputedStyle(parent).cursor : "auto";
    const found = this.candidate(el, null, cursor, parentCursor, listeners, null, null);
    return found ? found.signals.join(" ") : "";
  },

  // ------------------------------------------------------------- descriptions
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
    if (el.disabled || el.getAttribute("aria-disabled") === "true") info.dis = true;
    // Playwright still lists a control inside aria-hidden (without its name): it is
    // hidden from users of assistive tech, and usually a visual copy or a decoy.
    if (el.closest('[aria-hidden="true"]')) info.ah = true;
    if ((tag === "button" || (tag === "input" && (type === "submit" || type === "image"))) &&
        el.form && (el.type === "submit" || type === "image")) info.sb = true;
    const expanded = el.getAttribute("aria-expanded");
    if (expanded === "true" || expanded === "false") info.ex = expanded;
    else if (tag === "summary" && el.parentElement && el.parentElement.localName === "details")
      info.ex = el.parentElement.open ? "true" : "false";
    if (info.ex !== "true" && this.lazyPopup(el, tag)) info.lz = true;
    const haspopup = (el.getAttribute("aria-haspopup") || "").toLowerCase();
    if (haspopup && haspopup !== "false") info.hp = true;
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

  // A toggle whose list or menu is built only when it opens (MUI's Select, Angular
  // Material's mat-select and mat-menu): none of its items are in the DOM yet.
  lazyPopup(el, tag) {
    if (/^(select|input|textarea)$/.test(tag)) return false;
    const popup = (el.getAttribute("aria-haspopup") || "").toLowerCase();
    if ((!popup || popup === "false") && el.getAttribute("role") !== "combobox") return false;
    const root = el.getRootNode();
    for (const attr of ["aria-controls", "aria-owns"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean)) {
        const target = root.getElementById ? root.getElementById(id) : null;
        if (target && target.children.length) return false;
      }
    }
    // A popup kept beside its toggle (Bootstrap's .dropdown-menu): its items are there.
    const box = el.parentElement;
    const items = '[role="menu"],[role="listbox"],[role="option"],[role="menuitem"],ul,ol,menu';
    return !(box && box.querySelector(items));
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
    if (!parts.length && /^(input|select|textarea)$/.test(el.localName)) parts.push(this.nearText(el));
    return this.norm(parts.join(" ")).slice(0, 300) || null;
  },

  // Old forms put a control's words beside it with no <label>: "<input type=radio> Female",
  // "<td>Name:</td><td><input></td>". Those words are its label, when they are close.
  nearText(el) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (/^(hidden|submit|button|reset|image)$/.test(type)) return "";
    if (el.getAttribute("placeholder") || el.getAttribute("title")) return "";
    const toggle = type === "checkbox" || type === "radio";
    const words = (node) => (node ? this.norm(node.nodeType === 3 ? node.data : node.textContent) : "");
    const sibling = (node) => (toggle ? node.nextSibling : node.previousSibling);
    const clean = (text) => (text && text.length <= 60 ? text.replace(/[\s:*]+$/, "") : "");
    for (let node = sibling(el); node; node = sibling(node)) {
      // Another control, or words that belong to one (its label), end the search.
      if (node.nodeType === 1 && (node.matches(this.controlSelector) ||
          /^(br|label|p|div|li|tr)$/.test(node.localName) || node.querySelector(this.controlSelector)))
        break;
      const text = words(node);
      if (text) return clean(text);
    }
    // In a table layout the words sit in the cell before, when nothing precedes the
    // control in its own cell.
    const cell = el.closest("td, th");
    if (toggle || !cell || !cell.previousElementSibling) return "";
    const range = el.ownerDocument.createRange();
    range.setStart(cell, 0);
    range.setEndBefore(el);
    if (this.norm(range.toString())) return "";
    return clean(words(cell.previousElementSibling));
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
