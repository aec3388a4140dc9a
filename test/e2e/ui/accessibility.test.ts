/**
 * Accessibility of every webview, checked by axe-core (WCAG 2.0/2.1 A and AA and best practices) inside the real
 * webviews in code-server, in the light, dark and high contrast themes: the Papers view with its filters closed and
 * open, the paper view with notes, linked code and related papers, and the PDF reader with each tab of its sidebar.
 * Any critical or serious violation fails the test, with the list of them. One VS Code for all three themes: the
 * theme is switched through the workspace's settings file, which VS Code applies as soon as it changes on disk.
 */
import { strict as assert } from 'node:assert';
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { fixturesDir } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { describeViolations, runAxe, type AxeViolation } from '../support/axe';
import { e2eTimeoutMs } from '../support/env';
import { openPdf, runPaletteCommand } from '../support/pdfReaderUi';
import { startSession, type E2eSession } from '../support/session';
import { abstractTextEnds, openPapersView } from '../support/vscodeUi';

const ATTENTION = 'arxiv_1706.03762v5_attention.pdf';
const MAMBA = 'Mamba: Linear-Time Sequence Modeling';
const PASSAGE = 'a key weakness of such models is their inability to perform content-based reasoning';
const CODE_NOTE = [
  '',
  '## model.py:7-8',
  '<!-- marginalia:note id=axecode1 kind=code path=model.py lines=7-8 -->',
  '',
  '```python',
  'def selective_scan(xs, a=0.9):',
  '    """Runs h_t = a * h_{t-1} + x_t over a sequence and returns every state."""',
  '```',
  '',
  'The scan of the selective SSM.',
  '',
].join('\n');

const themes = [
  ['light', 'Default Light Modern', 'vscode-light'],
  ['dark', 'Default Dark Modern', 'vscode-dark'],
  ['high contrast', 'Default High Contrast', 'vscode-high-contrast'],
] as const;

describe('Accessibility of the webviews (axe-core in code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession;
  let settingsFile: string;

  before(async () => {
    session = await startSession({ settings: { 'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' } } });
    mkdirSync(join(session.workspace.path, 'pdfs'), { recursive: true });
    copyFileSync(join(fixturesDir, 'pdf', ATTENTION), join(session.workspace.path, 'pdfs', ATTENTION));
    mkdirSync(join(session.workspace.path, '.vscode'), { recursive: true });
    settingsFile = join(session.workspace.path, '.vscode', 'settings.json');
  });

  after(async () => {
    if (settingsFile) rmSync(settingsFile, { force: true });
    await session?.dispose();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'a11y-failed');
  });

  /**
   * Selects `text` in the paper view's abstract by dragging the mouse across it (the sequential focus navigation
   * starting point goes there, as it does for a user).
   */
  async function selectInAbstract(frame: Frame, text: string): Promise<void> {
    const at = await abstractTextEnds(frame, text);
    assert.ok(at, `"${text}" is in one text node of the abstract`);
    const box = (await (await frame.frameElement()).boundingBox())!;
    const { page } = session.workbench;
    await page.mouse.move(box.x + at.x1, box.y + at.y1);
    await page.mouse.down();
    await page.mouse.move(box.x + at.x2, box.y + at.y2, { steps: 8 });
    await page.mouse.up();
  }

  /** Runs axe in `frame` and returns what it found, labelled with `where`. */
  async function check(found: Map<string, AxeViolation[]>, where: string, frame: Frame, background: Parameters<typeof runAxe>[1]): Promise<void> {
    const violations = await runAxe(frame, background);
    found.set(where, violations);
  }

  /** The paper view of Mamba, with a general note (added once) and its linked code and related papers shown. */
  async function openMambaPaper(): Promise<Frame> {
    const papers = await openPapersView(session.workbench);
    await papers.locator('.paper .title', { hasText: MAMBA }).first().click();
    const frame = await session.workbench.webviewFrame('.paper-view h1.title');
    if ((await frame.locator('.notes-list.general .note-card').count()) === 0) {
      await frame.locator('vscode-button.add-general-note').click();
      const editor = frame.locator('.notes-list.general textarea.note-editor');
      await editor.fill('A **general** note, checked by axe.');
      await editor.press('Control+Enter');
    }
    await frame.locator('.notes-list.general .note-card:not(.editing)', { hasText: 'checked by axe' }).waitFor();
    if ((await frame.locator('.workspace-links .code-link').count()) === 0) {
      // A code note, as "Link Selection to Paper" writes it: it shows under "In this workspace".
      const folder = join(session.workspace.path, 'papers');
      const file = join(
        folder,
        readdirSync(folder).find((name) => name.endsWith('.md'))!,
      );
      appendFileSync(file, CODE_NOTE);
    }
    await frame.locator('.workspace-links .code-link', { hasText: 'model.py' }).waitFor();
    await frame.locator('.related li').first().waitFor();
    return frame;
  }

  it('shows focus and keeps every action in reach of the keyboard', async () => {
    const { page } = session.workbench;
    writeFileSync(settingsFile, JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern' }, null, 2));
    const papers = await openPapersView(session.workbench);
    await papers.waitForFunction(() => document.body.classList.contains('vscode-dark'));

    // The filter toggle, on: focused, it must look different from unfocused.
    const filterButton = papers.locator('vscode-toolbar-button[icon="filter"]');
    if (await papers.locator('.filters').isHidden()) await filterButton.click();
    await papers.locator('.filters').waitFor();
    await papers.locator('vscode-textfield.search input').focus();
    const ring = () => filterButton.evaluate((node) => getComputedStyle(node).outlineStyle + ' ' + getComputedStyle(node).outlineColor);
    const unfocused = await ring();
    await page.keyboard.press('Tab');
    assert.ok(await filterButton.evaluate((node) => node.matches(':focus-within')), 'Tab from the search box reaches the filter toggle');
    const focused = await ring();
    assert.notEqual(focused, unfocused, 'the filter toggle, on, shows that it has focus');
    await session.workbench.screenshot('a11y-focus-filter-toggle-on');

    // Tab through the date fields (month, day, year): nothing scrolls sideways, the fields and labels stay in view.
    await papers.locator('vscode-checkbox').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    assert.ok(
      await papers.locator('vscode-textfield[aria-label="From date"]').evaluate((node) => node.matches(':focus-within')),
      'Tab from "Has code" reaches the From date',
    );
    const scrolled = await papers.evaluate(() => {
      const boxes = [document.scrollingElement!, document.body, document.querySelector('.top')!, document.querySelector('.filters')!];
      const field = document.querySelector('vscode-textfield[aria-label="From date"]')!.getBoundingClientRect();
      const label = document.querySelector('.filters .field > span')!.getBoundingClientRect();
      return { scrollLeft: boxes.map((b) => b.scrollLeft), labelLeft: label.left, fieldRight: field.right, width: document.documentElement.clientWidth };
    });
    assert.deepEqual(scrolled.scrollLeft, [0, 0, 0, 0], 'the sidebar did not scroll sideways');
    assert.ok(scrolled.labelLeft >= 0, `the date field's label is in view (left ${scrolled.labelLeft})`);
    assert.ok(scrolled.fieldRight <= scrolled.width, `the date field fits the view (right ${scrolled.fieldRight} of ${scrolled.width})`);
    await session.workbench.screenshot('a11y-focus-date-field');
    await filterButton.click();

    // "Add note" on a selected passage: Tab reaches the button, and Ctrl+Alt+N (a command) notes the selection.
    const paper = await openMambaPaper();
    await selectInAbstract(paper, PASSAGE);
    const add = paper.locator('.add-note-float.visible');
    await add.waitFor();
    await paper.locator('.visually-hidden[role="status"]', { hasText: 'Passage selected' }).waitFor();
    await page.keyboard.press('Tab');
    assert.ok(await add.evaluate((node) => node === document.activeElement), 'Tab from the selected passage reaches "Add note"');
    await session.workbench.screenshot('a11y-focus-add-note');
    await page.keyboard.press('Control+Alt+N');
    const editor = paper.locator('.margin textarea.note-editor');
    await editor.waitFor();
    assert.equal((await paper.locator('mark.note-mark.draft').allTextContents()).join(''), PASSAGE, 'the draft is on the selected passage');
    await paper.locator('.visually-hidden[role="status"]', { hasText: 'New note on the selected passage' }).waitFor();
    await editor.fill('Noted from the keyboard.');
    await editor.press('Control+Enter');
    await paper.locator('.margin .note-card:not(.editing)', { hasText: 'Noted from the keyboard.' }).waitFor();
    await paper.locator('.visually-hidden[role="status"]', { hasText: 'Note saved' }).waitFor();
    await runPaletteCommand(page, 'View: Close All Editors');
  });

  for (const [name, theme, bodyClass] of themes) {
    it(`finds no critical or serious violation in the ${name} theme`, async () => {
      const started = Date.now();
      writeFileSync(settingsFile, JSON.stringify({ 'workbench.colorTheme': theme }, null, 2));
      const found = new Map<string, AxeViolation[]>();

      const papers = await openPapersView(session.workbench);
      await papers.waitForFunction((cls) => document.body.classList.contains(cls), bodyClass);
      await check(found, 'Papers view', papers, '--vscode-sideBar-background');
      const filterButton = papers.locator('vscode-toolbar-button[icon="filter"]');
      if (await papers.locator('.filters').isHidden()) await filterButton.click();
      await papers.locator('.filters').waitFor();
      await check(found, 'Papers view, filters open', papers, '--vscode-sideBar-background');
      // Sorted by this workspace, each row has a why line (model.py cites the Mamba paper).
      const sort = papers.locator('vscode-single-select[aria-label="Sort by"]');
      await sort.click();
      await sort.getByRole('option', { name: 'Relevant to this workspace' }).click();
      await papers.locator('.vl-row[aria-posinset="1"] .why-line', { hasText: /^Why: cites 2312\.00752/ }).waitFor();
      await check(found, 'Papers view, sorted by this workspace', papers, '--vscode-sideBar-background');
      await sort.click();
      await sort.getByRole('option', { name: 'Relevance', exact: true }).click();
      await papers.locator('.status', { hasText: /^\d+ papers(?!.*Ranked by)/ }).waitFor();
      await filterButton.click();
      await papers.locator('.filters').waitFor({ state: 'hidden' });

      const paper = await openMambaPaper();
      await paper.waitForFunction((cls) => document.body.classList.contains(cls), bodyClass);
      await check(found, 'paper view', paper, '--vscode-editor-background');

      const reader = await openPdf(session.workbench, ATTENTION);
      await reader.waitForFunction((cls) => document.body.classList.contains(cls), bodyClass);
      if (await reader.locator('aside.sidebar').isHidden()) await reader.locator('vscode-toolbar-button[icon="layout-sidebar-left"]').click();
      await reader.locator('aside.sidebar').waitFor();
      for (const [index, tab] of ['outline', 'pages', 'highlights'].entries()) {
        await reader.locator('vscode-tab-header').nth(index).click();
        await reader.locator('vscode-tab-panel').nth(index).waitFor();
        if (tab === 'outline') await reader.locator('vscode-tree-item').first().waitFor();
        if (tab === 'pages') await reader.locator('.thumb').first().waitFor();
        await check(found, `PDF reader, ${tab} tab`, reader, '--vscode-editor-background');
      }
      await session.workbench.screenshot(`a11y-${name.replace(' ', '-')}`);
      await runPaletteCommand(session.workbench.page, 'View: Close All Editors');

      const report = [...found]
        .filter(([, v]) => v.length > 0)
        .map(([where, v]) => `${where}:\n${describeViolations(v)}`)
        .join('\n');
      if (report) console.log(`      axe-core in the ${name} theme:\n${report}`);
      console.log(`      ${found.size} axe-core runs in the ${name} theme took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const blocking = [...found].flatMap(([where, v]) => v.filter((x) => x.impact === 'critical' || x.impact === 'serious').map((x) => ({ where, ...x })));
      assert.deepEqual(
        blocking.map((b) => `${b.where}: ${b.id}`),
        [],
        `critical or serious axe-core violations in the ${name} theme:\n${blocking.map((b) => `${b.where}:\n${describeViolations([b])}`).join('\n')}`,
      );
    });
  }
});
