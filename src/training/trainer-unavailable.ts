/** No Python with PyTorch was found: the message says how to install it. */
export class TrainerUnavailable extends Error {
  override readonly name = "TrainerUnavailable";
  readonly tried: string[];

  constructor(tried: string[]) {
    super(
      `PyTorch not found (tried ${tried.join(", ")}): on Debian run 'apt-get install python3-torch libopenblas0-pthread', ` +
        "elsewhere 'pip install torch'; or set TTPA_PYTHON to a python that has torch",
    );
    this.tried = tried;
  }
}
