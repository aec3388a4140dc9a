/**
 * Keys of the reader. Arrows, Page Up/Down, Space, Home and End scroll; Left/Right turn pages when the page fits
 * the width; + and - zoom (Ctrl/Cmd with + and - is left to VS Code, which zooms the window); Ctrl/Cmd+F finds,
 * F3 and Shift+F3 step through matches, Escape closes what is open; H highlights the selection.
 */
import type { FindController } from './find';
import type { Highlighter } from './highlights';
import type { PdfViewer } from './viewer';

export interface KeyboardTargets {
  viewer(): PdfViewer | undefined;
  readonly scroller: HTMLElement;
  readonly find: FindController;
  readonly highlighter: Highlighter;
  selectedText(): string | undefined;
}

const LINE = 40;

/** True when the key goes to a text field (ours are web components: look at the real target inside them). */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0] as HTMLElement | undefined;
  if (!target) return false;
  return (
    target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || /^VSCODE-(TEXTFIELD|TEXTAREA|SINGLE-SELECT)$/.test(target.tagName)
  );
}

/**
 * True when the key belongs to one of the reader's controls, not to the document: Space and Enter press a focused
 * button (toolbar, find bar, selection popup, thumbnails), and in the sidebar the arrows, Home and End move through
 * the outline and the lists. Other keys still scroll the document, as in pdf.js's own viewer.
 */
function isForControl(event: KeyboardEvent): boolean {
  const path = event.composedPath().filter((node): node is HTMLElement => node instanceof HTMLElement);
  if (path.some((node) => node.matches('.sidebar'))) return true;
  const onButton = path.some((node) => node.matches('button, vscode-toolbar-button, vscode-button, vscode-single-select'));
  return onButton && (event.key === ' ' || event.key === 'Enter');
}

export function installKeyboard(t: KeyboardTargets): void {
  document.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      t.find.open(t.selectedText());
      return;
    }
    if (event.key === 'F3') {
      event.preventDefault();
      void t.find.step(event.shiftKey);
      return;
    }
    if (event.key === 'Escape') {
      t.highlighter.hidePopup();
      if (t.find.isOpen) t.find.close();
      return;
    }
    if (isTyping(event) || isForControl(event) || event.altKey) return;
    const viewer = t.viewer();
    if (!viewer) return;
    const s = t.scroller;
    const page = s.clientHeight - LINE;
    const fitsWidth = s.scrollWidth <= s.clientWidth;
    let handled = true;
    if (mod) {
      if (event.key === 'Home') viewer.goToPage(1);
      else if (event.key === 'End') viewer.goToPage(viewer.pageCount);
      else handled = false;
    } else {
      switch (event.key) {
        case 'ArrowDown':
          s.scrollTop += LINE;
          break;
        case 'ArrowUp':
          s.scrollTop -= LINE;
          break;
        case 'PageDown':
          s.scrollTop += page;
          break;
        case 'PageUp':
          s.scrollTop -= page;
          break;
        case ' ':
          s.scrollTop += event.shiftKey ? -page : page;
          break;
        case 'Home':
          viewer.goToPage(1);
          break;
        case 'End':
          viewer.goToPage(viewer.pageCount);
          break;
        case 'ArrowRight':
          if (fitsWidth) viewer.goToPage(viewer.page + 1);
          else s.scrollLeft += LINE;
          break;
        case 'ArrowLeft':
          if (fitsWidth) viewer.goToPage(viewer.page - 1);
          else s.scrollLeft -= LINE;
          break;
        case '+':
        case '=':
          viewer.zoomIn();
          break;
        case '-':
        case '_':
          viewer.zoomOut();
          break;
        case 'h':
        case 'H':
          handled = t.highlighter.highlightSelection();
          break;
        default:
          handled = false;
      }
    }
    if (handled) event.preventDefault();
  });

  // Ctrl/Cmd + wheel zooms around the pointer, as in other readers.
  t.scroller.addEventListener(
    'wheel',
    (event) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      const viewer = t.viewer();
      if (!viewer) return;
      event.preventDefault();
      const y = event.clientY - t.scroller.getBoundingClientRect().top;
      if (event.deltaY < 0) viewer.zoomIn(y);
      else if (event.deltaY > 0) viewer.zoomOut(y);
    },
    { passive: false },
  );
}
