/** The reader's toolbar: sidebar, page number, zoom, find. Native-looking controls from @vscode-elements. */
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeToolbarButton } from '@vscode-elements/elements/dist/vscode-toolbar-button/vscode-toolbar-button.js';
import { formatZoom, parseZoom, type ZoomSetting } from '../../src/core/pdf/zoom';
import { el } from '../shared/vscodeApi';

export interface ToolbarCallbacks {
  toggleSidebar(): void;
  goToPage(page: number): void;
  setZoom(setting: ZoomSetting): void;
  zoomIn(): void;
  zoomOut(): void;
  find(): void;
  exportHighlights(): void;
}

const PRESETS: readonly [string, string][] = [
  ['page-width', 'Fit Width'],
  ['page-fit', 'Fit Page'],
  ...['50%', '75%', '100%', '125%', '150%', '200%', '300%', '400%'].map((p): [string, string] => [p, p]),
];

function button(icon: string, label: string, onClick: () => void): VscodeToolbarButton {
  const b = el('vscode-toolbar-button', { attrs: { icon, label, title: label, 'aria-label': label } });
  b.addEventListener('click', onClick);
  return b;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly sidebarButton: VscodeToolbarButton;
  private readonly pageInput: VscodeTextfield;
  private readonly pageCount: HTMLElement;
  private readonly zoomSelect: VscodeSingleSelect;
  private readonly zoomLabel: HTMLElement;
  private pageTotal = 0;

  constructor(callbacks: ToolbarCallbacks) {
    this.sidebarButton = button('layout-sidebar-left', 'Toggle Sidebar (outline, pages, highlights)', () => callbacks.toggleSidebar());
    this.sidebarButton.toggleable = true;
    this.pageInput = el('vscode-textfield', {
      className: 'page-input',
      attrs: { 'aria-label': 'Page number', title: 'Go to page', value: '1' },
    }) as VscodeTextfield;
    // The inner input's name: a property only (the element's own `aria-label` does not reach the input).
    this.pageInput.label = 'Page number';
    this.pageCount = el('span', { className: 'page-count', text: '/ –' });
    const goToTyped = () => {
      const n = Number.parseInt(this.pageInput.value, 10);
      if (Number.isFinite(n) && n >= 1 && n <= this.pageTotal) callbacks.goToPage(n);
    };
    this.pageInput.addEventListener('change', goToTyped);
    // Not stopped from bubbling: VS Code listens on the window to forward its own shortcuts (F1, Ctrl+P).
    this.pageInput.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter') goToTyped();
    });
    this.zoomSelect = el('vscode-single-select', {
      className: 'zoom-select',
      attrs: { label: 'Zoom', 'aria-label': 'Zoom', title: 'Zoom' },
    }) as VscodeSingleSelect;
    this.zoomLabel = el('span', { className: 'zoom-label', attrs: { 'aria-live': 'polite' } });
    this.setZoomOptions('page-width');
    this.zoomSelect.addEventListener('change', () => {
      const setting = parseZoom(this.zoomSelect.value);
      if (setting !== undefined) callbacks.setZoom(setting);
    });
    this.element = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'PDF reader' } },
      this.sidebarButton,
      el('span', { className: 'separator', attrs: { 'aria-hidden': 'true' } }),
      button('chevron-up', 'Previous Page', () => callbacks.goToPage(Number(this.pageInput.value) - 1)),
      button('chevron-down', 'Next Page', () => callbacks.goToPage(Number(this.pageInput.value) + 1)),
      this.pageInput,
      this.pageCount,
      el('span', { className: 'separator', attrs: { 'aria-hidden': 'true' } }),
      button('zoom-out', 'Zoom Out (-)', () => callbacks.zoomOut()),
      this.zoomSelect,
      button('zoom-in', 'Zoom In (+)', () => callbacks.zoomIn()),
      this.zoomLabel,
      el('span', { className: 'spacer' }),
      button('export', 'Export Highlights', () => callbacks.exportHighlights()),
      button('search', 'Find (Ctrl+F)', () => callbacks.find()),
    );
  }

  setPage(page: number, total: number): void {
    this.pageTotal = total;
    // Not while the reader is typing a page number.
    if (!this.pageInput.matches(':focus-within')) this.pageInput.value = String(page);
    this.pageCount.textContent = `/ ${total}`;
  }

  setZoom(setting: ZoomSetting, zoom: number): void {
    this.setZoomOptions(setting);
    this.zoomLabel.textContent = typeof setting === 'number' ? '' : formatZoom(zoom);
  }

  /** The presets, plus the current zoom when it is not one of them (typed, or reached by zooming in steps). */
  private setZoomOptions(setting: ZoomSetting): void {
    // Option values are what `parseZoom` reads back: a mode name or a percentage.
    const value = typeof setting === 'number' ? formatZoom(setting) : setting;
    const options = PRESETS.some(([v]) => v === value) ? PRESETS : [...PRESETS, [value, value] as [string, string]];
    const current = [...this.zoomSelect.querySelectorAll('vscode-option')].map((o) => o.getAttribute('value')).join('|');
    if (current !== options.map(([v]) => v).join('|')) {
      this.zoomSelect.replaceChildren(...options.map(([v, label]) => el('vscode-option', { text: label, attrs: { value: v } })));
    }
    this.zoomSelect.value = value;
  }
}
