/** One line of OCR text, in reading order; confidence 0-100 as tesseract and Textract give it. */
export interface OcrLine {
  text: string;
  confidence: number;
}
