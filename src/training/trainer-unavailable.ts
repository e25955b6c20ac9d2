/** No Python with PyTorch was found: the message says how to install it. */
export class TrainerUnavailable extends Error {
  override readonly name = "TrainerUnavailable";
  readonly tried: string[];

  constructor(tried: string[]) {
    super(
      `PyTorch not found (tried ${tried.join(", ")}): run 'bash scripts/setup.sh' to make the project's .venv, ` +
        "or set TTPA_PYTHON to a python where 'pip install -r requirements.txt' was run",
    );
    this.tried = tried;
  }
}
