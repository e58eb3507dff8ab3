// pdfjs-dist publishes no types for its worker module: importing it is for its side effect.
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs";
