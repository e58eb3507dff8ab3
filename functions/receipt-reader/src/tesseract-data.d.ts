/** @tesseract.js-data/eng ships no types: its index.js names its default traineddata folder. */
declare module "@tesseract.js-data/eng" {
  const englishTraineddata: {
    code: "eng";
    gzip: boolean;
    /** The folder of `eng.traineddata.gz`: the package's `4.0.0` (LSTM + legacy engine data). */
    langPath: string;
  };
  export default englishTraineddata;
}
