import * as vscode from 'vscode';
import { errorText } from '../core/errorText';

export { errorText };

/** A next step offered with a failure (Retry, Show Git Output, Open in Browser…). */
export interface NextStep {
  readonly label: string;
  readonly run: () => unknown;
}

/**
 * Says what went wrong in an error notification that offers the next steps as buttons (a notification with
 * actions stays until the user acts or closes it), and runs the one the user picks.
 */
export async function showFailure(message: string, steps: readonly NextStep[] = []): Promise<void> {
  const picked = await vscode.window.showErrorMessage(message, ...steps.map((s) => s.label));
  await steps.find((s) => s.label === picked)?.run();
}

/** Shows why a command or a webview's request failed, in an error notification. */
export function showError(error: unknown): void {
  void vscode.window.showErrorMessage(errorText(error));
}

/**
 * A command's body that shows its failure (see `showError`) instead of letting VS Code log it where the user never
 * looks; the command then returns undefined.
 */
export function guarded<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await run(...args);
    } catch (error) {
      showError(error);
      return undefined;
    }
  };
}
