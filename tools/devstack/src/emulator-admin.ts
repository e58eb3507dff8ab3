/**
 * Client settings of the emulator's administrator: the stack's own bookkeeping (reading the
 * account, watching DLQs, the demo's observations) straight to moto. Never a function's calls:
 * those carry their role's credentials through the IAM gate.
 */
export const emulatorAdmin = (endpoint: string, region: string) => ({
  endpoint,
  region,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
