/*
 * Reading a receipt's fields. Both readers answer in Textract's AnalyzeExpense shape (Textract
 * itself, and the offline reader through analyzeExpenseOfText), and one normaliser turns either
 * answer into the workflow's reading.
 */
export { analyzeExpenseOfText } from "./analyze-expense-of-text.ts";
export { ReaderThrottledError, ReceiptUnreadableError } from "./errors.ts";
export { normaliseExpense } from "./normalise-expense.ts";
export type { OcrLine } from "./ocr-line.ts";
export { fieldsRead, readOriginal, readRequestOf } from "./reader-task.ts";
