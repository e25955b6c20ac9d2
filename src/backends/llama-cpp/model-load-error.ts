/** A model file llama.cpp could not load: names the file and says what to check. */
export class ModelLoadError extends Error {
  readonly modelPath: string;

  constructor(options: { modelPath: string; problem: string }) {
    super(`${options.modelPath}: ${options.problem}`);
    this.modelPath = options.modelPath;
  }
}
