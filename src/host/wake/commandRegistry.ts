import * as vscode from 'vscode';

/** A command's handler, as `vscode.commands.registerCommand` takes it (its arguments are whatever a caller passes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code's own type for a command's callback
export type CommandHandler = (...args: any[]) => unknown;

/**
 * The commands the module VS Code loads at activation (src/extension.ts) registered already, each waking the services
 * on its first run and then calling the handler the services gave for it here. Set by `useActivationCommands`.
 */
let activationCommands: Map<string, CommandHandler | undefined> | undefined;

/** The commands registered at activation: the services' handlers for them go to this table, not to VS Code. */
export function useActivationCommands(table: Map<string, CommandHandler | undefined>): void {
  activationCommands = table;
}

/**
 * `vscode.commands.registerCommand` for the services: a command registered at activation gets its handler here
 * (registering it again would throw); any other is registered with VS Code.
 */
export function registerCommand(id: string, handler: CommandHandler): vscode.Disposable {
  const table = activationCommands;
  if (!table?.has(id)) return vscode.commands.registerCommand(id, handler);
  table.set(id, handler);
  return {
    dispose: () => {
      if (table.get(id) === handler) table.set(id, undefined);
    },
  };
}
