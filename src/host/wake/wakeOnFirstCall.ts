import type * as vscode from 'vscode';
import { errorText } from '../../core/errorText';

/** Services built on the first call that needs them (see src/extension.ts and ./forwarders.ts). */
export interface Waker<S> {
  /** The services, built on the first call. */
  (): S;
  /** Whether they are built. */
  readonly awake: () => boolean;
  /** Whether they failed to start (every call throws why). */
  readonly failed: () => boolean;
  /** Runs `then` with the services as soon as they are built (now, if they are); what it returns is disposed with them. */
  readonly whenAwake: (then: (services: S) => vscode.Disposable | undefined) => void;
}

export interface WakeOptions<S> {
  /** Builds the services; may throw. */
  readonly start: () => S;
  /** Tells the user the services could not start: called once, with the error every later call throws. */
  readonly sayFailure: (error: Error) => void;
  /** Keeps what a `whenAwake` callback returned, to be disposed with the extension. */
  readonly keep: (disposable: vscode.Disposable) => void;
}

/**
 * The services behind every way in, built once on the first call that needs them. A start that fails is said once
 * and its error thrown again on each later call: never half-built again on each call (a second start after a partial
 * one would register commands and providers twice).
 */
export function wakeOnFirstCall<S>(options: WakeOptions<S>): Waker<S> {
  let services: S | undefined;
  let failure: Error | undefined;
  const waiting: Array<(services: S) => vscode.Disposable | undefined> = [];
  const run = (then: (services: S) => vscode.Disposable | undefined, built: S) => {
    const disposable = then(built);
    if (disposable) options.keep(disposable);
  };
  const wake = (): S => {
    if (failure) throw failure;
    if (services === undefined) {
      try {
        services = options.start();
      } catch (error) {
        failure = new Error(`Marginalia could not start: ${errorText(error)}`, { cause: error });
        options.sayFailure(failure);
        throw failure;
      }
      for (const then of waiting.splice(0)) run(then, services);
    }
    return services;
  };
  return Object.assign(wake, {
    awake: () => services !== undefined,
    failed: () => failure !== undefined,
    whenAwake: (then: (services: S) => vscode.Disposable | undefined) => {
      if (services === undefined) waiting.push(then);
      else run(then, services);
    },
  });
}
