export * from "./free-port.ts";
export * from "./moto.ts";
