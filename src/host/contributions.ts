import type * as vscode from 'vscode';

/**
 * The ids of what Marginalia contributes in package.json, and how its editors are registered: shared by the small
 * module VS Code loads at activation (src/extension.ts), which registers them, and the services behind them.
 */
export const sidebarViewId = 'marginalia.papers';
export const forWorkspaceViewId = 'marginalia.forWorkspace';
export const paperViewType = 'marginalia.paper';
export const pdfReaderViewType = 'marginalia.pdfReader';

/** Where keys are completed: LaTeX, Markdown (Pandoc, Quarto, R Markdown) and BibTeX, in any scheme a file can have. */
export const citationSelector: vscode.DocumentSelector = ['latex', 'tex', 'markdown', 'quarto', 'rmd', 'bibtex', 'biblatex'].map((language) => ({
  language,
}));
/** What opens the citation-key completion: `\cite{`, `\cite{a,`, `[@`, and `@` at the start of a .bib entry. */
export const citationTriggers = ['{', ',', '@'] as const;

export const pdfReaderOptions = {
  supportsMultipleEditorsPerDocument: true,
  // On, measured: without it every switch back to a paper's tab rebuilds the reader, and the file crosses from
  // the extension host again: 2.3-3.3 s to the first page on code-server (`npm run bench:pdf`, "action"), in the
  // middle of reading beside notes and code. What a hidden reader keeps is bounded by the lazy rendering
  // (at most about seven page canvases, ~30 MB at fit width, and pdf.js's worker).
  webviewOptions: { retainContextWhenHidden: true },
} as const;

/**
 * The settings whose change acts at once (an editor association, a kept .bib file, the PDF pictures deleted): a change
 * wakes the services.
 */
export const settingsActingAtOnce = ['marginalia.pdf.defaultReader', 'marginalia.pdf.keepPictures', 'marginalia.bibliography'] as const;
