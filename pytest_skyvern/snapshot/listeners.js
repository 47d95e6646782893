// Main-world init script: remembers which elements a page made clickable from script.
//
// Page code registers click handlers in the page's own JavaScript world
// (addEventListener, el.onclick = fn, React props, jQuery delegation). Playwright's
// utility world, where the snapshot probe runs, cannot see any of that. Both worlds
// share the DOM, though, and DOM events cross between them: when the probe dispatches
// "skyvern:ask" on the document, this script answers synchronously by dispatching one
// "skyvern:mark" event on every element it knows, with event.detail-free type codes
// in the event's name. The page's DOM is never modified and nothing is sent anywhere.
//
// Idempotent: evaluated again in a document that already has it, it does nothing.
(() => {
  const KEY = Symbol.for("pytest-skyvern.listeners");
  if (window[KEY]) return;
  const POINTER = new Set([
    "click", "dblclick", "auxclick", "mousedown", "mouseup", "pointerdown", "pointerup",
    "touchstart", "touchend", "tap",
  ]);
  const KEYS = new Set(["keydown", "keyup", "keypress"]);
  const addListener = EventTarget.prototype.addEventListener;
  const removeListener = EventTarget.prototype.removeEventListener;
  // element -> Map<"type|capture", Set<listener>>; `live` lets a report enumerate them.
  const registry = new WeakMap();
  const live = new Set();
  const refs = new WeakMap();

  const kindOf = (type) => (POINTER.has(type) ? "c" : KEYS.has(type) ? "k" : null);
  const isTarget = (node) => node instanceof Element || node instanceof ShadowRoot;

  function remember(node, slot, listener) {
    let slots = registry.get(node);
    if (!slots) {
      slots = new Map();
      registry.set(node, slots);
      const ref = new WeakRef(node);
      refs.set(node, ref);
      live.add(ref);
    }
    if (!slots.has(slot)) slots.set(slot, new Set());
    slots.get(slot).add(listener);
    ensureResponder();
  }

  function forget(node, slot, listener) {
    const slots = registry.get(node);
    const set = slots && slots.get(slot);
    if (set) {
      set.delete(listener);
      if (!set.size) slots.delete(slot);
    }
  }

  const capture = (options) => (typeof options === "boolean" ? options : !!(options && options.capture));

  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (listener && isTarget(this) && kindOf(type)) remember(this, `${type}|${capture(options)}`, listener);
    return addListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (listener && isTarget(this) && kindOf(type)) forget(this, `${type}|${capture(options)}`, listener);
    return removeListener.call(this, type, listener, options);
  };

  // el.onclick = fn, in every prototype that declares the handler properties.
  for (const proto of [HTMLElement.prototype, SVGElement.prototype]) {
    for (const type of [...POINTER, ...KEYS]) {
      const name = "on" + type;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (!descriptor || !descriptor.set) continue;
      Object.defineProperty(proto, name, {
        ...descriptor,
        set(value) {
          if (typeof value === "function") remember(this, `${type}|prop`, "prop");
          else forget(this, `${type}|prop`, "prop");
          return descriptor.set.call(this, value);
        },
      });
    }
  }

  // React (17+) listens once at its root container and keeps handlers in props.
  function reactTargets(container, out) {
    let propsKey = null;
    for (const el of container.querySelectorAll("*")) {
      if (propsKey === null) {
        propsKey = Object.keys(el).find((k) => k.startsWith("__reactProps$")) || null;
        if (propsKey === null) continue;
      }
      const props = el[propsKey];
      if (
        props &&
        (props.onClick || props.onMouseDown || props.onMouseUp || props.onPointerDown ||
          props.onPointerUp || props.onDoubleClick || props.onTouchStart)
      )
        out.push(el);
    }
  }

  function isReactRoot(node) {
    if (!(node instanceof Element)) return false;
    return node._reactRootContainer !== undefined || Object.keys(node).some((k) => k.startsWith("__reactContainer$"));
  }

  // jQuery delegation ($(parent).on("click", ".item", fn)) keeps the selector in its data.
  function jqueryTargets(node, out) {
    const jq = window.jQuery;
    if (!jq || typeof jq._data !== "function" || !(node instanceof Element)) return false;
    let events;
    try {
      events = jq._data(node, "events");
    } catch (e) {
      return false;
    }
    if (!events) return false;
    let direct = false;
    for (const type of Object.keys(events)) {
      if (!POINTER.has(type)) continue;
      for (const handler of events[type]) {
        if (!handler.selector) {
          direct = true;
          continue;
        }
        try {
          out.push(...node.querySelectorAll(handler.selector));
        } catch (e) {
          // a jQuery-only selector (":visible"): the children stay unknown
        }
      }
    }
    return !direct;
  }

  function mark(node, code) {
    node.dispatchEvent(new Event("skyvern:mark-" + code, { bubbles: true, composed: true }));
  }

  function report() {
    const derived = [];
    for (const ref of [...live]) {
      const node = ref.deref();
      const slots = node && registry.get(node);
      if (!node || !slots || !slots.size) {
        live.delete(ref);
        continue;
      }
      if (!node.isConnected) continue;
      let pointer = false;
      for (const slot of slots.keys()) if (POINTER.has(slot.split("|")[0])) pointer = true;
      if (pointer && isReactRoot(node)) {
        reactTargets(node, derived);
        continue;
      }
      if (pointer && jqueryTargets(node, derived)) continue;
      if (node instanceof Element) mark(node, pointer ? "c" : "k");
    }
    for (const el of derived) mark(el, "t");
  }

  // document.open() (page.set_content) erases every listener of the document, so the
  // responder is added again whenever the page registers a listener of its own; adding
  // the same listener twice is a no-op.
  function ensureResponder() {
    addListener.call(document, "skyvern:ask", report, true);
  }
  Object.defineProperty(window, KEY, { value: true });
  ensureResponder();
})();
