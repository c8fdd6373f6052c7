// MathJax 3, vendored (assets/vendor/mathjax): typesets the \( \) and \[ \] that arithmatex emits.
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  startup: {
    typeset: false, // the document$ subscription below typesets, first load included: one pass, not two
    ready: () => {
      MathJax.startup.defaultReady();
      // Material swaps page content without reloading on some navigations: typeset again each time.
      if (typeof document$ === "undefined") {
        MathJax.typesetPromise();
      } else {
        document$.subscribe(() => {
          MathJax.startup.output.clearCache();
          MathJax.typesetClear();
          MathJax.texReset();
          MathJax.typesetPromise();
        });
      }
    },
  },
};
