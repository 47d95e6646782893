// LLM-free extraction: one page function, several operations.
//   {op: "scan"}                          -> every table, repeated list and label/value pair
//   {op: "table", css}                    -> {header, rows} of one table (replay)
//   {op: "list", css, item, fields}       -> [{prop: text|null}] per item (replay)
//   {op: "fields", fields}                -> {prop: text|null} (replay)
// It only reads the DOM and returns plain strings; matching happens in Python.
(req) => {
  const MAX_ITEMS = 500;
  const MAX_LEAVES = 40;
  const MAX_CONTAINERS = 300;
  const HEADING = /^H[1-6]$/;
  const text = (el) => ((el.innerText ?? el.textContent) || "").replace(/\s+/g, " ").trim();
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);

  const cssPath = (el) => {
    const parts = [];
    while (el && el.nodeType === 1 && el !== document.documentElement) {
      if (el.id && document.querySelectorAll("#" + CSS.escape(el.id)).length === 1) {
        parts.unshift("#" + CSS.escape(el.id));
        break;
      }
      const tag = el.tagName.toLowerCase();
      const parent = el.parentElement;
      if (!parent) {
        parts.unshift(tag);
        break;
      }
      const same = Array.from(parent.children).filter((c) => c.tagName === el.tagName);
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(el) + 1})` : tag);
      el = parent;
    }
    return parts.join(" > ");
  };

  // Words near a structure that a prompt may use to name it (caption, headings, ids).
  const context = (el) => {
    const bits = [document.title, el.getAttribute("aria-label") || "", el.id || ""];
    if (typeof el.className === "string") bits.push(el.className);
    if (el.caption) bits.push(text(el.caption));
    let node = el;
    for (let depth = 0; node && depth < 4; depth++, node = node.parentElement) {
      for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
        const h = HEADING.test(sib.tagName) ? sib : sib.querySelector("h1,h2,h3,h4,h5,h6");
        if (h) {
          bits.push(text(h));
          break;
        }
      }
    }
    return bits.join(" ");
  };

  const readTable = (table) => {
    const own = Array.from(table.rows).filter((r) => r.closest("table") === table);
    const inFoot = (r) => r.parentElement && r.parentElement.tagName === "TFOOT";
    const cells = (r) => Array.from(r.cells).map(text);
    let headerRow = null;
    const headRows = table.tHead ? Array.from(table.tHead.rows) : [];
    if (headRows.length) headerRow = headRows[headRows.length - 1];
    else if (own.length && own[0].cells.length > 1 &&
             Array.from(own[0].cells).every((c) => c.tagName === "TH")) headerRow = own[0];
    const body = own.filter((r) => r !== headerRow && !headRows.includes(r) && !inFoot(r));
    return {header: headerRow ? cells(headerRow) : null, rows: body.map(cells), body};
  };

  const fieldLabel = (el) => {
    if (el.labels && el.labels.length) return text(el.labels[0]);
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const parts = by.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean);
      if (parts.length) return parts.map(text).join(" ");
    }
    return el.getAttribute("aria-label") || el.getAttribute("placeholder") || "";
  };

  const fieldValue = (el) => {
    if (el.type === "checkbox" || el.type === "radio") return el.checked ? "true" : "false";
    if (el.tagName === "SELECT") return el.selectedOptions.length ? text(el.selectedOptions[0]) : "";
    return el.value;
  };

  const read = (el, how, label) => {
    if (!el) return null;
    if (how === "value") return fieldValue(el);
    const t = text(el);
    if (how !== "after_label") return t;
    const i = t.indexOf(":");
    return i >= 0 && t.slice(0, i).trim() === label ? t.slice(i + 1).trim() : null;
  };

  // A leaf's selector relative to its item: by class when that is unique in the item
  // (stable across items with optional parts), else by position.
  const relSelector = (item, leaf) => {
    if (leaf === item) return ":scope";
    const classes = Array.from(leaf.classList).map((c) => "." + CSS.escape(c)).join("");
    const byClass = leaf.tagName.toLowerCase() + classes;
    if (classes && item.querySelectorAll(byClass).length === 1) return byClass;
    const parts = [];
    for (let el = leaf; el && el !== item; el = el.parentElement) {
      const same = Array.from(el.parentElement.children).filter((c) => c.tagName === el.tagName);
      const tag = el.tagName.toLowerCase();
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(el) + 1})` : tag);
    }
    return ":scope > " + parts.join(" > ");
  };

  const leavesOf = (item) => {
    const out = [];
    const all = [item, ...item.querySelectorAll("*")];
    for (const el of all) {
      if (out.length >= MAX_LEAVES) break;
      if (["SCRIPT", "STYLE", "svg", "BUTTON"].includes(el.tagName)) continue;
      const own = Array.from(el.childNodes).some(
        (n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !visible(el)) continue;
      out.push({
        sel: relSelector(item, el),
        text: text(el),
        tag: el.tagName.toLowerCase(),
        heading: HEADING.test(el.tagName),
        names: [typeof el.className === "string" ? el.className : "",
                el.getAttribute("itemprop") || "", el.getAttribute("data-field") || "",
                el.getAttribute("data-testid") || "", el.getAttribute("name") || ""].join(" "),
      });
    }
    return out;
  };

  const signature = (el) => el.tagName + "." + Array.from(el.classList).sort().join(".");

  const scanLists = () => {
    const lists = [];
    const skip = new Set(["TABLE", "TBODY", "THEAD", "TR", "SELECT", "HEAD", "SCRIPT", "svg"]);
    for (const container of document.body.querySelectorAll("*")) {
      if (lists.length >= MAX_CONTAINERS) break;
      if (skip.has(container.tagName) || container.children.length < 2 || !visible(container)) {
        continue;
      }
      const groups = new Map();
      for (const child of container.children) {
        const key = signature(child);
        groups.set(key, [...(groups.get(key) || []), child]);
      }
      const [key, members] = [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0];
      if (members.length < 2 || members.length * 2 < container.children.length) continue;
      const first = members[0];
      const classes = Array.from(first.classList).map((c) => "." + CSS.escape(c)).join("");
      const items = members.slice(0, MAX_ITEMS).filter(visible).map(leavesOf);
      if (items.filter((leaves) => leaves.length).length < 2) continue;
      lists.push({
        css: cssPath(container),
        item: ":scope > " + first.tagName.toLowerCase() + classes,
        signature: key,
        context: context(container),
        items,
      });
    }
    return lists;
  };

  const scanPairs = (tables) => {
    const pairs = [];
    for (const dl of document.querySelectorAll("dl")) {
      if (!visible(dl)) continue;
      for (const dt of dl.querySelectorAll("dt")) {
        let dd = dt.nextElementSibling;
        while (dd && dd.tagName === "DT") dd = dd.nextElementSibling;
        if (dd && dd.tagName === "DD") {
          pairs.push({label: text(dt), value: text(dd), css: cssPath(dd), read: "text"});
        }
      }
    }
    for (const t of tables) pairs.push(...t.rowPairs);
    const labelled = /^([^:\n]{1,40}):\s*(\S.*)$/;
    for (const el of document.body.querySelectorAll("p,li,div,span,td,dd,section,strong,small")) {
      // Raw innerText keeps line breaks, so "Total:\n$5\nStatus: Paid" is not one pair.
      const raw = (el.innerText || "").trim();
      if (raw.length > 160 || raw.includes("\n") || !labelled.test(raw) || !visible(el)) {
        continue;
      }
      const t = text(el);
      if (Array.from(el.children).some((c) => labelled.test(text(c)))) continue;  // deepest wins
      const m = t.match(labelled);
      pairs.push({label: m[1].trim(), value: m[2].trim(), css: cssPath(el), read: "after_label"});
    }
    for (const el of document.querySelectorAll("input,select,textarea")) {
      const type = (el.getAttribute("type") || "").toLowerCase();
      if (["hidden", "password", "submit", "button", "reset", "file", "image"].includes(type)) {
        continue;
      }
      const label = fieldLabel(el);
      if (!label || !visible(el)) continue;
      pairs.push({label, value: fieldValue(el), css: cssPath(el), read: "value"});
    }
    return pairs;
  };

  const scan = () => {
    const tables = [];
    for (const table of document.querySelectorAll("table")) {
      if (!visible(table)) continue;
      const {header, rows, body} = readTable(table);
      const rowPairs = [];
      for (const r of body) {
        const c = Array.from(r.cells);
        if (c.length === 2 && (c[0].tagName === "TH" || !header)) {
          rowPairs.push({label: text(c[0]), value: text(c[1]), css: cssPath(c[1]), read: "text"});
        }
      }
      tables.push({css: cssPath(table), header, rows, context: context(table), rowPairs});
    }
    return {title: document.title, tables, lists: scanLists(), pairs: scanPairs(tables)};
  };

  if (req.op === "scan") return scan();
  if (req.op === "table") {
    const table = document.querySelector(req.css);
    if (!table) return null;
    const {header, rows} = readTable(table);
    return {header, rows};
  }
  if (req.op === "list") {
    const container = document.querySelector(req.css);
    if (!container) return null;
    return Array.from(container.querySelectorAll(req.item)).filter(visible).map((item) => {
      const row = {};
      for (const [prop, sel] of Object.entries(req.fields)) {
        const el = sel === ":scope" ? item : item.querySelector(sel);
        row[prop] = el ? text(el) : null;
      }
      return row;
    });
  }
  if (req.op === "fields") {
    const out = {};
    for (const [prop, f] of Object.entries(req.fields)) {
      out[prop] = read(document.querySelector(f.css), f.read, f.label);
    }
    return out;
  }
  throw new Error("unknown op " + req.op);
}
