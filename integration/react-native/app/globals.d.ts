// The globals the app gets on the Hermes VM: the VM's own and InitializeCore's (app/host).
declare function setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): number;
declare function clearImmediate(id: number): void;
declare function print(...values: unknown[]): void;
