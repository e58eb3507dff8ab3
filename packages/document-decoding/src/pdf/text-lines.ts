/** A run of text where a PDF draws it: its baseline's start (x, y, y upwards) and its size. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
  /** The font size, in the same units. */
  height: number;
}

/** Runs whose baselines differ by less than this share a line (a fraction of the font size). */
const SAME_LINE = 0.5;
/** A gap wider than this between two runs of a line is a space (a fraction of the font size). */
const WORD_GAP = 0.2;

interface Line {
  y: number;
  height: number;
  runs: PlacedText[];
}

const joinRuns = (runs: PlacedText[]): string => {
  let line = "";
  let previous: PlacedText | undefined;
  for (const run of [...runs].sort((a, b) => a.x - b.x)) {
    const gap = previous ? run.x - (previous.x + previous.width) : 0;
    const spaced = /\s$/.test(line) || /^\s/.test(run.text);
    if (previous && !spaced && gap > WORD_GAP * Math.max(run.height, previous.height)) line += " ";
    line += run.text;
    previous = run;
  }
  return line.replace(/\s+/g, " ").trim();
};

/**
 * A page's text runs as lines in reading order: runs whose baselines lie within half a font
 * size of each other form one line, lines go top to bottom, and runs within a line left to
 * right, whatever order the PDF drew them in (a receipt's prices are often drawn in a column
 * of their own, after the items). Empty lines are left out.
 *
 * @example
 * linesInReadingOrder([
 *   { text: "2.50", x: 400, y: 700, width: 24, height: 12 },
 *   { text: "Espresso", x: 72, y: 700, width: 50, height: 12 },
 * ]); // ["Espresso 2.50"]
 */
export const linesInReadingOrder = (runs: readonly PlacedText[]): string[] => {
  const lines: Line[] = [];
  for (const run of [...runs].filter((candidate) => candidate.text.trim()).sort((a, b) => b.y - a.y)) {
    const line = lines.find(
      (candidate) => Math.abs(candidate.y - run.y) < SAME_LINE * Math.max(candidate.height, run.height),
    );
    if (line) line.runs.push(run);
    else lines.push({ y: run.y, height: run.height, runs: [run] });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((line) => joinRuns(line.runs))
    .filter(Boolean);
};
