import * as vscode from 'vscode';

/** The words of an error, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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
