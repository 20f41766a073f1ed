// Injected at the top of every page of the copy of the book that the browser test opens.
// It records errors from the moment the page starts loading, then, once the page has
// settled, checks what a reader would see and reports it in one console line that the
// test reads from Chromium's log: `BOOK-CHECK {json}`.
(() => {
  const problems = [];
  const report = (text) => problems.push(text);

  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    report("console.error: " + args.map(String).join(" "));
    consoleError(...args);
  };
  // In the capture phase, so failed loads of images, scripts and styles are seen too.
  window.addEventListener("error", (event) => {
    const target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      report("failed to load " + (target.getAttribute("src") || target.getAttribute("href")));
    } else {
      report("uncaught error: " + event.message);
    }
  }, true);
  window.addEventListener("unhandledrejection", (event) => {
    report("unhandled promise rejection: " + String(event.reason));
  });

  // ---- What a reader sees: listings and tables that fit, charts that read in every theme,
  // solutions that stay closed. Each check reports problems and returns counts.

  // The page an element belongs to: the last h1 before it (print.html holds every page).
  function pageOf(element, main) {
    let name = null;
    for (const h1 of main.querySelectorAll("h1")) {
      const after = h1.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (h1 !== element && !after) {
        break;
      }
      name = h1.textContent.trim();
    }
    return name ? "\"" + name.slice(0, 50) + "\"" : "the page";
  }

  const firstLine = (element) =>
    "\"" + element.textContent.trim().split("\n")[0].trim().slice(0, 40) + "\"";

  // How `block` shows what it holds: "fits"; "scrolls" (it, or a box around it, scrolls
  // sideways, so the reader can reach the rest); or "hidden" (clipped by a box that does not
  // scroll, or sticking out past the window, where nothing reaches it).
  function fit(block, boxes) {
    let state = "fits";
    for (const box of boxes) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow !== "visible" && box.scrollWidth > box.clientWidth + 1) {
        if (overflow === "hidden" || overflow === "clip") {
          return "hidden";
        }
        state = "scrolls";
      }
    }
    const right = block.getBoundingClientRect().right;
    for (let up = block.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow !== "visible" && right > up.getBoundingClientRect().right + 1) {
        if (overflow === "hidden" || overflow === "clip") {
          return "hidden";
        }
        state = "scrolls";
      }
    }
    return right > document.documentElement.clientWidth + 1 ? "hidden" : state;
  }

  // Whether `block` sits in a side-by-side pair and, right now, next to its partner (not
  // stacked above or below it).
  function besidePartner(block) {
    const pair = block.closest(".side-by-side");
    if (!pair) {
      return false;
    }
    const columns = Array.from(pair.children);
    const mine = columns.find((column) => column.contains(block));
    const box = mine.getBoundingClientRect();
    return columns.some((other) => {
      const o = other.getBoundingClientRect();
      return other !== mine && o.width > 0 && o.top < box.bottom - 1 && box.top < o.bottom - 1;
    });
  }

  function checkReveals(main) {
    main.querySelectorAll("details.solution").forEach((reveal) => {
      if (reveal.open) {
        report(pageOf(reveal, main) + ": the solution reveal is open when the page loads, so " +
          "the answer shows before the reader tries: remove `open` from <details class=\"solution\">");
      }
    });
  }

  // Code blocks and tables at this width. Closed reveals are opened while measuring: a reader
  // who opens one must be able to read it too.
  function checkLayout(main) {
    const closed = Array.from(main.querySelectorAll("details:not([open])"));
    closed.forEach((reveal) => { reveal.open = true; });
    const counts = {
      code_blocks: 0, scrolling: 0, side_by_side: 0, side_by_side_beside: 0, side_by_side_hidden: 0,
      hidden: 0, tables: 0, cut_tables: 0,
    };
    main.querySelectorAll("pre").forEach((pre) => {
      counts.code_blocks += 1;
      const boxes = [pre, ...pre.querySelectorAll(":scope > code")];
      const state = fit(pre, boxes);
      const widest = Math.max(...boxes.map((box) => box.scrollWidth));
      const shown = Math.min(...boxes.map((box) => box.clientWidth));
      const where = pageOf(pre, main) + ": code block " + firstLine(pre);
      if (state !== "fits") {
        counts.scrolling += 1;
      }
      if (pre.closest(".side-by-side")) {
        counts.side_by_side += 1;
        const beside = besidePartner(pre);
        counts.side_by_side_beside += beside ? 1 : 0;
        if (state !== "fits" && beside) {
          counts.side_by_side_hidden += 1;
          report(where + " beside its partner shows " + shown + "px of its " + widest +
            "px lines: the side-by-side hides text");
          return;
        }
      }
      if (state === "hidden") {
        counts.hidden += 1;
        report(where + " is clipped: " + shown + "px of " + widest + "px show, and it " +
          "does not scroll");
      }
    });
    main.querySelectorAll("table").forEach((table) => {
      counts.tables += 1;
      const wrapper = table.parentElement.classList.contains("table-wrapper")
        ? [table.parentElement] : [];
      const state = fit(table, [table, ...wrapper]);
      if (state !== "fits") {
        counts.cut_tables += 1;
        const box = wrapper[0] || table;
        report(pageOf(table, main) + ": table " + firstLine(table.querySelector("tr") || table) +
          " is cut: " + box.clientWidth + "px of its " + Math.max(table.scrollWidth,
            box.scrollWidth) + "px show at once (" + state + ")");
      }
    });
    closed.forEach((reveal) => { reveal.open = false; });
    return counts;
  }

  // ---- Charts. A chart is an <img> of an SVG (its source is handed to this script by the
  // test, as a picture's inside cannot be read from the page) or an inline <svg>. In each of
  // mdBook's themes, every text of it must stand out from what is behind it, after any CSS
  // filter the theme puts on the picture, and its text must not shrink below 9 px.
  const THEMES = ["light", "rust", "coal", "navy", "ayu"];
  const SMALLEST_TEXT_PX = 9;
  const CONTRAST = 4.5;

  const canvas = document.createElement("canvas").getContext("2d");
  // Any CSS colour as [r, g, b, a] (0-255, alpha 0-1), or null for "none".
  function rgba(value) {
    if (!value || value === "none" || value === "transparent") {
      return value === "transparent" ? [0, 0, 0, 0] : null;
    }
    canvas.fillStyle = "#010203";
    canvas.fillStyle = value;
    const text = canvas.fillStyle;
    if (text.startsWith("#")) {
      return [1, 3, 5].map((i) => parseInt(text.slice(i, i + 2), 16)).concat([1]);
    }
    const numbers = text.match(/[\d.]+/g).map(Number);
    return [numbers[0], numbers[1], numbers[2], numbers.length > 3 ? numbers[3] : 1];
  }
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  // A CSS `filter` as a function on colours (the functions a theme would use), or a string
  // naming what this check cannot follow.
  function colourFilter(css) {
    const steps = [];
    for (const [, name, arg] of (css === "none" ? "" : css).matchAll(/([a-z-]+)\(([^)]*)\)/g)) {
      const amount = arg.trim().endsWith("%") ? parseFloat(arg) / 100 : parseFloat(arg);
      if (name === "invert") {
        steps.push((c) => c.map((v) => v * (1 - 2 * amount) + 255 * amount));
      } else if (name === "brightness") {
        steps.push((c) => c.map((v) => v * amount));
      } else if (name === "hue-rotate") {
        const unit = arg.trim().endsWith("turn") ? 360 : arg.trim().endsWith("rad") ? 180 / Math.PI : 1;
        const angle = parseFloat(arg) * unit * Math.PI / 180;
        const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
        const m = [
          [0.213 + cos * 0.787 - sin * 0.213, 0.715 - cos * 0.715 - sin * 0.715, 0.072 - cos * 0.072 + sin * 0.928],
          [0.213 - cos * 0.213 + sin * 0.143, 0.715 + cos * 0.285 + sin * 0.140, 0.072 - cos * 0.072 - sin * 0.283],
          [0.213 - cos * 0.213 - sin * 0.787, 0.715 - cos * 0.715 + sin * 0.715, 0.072 + cos * 0.928 + sin * 0.072],
        ];
        steps.push((c) => m.map((row) => row[0] * c[0] + row[1] * c[1] + row[2] * c[2]));
      } else {
        return "a `" + name + "` filter";
      }
    }
    return (c) => steps.reduce((colour, step) => step(colour).map((v) => Math.min(255, Math.max(0, v))),
      c.slice(0, 3)).concat([c[3]]);
  }

  // The colour behind an element on the page: its nearest ancestor with a background.
  function pageBehind(element) {
    for (let up = element.parentElement; up; up = up.parentElement) {
      const colour = rgba(getComputedStyle(up).backgroundColor);
      if (colour && colour[3] > 0.5) {
        return colour;
      }
    }
    return [255, 255, 255, 1];
  }

  // A presentation value of an element of a parsed SVG, inherited as SVG inherits it.
  function attribute(element, name, fallback) {
    for (let at = element; at && at.getAttribute; at = at.parentNode) {
      const style = (at.getAttribute("style") || "").match(new RegExp("(?:^|;)\\s*" + name + "\\s*:\\s*([^;]+)"));
      const value = style ? style[1].trim() : at.getAttribute(name);
      if (value !== null && value !== "inherit") {
        return value;
      }
    }
    return fallback;
  }

  // Judges one chart (`svg`, parsed or live) as drawn `scale` times its viewBox over `page`,
  // through `filter`. `paint(element, "fill")` gives an element's colour.
  function judgeChart(name, svg, theme, { scale, page, filter, paint, size }) {
    const box = (svg.getAttribute("viewBox") || "0 0 0 0").split(/[\s,]+/).map(Number);
    const number = (element, key, whole) => {
      const value = element.getAttribute(key) || "0";
      return value.endsWith("%") ? parseFloat(value) / 100 * whole : parseFloat(value);
    };
    const rects = Array.from(svg.querySelectorAll("rect")).map((rect) => ({
      element: rect,
      x: number(rect, "x", box[2]), y: number(rect, "y", box[3]),
      w: number(rect, "width", box[2]), h: number(rect, "height", box[3]),
      fill: paint(rect, "fill"),
    })).filter((rect) => rect.fill && rect.fill[3] > 0);
    const seen = (colour) => filter(colour);
    const background = rects.find((r) => r.w >= box[2] * 0.95 && r.h >= box[3] * 0.95 &&
      r.fill[3] > 0.5);
    if (background && luminance(page) < 0.2 && luminance(seen(background.fill)) > 0.5) {
      report(name + " in the " + theme + " theme is a light box (" + hex(seen(background.fill)) +
        ") on a dark page (" + hex(page) + "): give the SVG no background of its own");
    }
    let worst = null;
    let smallest = Infinity;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) {
        continue;
      }
      const colour = paint(text, "fill");
      if (!colour) {
        continue;
      }
      const fontSize = size(text);
      smallest = Math.min(smallest, fontSize * scale);
      const x = number(text, "x", box[2]) + 1;
      const y = number(text, "y", box[3]) - fontSize / 3;
      const under = text.compareDocumentPosition.bind(text);
      // What is behind the text: the page, then every box under it, see-through ones blended.
      const back = rects.filter((r) => (under(r.element) & Node.DOCUMENT_POSITION_PRECEDING) &&
        r.x <= x && x <= r.x + r.w && r.y <= y && y <= r.y + r.h)
        .reduce((below, r) => {
          const [c, a] = [seen(r.fill), r.fill[3]];
          return [0, 1, 2].map((i) => below[i] * (1 - a) + c[i] * a).concat([1]);
        }, page);
      const ratio = contrast(seen(colour), back);
      if (!worst || ratio < worst.ratio) {
        worst = { ratio, text: text.textContent.trim().slice(0, 40), fg: seen(colour), bg: back };
      }
    }
    if (worst && worst.ratio < CONTRAST) {
      report(name + " in the " + theme + " theme: the text \"" + worst.text + "\" is " +
        hex(worst.fg) + " on " + hex(worst.bg) + ", a contrast of " + worst.ratio.toFixed(1) +
        ":1 (it needs " + CONTRAST + ":1)");
    }
    return smallest;
  }

  function checkCharts(main) {
    const sources = window.BOOK_CHECK_SVG || {};
    const pictures = [];
    const seenSrc = new Set();
    for (const img of main.querySelectorAll("img")) {
      const src = img.getAttribute("src") || "";
      if (/\.svg$/i.test(src) && !seenSrc.has(src) && img.getBoundingClientRect().width > 0) {
        seenSrc.add(src);
        pictures.push(img);
      }
    }
    const inline = Array.from(main.querySelectorAll("svg[viewBox]"))
      .filter((svg) => !svg.closest("button, pre, a") && svg.getBoundingClientRect().width > 100);
    const html = document.documentElement;
    const before = THEMES.filter((theme) => html.classList.contains(theme));
    const smallest = new Map();
    for (const theme of THEMES) {
      html.classList.remove(...THEMES);
      html.classList.add(theme);
      for (const img of pictures) {
        const src = decodeURIComponent(img.src);
        const key = Object.keys(sources).find((path) => src.endsWith("/" + path));
        const name = pageOf(img, main) + ": chart " + img.getAttribute("src");
        if (!key) {
          report(name + ": its SVG source was not handed to the check");
          continue;
        }
        const svg = new DOMParser().parseFromString(sources[key], "image/svg+xml").documentElement;
        const filter = colourFilter(getComputedStyle(img).filter);
        if (typeof filter === "string") {
          report(name + " in the " + theme + " theme: the check cannot follow " + filter);
          continue;
        }
        const box = (svg.getAttribute("viewBox") || "0 0 1 1").split(/[\s,]+/).map(Number);
        // Inside a picture, `currentColor` is black: the page's colours do not reach it.
        const paint = (element, key) => {
          const value = attribute(element, key, key === "fill" ? "black" : "none");
          const colour = rgba(value === "currentColor" ? attribute(element, "color", "black") : value);
          if (colour) {
            colour[3] *= parseFloat(attribute(element, key + "-opacity", "1"));
          }
          return colour;
        };
        const size = (element) => parseFloat(attribute(element, "font-size", "16"));
        const px = judgeChart(name, svg, theme, {
          scale: img.getBoundingClientRect().width / box[2],
          page: pageBehind(img), filter, paint, size,
        });
        smallest.set(name, Math.min(px, smallest.get(name) ?? Infinity));
      }
      for (const svg of inline) {
        const name = pageOf(svg, main) + ": inline chart " + firstLine(svg);
        const filter = colourFilter(getComputedStyle(svg).filter);
        if (typeof filter === "string") {
          report(name + " in the " + theme + " theme: the check cannot follow " + filter);
          continue;
        }
        const box = (svg.getAttribute("viewBox") || "0 0 1 1").split(/[\s,]+/).map(Number);
        const px = judgeChart(name, svg, theme, {
          scale: 1,
          page: pageBehind(svg), filter,
          paint: (element, key) => rgba(getComputedStyle(element)[key]),
          size: (element) => parseFloat(getComputedStyle(element).fontSize) *
            svg.getBoundingClientRect().width / box[2],
        });
        smallest.set(name, Math.min(px, smallest.get(name) ?? Infinity));
      }
    }
    html.classList.remove(...THEMES);
    html.classList.add(...before);
    for (const [name, px] of smallest) {
      if (px < SMALLEST_TEXT_PX) {
        report(name + ": its smallest text is " + px.toFixed(1) + "px at this width (at least " +
          SMALLEST_TEXT_PX + "px reads): fewer, larger labels, or a narrower viewBox");
      }
    }
  }

  function check() {
    const main = document.querySelector("main");
    const heading = main && main.querySelector("h1");
    if (!heading) {
      report("the page has no <main> with an h1 heading: is it an error page?");
    }
    if (main && main.textContent.includes("{{#")) {
      report("an mdBook directive is left in the page: an {{#include}} that did not resolve");
    }
    const blocks = main ? Array.from(main.querySelectorAll("pre > code")) : [];
    blocks.forEach((code, index) => {
      if (code.textContent.trim() === "") {
        report("code block " + (index + 1) + " is empty: an include whose anchor matched nothing?");
      } else if (code.classList.contains("language-rust") && !code.classList.contains("hljs")) {
        report("Rust code block " + (index + 1) + " was not highlighted: did highlight.js load?");
      }
    });
    // mdBook draws each picture twice (the second one is its click-to-zoom copy).
    const images = main ? Array.from(new Set(Array.from(main.querySelectorAll("img"),
      (image) => image.getAttribute("src")))) : [];
    images.forEach((src) => {
      const image = main.querySelector("img[src=\"" + src + "\"]");
      if (!image.complete || image.naturalWidth === 0) {
        report("picture " + src + " did not render (missing, or not a valid SVG/PNG)");
      }
    });
    // The theme clips the body sideways, so a too-wide block makes the content column
    // scroll instead: that is what a reader on a phone would have to do.
    const column = document.querySelector(".content");
    if (column && column.scrollWidth > column.clientWidth + 1) {
      const edge = column.getBoundingClientRect().right;
      // The culprit sticks out of the column and is not inside a block that scrolls
      // by itself (code blocks and tables do, on purpose).
      const scrollsItself = (element) => {
        for (let up = element.parentElement; up && up !== column; up = up.parentElement) {
          if (getComputedStyle(up).overflowX !== "visible") {
            return true;
          }
        }
        return false;
      };
      const wide = main && Array.from(main.querySelectorAll("*")).find((element) =>
        element.getBoundingClientRect().right > edge + 1 && !scrollsItself(element));
      report("the content is " + (column.scrollWidth - column.clientWidth) +
        "px wider than its " + column.clientWidth + "px column, so it scrolls sideways" +
        (wide ? " (the first wide element: <" + wide.tagName.toLowerCase() + "> \"" +
          wide.textContent.trim().slice(0, 60) + "\")" : ""));
    }
    // print.html holds every page: what a reader sees is judged there, once per width.
    const everyPage = main && location.pathname.endsWith("/print.html");
    if (everyPage) {
      checkReveals(main);
      checkCharts(main);
    }
    const layout = everyPage ? checkLayout(main) : null;
    const results = document.querySelectorAll("#mdbook-searchresults > li");
    console.log("BOOK-CHECK " + JSON.stringify({
      title: document.title,
      heading: heading ? heading.textContent.trim() : null,
      width: window.innerWidth,
      code_blocks: blocks.length,
      images: images.length,
      layout: layout,
      search_results: new URLSearchParams(location.search).has("search") ? results.length : null,
      problems: problems,
    }));
  }

  // The search index and highlighting load after `load`; give them a moment (virtual time).
  window.addEventListener("load", () => setTimeout(check, 1500));
})();
