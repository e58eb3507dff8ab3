export * from "./aws-resources.ts";
export * from "./certificates.ts";
export * from "./delivery-messages.ts";
export * from "./events.ts";
export * from "./free-port.ts";
export * from "./hostile-images.ts";
export * from "./moto.ts";
export * from "./postgres.ts";
