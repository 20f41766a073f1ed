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
    const results = document.querySelectorAll("#mdbook-searchresults > li");
    console.log("BOOK-CHECK " + JSON.stringify({
      title: document.title,
      heading: heading ? heading.textContent.trim() : null,
      width: window.innerWidth,
      code_blocks: blocks.length,
      images: images.length,
      search_results: new URLSearchParams(location.search).has("search") ? results.length : null,
      problems: problems,
    }));
  }

  // The search index and highlighting load after `load`; give them a moment (virtual time).
  window.addEventListener("load", () => setTimeout(check, 1500));
})();
